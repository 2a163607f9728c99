/**
 * Replaces what lies between the markers of section `name` in `text` with `content`,
 * keeping the markers and everything outside them. Throws when the markers are
 * missing, repeated or out of order, naming them, so a README is never half rewritten.
 */
export function replaceSection(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from || text.indexOf(start, from + 1) !== -1 || text.indexOf(end, to + 1) !== -1) {
    throw new Error(`expected exactly one "${start}" followed by one "${end}"`);
  }
  return `${text.slice(0, from + start.length)}\n${content.trim()}\n${text.slice(to)}`;
}
