import { RE2JS } from "@bufbuild/re2";
import { expect } from "chai";
import { regexMatch, runsNatively } from "./regex-match.js";

/** Inputs that tell engines apart: line breaks, Unicode letters and spaces, astral characters, empty. */
const INPUTS = ["", "42", "user-42_a.b:c@d", "a b", "a\nb", "a\rb", "x\u2028y", "é", "ß1", "\u00a0", "😀", "😀😀", "0", "007", "10", "-", "a".repeat(128), "a".repeat(129), "A-Z", "[]", "a|b"];

describe("regexMatch (protovalidate's patterns)", () => {
  it("runs the contracts' patterns natively, with RE2's verdict on every input", () => {
    for (const pattern of ["^[A-Za-z0-9_.:@-]*$", "^[1-9][0-9]*$", "^[A-Za-z0-9_.:@-]{1,128}$", "^(?:ab|cd)+$", "^\\d{2,3}\\b", "^[^\\]x]+$", "^\\w+\\.\\w+$"]) {
      expect(runsNatively(pattern), pattern).to.equal(true);
      for (const input of INPUTS) expect(regexMatch(pattern, input), `${pattern} on ${JSON.stringify(input)}`).to.equal(RE2JS.compile(pattern).test(input));
    }
  });

  it("leaves to RE2 the constructs the engines read differently, and agrees with it there", () => {
    for (const pattern of ["^.+$", "^\\s*$", "(?i)^abc$", "^\\pL+$", "^[[:alpha:]]+$", "a\\z", "^\\S+$", "(?P<n>a)", "^A\\-Z$"]) {
      expect(runsNatively(pattern), pattern).to.equal(false);
      for (const input of INPUTS) expect(regexMatch(pattern, input), `${pattern} on ${JSON.stringify(input)}`).to.equal(RE2JS.compile(pattern).test(input));
    }
  });

  it("leaves to RE2 a pattern a JavaScript RegExp refuses", () => {
    expect(regexMatch("^[\\d-z]+$", "1-z")).to.equal(RE2JS.compile("^[\\d-z]+$").test("1-z"));
  });

  it("refuses what RE2 refuses", () => {
    expect(() => regexMatch("(a", "a")).to.throw();
    expect(() => regexMatch("a(?=b)", "ab")).to.throw();
  });
});
