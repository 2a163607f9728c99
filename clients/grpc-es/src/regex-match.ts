import { RE2JS } from "@bufbuild/re2";

/**
 * A pattern RE2 and JavaScript's `RegExp` (with the `u` flag) read alike: anchors,
 * literals, escaped metacharacters, `\d` `\D` `\w` `\W` `\b` `\B` (ASCII in both),
 * character classes of those, quantifiers, alternation and groups, `(?:` included.
 * Left out are the constructs whose meaning differs: `.` (JavaScript's stops at `\r`
 * and U+2028/9 too), `\s` (Unicode whitespace in JavaScript, ASCII in RE2), flags
 * and named groups (`(?i)`, `(?P<n>`), Unicode and POSIX classes, `\z`, `\A`, `\Q`,
 * and `\-` outside a class (an error in a `u` RegExp).
 */
const PORTABLE = /^(?:\\[dDwWbB\\.[\]{}()*+?^$|/]|\[\^?(?:\\[dDwW\\\-[\]^]|[^\\\]\[])+\]|\(\?:|\((?!\?)|[)|^$*+?]|\{\d+(?:,\d*)?\}|[A-Za-z0-9 _:@#%&=<>!,;'"~`/-])*$/;

/**
 * Compiled patterns by source. A schema's patterns are few and fixed, but a CEL rule
 * may build a pattern from the message (`this.matches(this.other)`), so the cache is
 * emptied when it reaches {@link MAX_COMPILED}, as protovalidate's own RE2 cache is.
 */
const compiled = new Map<string, (against: string) => boolean>();
/** How many compiled patterns are kept at most. */
const MAX_COMPILED = 1024;

/** `pattern` as a `u` RegExp, or undefined where JavaScript refuses what RE2 may accept (`[\\d-x]`). */
function nativeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
}

function compile(pattern: string): (against: string) => boolean {
  if (PORTABLE.test(pattern)) {
    const native = nativeRegExp(pattern);
    if (native !== undefined) return (against) => native.test(against);
  }
  const re2 = RE2JS.compile(pattern);
  return (against) => re2.test(against);
}

/**
 * protovalidate's `regexMatch`: RE2 semantics, as its rules promise, at the speed of the
 * platform's `RegExp` where that is the same thing. A pattern within the syntax both
 * engines read alike (see `PORTABLE`) runs as a `RegExp`; any other runs in RE2, as
 * protovalidate's default does. For the contracts' simple patterns (an id's characters
 * and length) this is several times faster than matching them in RE2's JavaScript port.
 */
export function regexMatch(pattern: string, against: string): boolean {
  let match = compiled.get(pattern);
  if (match === undefined) {
    match = compile(pattern);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, match);
  }
  return match(against);
}

/** Whether {@link regexMatch} runs `pattern` as a platform `RegExp` (for the spec). */
export function runsNatively(pattern: string): boolean {
  return PORTABLE.test(pattern);
}
