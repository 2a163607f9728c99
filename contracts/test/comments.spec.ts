import { expect } from "chai";
import { bufOk } from "./workspace.js";

interface Location {
  path?: number[];
  leadingComments?: string;
}
interface Named {
  name: string;
}
interface MessageJson extends Named {
  field?: Named[];
  nestedType?: MessageJson[];
  enumType?: EnumJson[];
}
interface EnumJson extends Named {
  value?: Named[];
}
interface FileJson {
  name: string;
  messageType?: MessageJson[];
  enumType?: EnumJson[];
  service?: (Named & { method?: Named[] })[];
  sourceCodeInfo?: { location?: Location[] };
}

// Field numbers of descriptor.proto, which make up source-info paths.
const FILE_MESSAGE = 4, FILE_ENUM = 5, FILE_SERVICE = 6;
const MESSAGE_FIELD = 2, MESSAGE_NESTED = 3, MESSAGE_ENUM = 4, ENUM_VALUE = 2, SERVICE_METHOD = 2;

/** Every element of a file with its source-info path, in declaration order. */
function elements(file: FileJson): { name: string; path: number[] }[] {
  const found: { name: string; path: number[] }[] = [];
  const enums = (list: EnumJson[] | undefined, path: number[], scope: string) =>
    list?.forEach((e, i) => {
      found.push({ name: `${scope}${e.name}`, path: [...path, i] });
      e.value?.forEach((v, j) => found.push({ name: `${scope}${e.name}.${v.name}`, path: [...path, i, ENUM_VALUE, j] }));
    });
  const messages = (list: MessageJson[] | undefined, path: number[], scope: string) =>
    list?.forEach((m, i) => {
      const here = [...path, i];
      found.push({ name: `${scope}${m.name}`, path: here });
      m.field?.forEach((f, j) => found.push({ name: `${scope}${m.name}.${f.name}`, path: [...here, MESSAGE_FIELD, j] }));
      messages(m.nestedType, [...here, MESSAGE_NESTED], `${scope}${m.name}.`);
      enums(m.enumType, [...here, MESSAGE_ENUM], `${scope}${m.name}.`);
    });
  messages(file.messageType, [FILE_MESSAGE], "");
  enums(file.enumType, [FILE_ENUM], "");
  file.service?.forEach((s, i) => {
    found.push({ name: s.name, path: [FILE_SERVICE, i] });
    s.method?.forEach((m, j) => found.push({ name: `${s.name}.${m.name}`, path: [FILE_SERVICE, i, SERVICE_METHOD, j] }));
  });
  return found;
}

/** The comment a reader sees: the leading comment without lint directives. */
function readableComment(location: Location | undefined): string {
  return (location?.leadingComments ?? "")
    .split("\n")
    .filter((line) => !line.includes("buf:lint:ignore"))
    .join(" ")
    .trim();
}

describe("contract documentation", () => {
  const image = JSON.parse(bufOk(["build", "--exclude-imports", "-o", "-#format=json"])) as { file: FileJson[] };

  it("covers both API versions", () => {
    expect(image.file.map((f) => f.name)).to.include.members([
      "recommendations/v1/recommendations.proto",
      "recommendations/v2/recommendations.proto",
    ]);
  });

  for (const file of image.file) {
    it(`comments every message, field, enum, value, service and RPC of ${file.name}`, () => {
      const byPath = new Map((file.sourceCodeInfo?.location ?? []).map((l) => [(l.path ?? []).join("."), l]));
      const undocumented = elements(file)
        .filter((element) => readableComment(byPath.get(element.path.join("."))).length < 5)
        .map((element) => element.name);
      expect(undocumented).to.deep.equal([]);
    });
  }
});
