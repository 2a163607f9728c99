import { parseArgs } from "node:util";
import { BookCategory } from "@onlinebooks/recommendations-v2";

/** Where the reader ids come from: a range of numbers, or a file with one id per line. */
export type UserSource = { readonly kind: "range"; readonly from: number; readonly to: number } | { readonly kind: "file"; readonly path: string };

/** What one run of the job does, from its arguments and environment. */
export interface NewsletterConfig {
  /** `--target`, else `RECOMMENDATIONS_TARGET`, else `localhost:50051`. */
  readonly target: string;
  /** `--users FROM-TO` or `--users-file PATH`. */
  readonly users: UserSource;
  /** `--category NAME` (repeatable); empty = every category. */
  readonly categories: readonly BookCategory[];
  /** `--books N`: books per reader, 1–100 (default 5). */
  readonly books: number;
  /** `--output PATH`; undefined = standard output. */
  readonly output: string | undefined;
}

/** A bad command line: the message says what is wrong, in one line. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The command's help text. */
export const USAGE = `usage: npm run newsletter -- (--users FROM-TO | --users-file PATH) [options]

Writes one JSON line per reader: {"userId", "recommendations"} or {"userId", "error"}.

  --users FROM-TO      readers FROM to TO (whole numbers), e.g. 1-100000
  --users-file PATH    one reader id per line (blank lines and lines starting with # are skipped)
  --category NAME      recommend from this category (repeatable), e.g. MYSTERY; default: all
  --books N            books per reader, 1 to 100 (default 5)
  --output PATH        write the JSON Lines there instead of to standard output
  --target HOST:PORT   the Recommendations service (default: $RECOMMENDATIONS_TARGET or localhost:50051)
  --help               this text
`;

/**
 * Reads the job's configuration from its command-line arguments and the environment
 * (`RECOMMENDATIONS_TARGET`); the only reader of `process.env` in this package.
 * Returns `"help"` for `--help`; throws a {@link UsageError} for anything it cannot use.
 */
export function loadConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): NewsletterConfig | "help" {
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(argv));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return "help";
  return {
    target: values.target ?? (env["RECOMMENDATIONS_TARGET"] || "localhost:50051"),
    users: userSource(values.users, values["users-file"]),
    categories: (values.category ?? []).map(category),
    books: books(values.books),
    output: values.output,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      users: { type: "string" },
      "users-file": { type: "string" },
      category: { type: "string", multiple: true },
      books: { type: "string" },
      output: { type: "string" },
      target: { type: "string" },
      help: { type: "boolean" },
    },
  });
}

function userSource(range: string | undefined, file: string | undefined): UserSource {
  if ((range === undefined) === (file === undefined)) throw new UsageError("give exactly one of --users FROM-TO and --users-file PATH");
  if (file !== undefined) return { kind: "file", path: file };
  const match = /^(\d{1,15})-(\d{1,15})$/.exec(range ?? "");
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (match === null || from > to) throw new UsageError(`--users must be FROM-TO with whole numbers FROM <= TO, e.g. 1-1000 (got "${range ?? ""}")`);
  return { kind: "range", from, to };
}

function category(name: string): BookCategory {
  const value = (BookCategory as unknown as Record<string, BookCategory | undefined>)[name.toUpperCase()];
  if (value === undefined || value === BookCategory.UNSPECIFIED) {
    const known = Object.keys(BookCategory).filter((key) => Number.isNaN(Number(key)) && key !== "UNSPECIFIED");
    throw new UsageError(`unknown --category "${name}"; one of ${known.join(", ")}`);
  }
  return value;
}

function books(text: string | undefined): number {
  if (text === undefined) return 5;
  const value = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 100)) throw new UsageError(`--books must be a whole number from 1 to 100 (got "${text}")`);
  return value;
}
