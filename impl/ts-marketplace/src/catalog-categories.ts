import { BookCategory as V1Category } from "@onlinebooks/recommendations-v1";
import { BookCategory as V2Category } from "@onlinebooks/recommendations-v2";

/** One category of books as the site shows it: URL slug, names and its number in each API version. */
export interface SiteCategory {
  /** The URL segment of the category page, for example `science-fiction`. */
  readonly slug: string;
  /** The name shown to readers, for example `Science fiction`. */
  readonly name: string;
  /** The category in recommendations.v1, or `undefined` when v1 does not know it. */
  readonly v1: V1Category | undefined;
  /** The category in recommendations.v2. */
  readonly v2: V2Category;
}

/**
 * Every category the site knows, in the order the pages list them. The first three are
 * the original v1 categories; the homepage features them on every API version so that
 * readers on v1 and v2 see the same page and shadow comparisons are like for like.
 */
export const SITE_CATEGORIES: readonly SiteCategory[] = [
  { slug: "mystery", name: "Mystery", v1: V1Category.MYSTERY, v2: V2Category.MYSTERY },
  { slug: "science-fiction", name: "Science fiction", v1: V1Category.SCIENCE_FICTION, v2: V2Category.SCIENCE_FICTION },
  { slug: "self-help", name: "Self-help", v1: V1Category.SELF_HELP, v2: V2Category.SELF_HELP },
  { slug: "fantasy", name: "Fantasy", v1: undefined, v2: V2Category.FANTASY },
  { slug: "history", name: "History", v1: undefined, v2: V2Category.HISTORY },
  { slug: "biography", name: "Biography and memoir", v1: undefined, v2: V2Category.BIOGRAPHY },
  { slug: "popular-science", name: "Popular science", v1: undefined, v2: V2Category.POPULAR_SCIENCE },
  { slug: "literary-fiction", name: "Literary fiction", v1: undefined, v2: V2Category.LITERARY_FICTION },
  { slug: "horror", name: "Horror", v1: undefined, v2: V2Category.HORROR },
  { slug: "romance", name: "Romance", v1: undefined, v2: V2Category.ROMANCE },
];

/** The categories featured on the homepage: the three every API version serves. */
export const HOMEPAGE_CATEGORIES: readonly SiteCategory[] = SITE_CATEGORIES.filter((c) => c.v1 !== undefined);

/** The site category with URL slug `slug`, or `undefined`. */
export function findCategory(slug: string): SiteCategory | undefined {
  return SITE_CATEGORIES.find((category) => category.slug === slug);
}
