import { DockerfileParser, ModifiableInstruction, type Instruction } from "dockerfile-ast";

/** One instruction of a Dockerfile, reduced to what the specs check. */
export interface DockerInstruction {
  /** Upper-case keyword, e.g. `COPY`. */
  readonly keyword: string;
  /** The arguments after the flags, with line continuations joined. */
  readonly args: readonly string[];
  /** The flags (`--from=build` → `from` → `build`). */
  readonly flags: ReadonlyMap<string, string>;
  /** The 1-based line, for messages. */
  readonly line: number;
}

/** One build stage: its `FROM` and the instructions up to the next `FROM`. */
export interface DockerStage {
  /** The stage name after `AS`, or undefined. */
  readonly name: string | undefined;
  /** The image the stage starts from, as written (may contain `${ARG}`). */
  readonly from: string;
  readonly instructions: readonly DockerInstruction[];
}

/**
 * Parses a Dockerfile with dockerfile-ast (the parser of the Dockerfile language server)
 * and splits it into build stages.
 */
export function parseStages(content: string): DockerStage[] {
  const stages: { name: string | undefined; from: string; instructions: DockerInstruction[] }[] = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    const parsed = toInstruction(instruction);
    if (parsed.keyword === "FROM") {
      const asIndex = parsed.args.findIndex((arg) => arg.toUpperCase() === "AS");
      stages.push({ name: asIndex >= 0 ? parsed.args[asIndex + 1] : undefined, from: parsed.args[0] ?? "", instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(parsed);
    }
  }
  return stages;
}

function toInstruction(instruction: Instruction): DockerInstruction {
  const flagList = instruction instanceof ModifiableInstruction ? instruction.getFlags() : [];
  const flags = new Map(flagList.map((flag) => [flag.getName(), flag.getValue() ?? ""] as const));
  return {
    keyword: instruction.getKeyword().toUpperCase(),
    args: instruction.getArguments().map((argument) => argument.getValue()),
    flags,
    line: (instruction.getRange()?.start.line ?? 0) + 1,
  };
}

/**
 * The Dockerfile as `docker build --build-arg NAME=value` sees it: every `${NAME}` of the
 * given arguments replaced by its value (the only form of reference these Dockerfiles use).
 */
export function withBuildArgs(content: string, args: Readonly<Record<string, string>>): string {
  return Object.entries(args).reduce((text, [name, value]) => text.replaceAll(`\${${name}}`, value), content);
}

/**
 * The stages the image is made of, base first: the last stage, the stage it starts
 * `FROM`, and so on back to the first that starts from an image rather than a stage.
 */
export function imageStages(stages: readonly DockerStage[]): DockerStage[] {
  const chain: DockerStage[] = [];
  let stage = stages.at(-1);
  while (stage !== undefined && !chain.includes(stage)) {
    chain.unshift(stage);
    const base = stage.from;
    stage = stages.find((s) => s.name === base);
  }
  return chain;
}
