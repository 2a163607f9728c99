import { bufOk, buf } from "./buf.js";

/**
 * How one `.proto` file of the module differs from the released contract:
 * `comments` when only comments changed, `compatible` for changes the breaking check
 * accepts (new fields, messages, RPCs, options), `breaking` when it reports the file.
 */
export type FileChange = "unchanged" | "comments" | "compatible" | "added" | "deleted" | "breaking";

/** The module's files compared with the released contract, and the breaking check's verdict. */
export interface ContractDiff {
  /** Every file of either side, by path (`recommendations/v2/recommendations.proto`). */
  readonly files: ReadonlyMap<string, FileChange>;
  /** Breaking findings that name no file: they count against every package. */
  readonly unattributedBreaking: readonly string[];
}

/** Where the module and the released image are. */
export interface DiffContractOptions {
  /** The buf module directory (`contracts/`, or a copy of it). */
  contractsDir: string;
  /** The buf image of the released contract (absolute path). */
  releasedImage: string;
}

interface ImageFileJson {
  name: string;
  sourceCodeInfo?: unknown;
  bufExtension?: { isImport?: boolean };
}

interface BreakingFinding {
  path?: string;
  type: string;
  message: string;
}

/** The module's own files of a buf image (imports left out), without buf's own extension. */
function moduleFiles(imageJson: string): Map<string, ImageFileJson> {
  const image = JSON.parse(imageJson) as { file?: ImageFileJson[] };
  const files = new Map<string, ImageFileJson>();
  for (const { bufExtension, ...file } of image.file ?? []) {
    if (bufExtension?.isImport !== true) files.set(file.name, file);
  }
  return files;
}

function withoutComments(file: ImageFileJson): string {
  const { sourceCodeInfo: _comments, ...rest } = file;
  return JSON.stringify(rest);
}

/** Runs `buf breaking` (FILE rules of buf.yaml) against the released image and returns its findings. */
function breakingFindings(options: DiffContractOptions): BreakingFinding[] {
  const result = buf(["breaking", "--against", options.releasedImage, "--error-format", "json"], options.contractsDir);
  if (result.status === 0) return [];
  const lines = result.output.split("\n").filter((line) => line.startsWith("{"));
  if (result.status !== 100 || lines.length === 0) throw new Error(`buf breaking failed:\n${result.output}`);
  return lines.map((line) => JSON.parse(line) as BreakingFinding);
}

/**
 * Compares the module with the released contract, file by file: whether each file was
 * added, deleted, reported by the breaking check, changed compatibly, changed only in
 * its comments, or left alone.
 */
export function diffContract(options: DiffContractOptions): ContractDiff {
  const current = moduleFiles(bufOk(["build", "-o", "-#format=json"], options.contractsDir));
  const released = moduleFiles(bufOk(["build", options.releasedImage, "-o", "-#format=json"], options.contractsDir));
  const findings = breakingFindings(options);
  const breakingFiles = new Set(findings.flatMap((f) => (f.path === undefined ? [] : [f.path])));
  const files = new Map<string, FileChange>();
  for (const [name, file] of current) {
    const before = released.get(name);
    if (before === undefined) files.set(name, "added");
    else if (breakingFiles.has(name)) files.set(name, "breaking");
    else if (JSON.stringify(file) === JSON.stringify(before)) files.set(name, "unchanged");
    else files.set(name, withoutComments(file) === withoutComments(before) ? "comments" : "compatible");
  }
  for (const name of released.keys()) if (!current.has(name)) files.set(name, "deleted");
  // A deleted file is reported without a path (FILE_NO_DELETE); it is attributed above.
  const unattributedBreaking = findings.filter((f) => f.path === undefined && f.type !== "FILE_NO_DELETE").map((f) => f.message);
  return { files, unattributedBreaking };
}
