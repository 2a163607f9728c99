/**
 * The categories the catalog knows, in the order of the v2 `BookCategory` enum. The
 * names are the v2 enum names without the `BOOK_CATEGORY_` prefix; v1 knows only the
 * first three.
 */
export const CATEGORIES = [
  "MYSTERY",
  "SCIENCE_FICTION",
  "SELF_HELP",
  "FANTASY",
  "HISTORY",
  "BIOGRAPHY",
  "POPULAR_SCIENCE",
  "LITERARY_FICTION",
  "HORROR",
  "ROMANCE",
] as const;

/** One category of books, for example `"SCIENCE_FICTION"`. */
export type Category = (typeof CATEGORIES)[number];

/** The English name shown to readers for each category. */
export const CATEGORY_DISPLAY_NAMES: Readonly<Record<Category, string>> = {
  MYSTERY: "Mystery",
  SCIENCE_FICTION: "Science fiction",
  SELF_HELP: "Self-help",
  FANTASY: "Fantasy",
  HISTORY: "History",
  BIOGRAPHY: "Biography",
  POPULAR_SCIENCE: "Popular science",
  LITERARY_FICTION: "Literary fiction",
  HORROR: "Horror",
  ROMANCE: "Romance",
};

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

/** Whether `name` is one of {@link CATEGORIES}. */
export function isCategory(name: string): name is Category {
  return CATEGORY_SET.has(name);
}
