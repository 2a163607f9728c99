/** The value after `--name` on the command line, or undefined when the option is absent. */
export function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** `--name` as a number from `min` to `max`, or `fallback` when absent; throws when it is anything else. */
export function numberOption(name: string, fallback: number, min: number, max: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value >= min && value <= max)) throw new Error(`--${name} must be a number from ${min} to ${max}`);
  return value;
}
