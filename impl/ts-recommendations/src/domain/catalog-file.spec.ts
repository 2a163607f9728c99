import { expect } from "chai";
import { DEFAULT_CATALOG_PATH } from "../server/recommendations-server.js";
import { syntheticBooks, writeCatalogFile } from "../testing/fixture-catalog.js";
import { CatalogError, loadCatalogFile, parseCatalog } from "./catalog-file.js";
import type { Book, Catalog } from "./catalog.js";
import { CATEGORIES } from "./category.js";

const SEED_TITLES = [
  "The Maltese Falcon",
  "Murder on the Orient Express",
  "The Hound of the Baskervilles",
  "The Hitchhiker's Guide to the Galaxy",
  "Ender's Game",
  "The Dune Chronicles",
  "The 7 Habits of Highly Effective People",
  "How to Win Friends and Influence People",
  "Man's Search for Meaning",
];

/** Every book of `catalog`, by id. */
function booksById(catalog: Catalog): Map<number, Book> {
  return new Map(CATEGORIES.flatMap((category) => catalog.booksIn(category)).map((book) => [book.id, book]));
}

function problemOf(books: unknown[]): string {
  try {
    parseCatalog(JSON.stringify({ books }), "/x.json");
  } catch (error) {
    expect(error).to.be.instanceOf(CatalogError);
    return (error as Error).message;
  }
  throw new Error("the catalog was accepted");
}

describe("catalog file", () => {
  it("the shipped catalog has at least 300 books in at least 8 categories, the seed's nine books as ids 1-9", async () => {
    const catalog = await loadCatalogFile(DEFAULT_CATALOG_PATH);
    expect(catalog.size).to.be.at.least(300);
    expect(CATEGORIES.filter((category) => catalog.booksIn(category).length > 0).length).to.be.at.least(8);
    for (const category of ["MYSTERY", "SCIENCE_FICTION", "SELF_HELP"] as const) {
      expect(catalog.booksIn(category).length, category).to.be.at.least(10);
    }
    const byId = booksById(catalog);
    expect(SEED_TITLES.map((_, index) => byId.get(index + 1)?.title)).to.deep.equal(SEED_TITLES);
    expect([1, 2, 3].map((id) => byId.get(id)?.category)).to.deep.equal(["MYSTERY", "MYSTERY", "MYSTERY"]);
    expect([4, 5, 6].map((id) => byId.get(id)?.category)).to.deep.equal(Array(3).fill("SCIENCE_FICTION"));
    expect([7, 8, 9].map((id) => byId.get(id)?.category)).to.deep.equal(Array(3).fill("SELF_HELP"));
  });

  it("indexes a valid file by category, in file order", async () => {
    const file = writeCatalogFile({ books: syntheticBooks({ MYSTERY: 2, HORROR: 1 }) });
    try {
      const catalog = await loadCatalogFile(file.path);
      expect(catalog.size).to.equal(3);
      expect(catalog.booksIn("MYSTERY").map((book) => book.id)).to.deep.equal([1, 2]);
      expect(catalog.booksIn("ROMANCE")).to.deep.equal([]);
      expect(booksById(catalog).get(3)?.category).to.equal("HORROR");
    } finally {
      file.remove();
    }
  });

  it("names the file when it is missing or not JSON", async () => {
    let message = "";
    await loadCatalogFile("/nonexistent/catalog.json").catch((error: Error) => (message = error.message));
    expect(message).to.match(/^catalog \/nonexistent\/catalog\.json: cannot be read \(ENOENT/);
    const file = writeCatalogFile("{ not json");
    try {
      await loadCatalogFile(file.path).catch((error: Error) => (message = error.message));
      expect(message).to.match(new RegExp(`^catalog ${file.path}: is not valid JSON \\(`));
      expect(message).to.not.include("\n");
    } finally {
      file.remove();
    }
  });

  it("rejects each malformed entry with one line naming the entry and the problem", () => {
    const good = { id: 1, title: "T", authors: ["A"], year: 1930, category: "MYSTERY" };
    const cases: Array<[unknown[], string]> = [
      [[], `catalog /x.json: "books" must hold at least one book`],
      [[good, "x"], "catalog /x.json: books[1] must be an object"],
      [[{ ...good, id: 0 }], "catalog /x.json: books[0].id must be an integer from 1 to 2147483647"],
      [[{ ...good, id: 2 ** 31 }], "catalog /x.json: books[0].id must be an integer from 1 to 2147483647"],
      [[good, { ...good }], "catalog /x.json: books[1].id 1 is already the id of books[0]"],
      [[{ ...good, title: " " }], "catalog /x.json: books[0].title must be a non-empty string"],
      [[{ ...good, authors: [] }], "catalog /x.json: books[0].authors must be a non-empty array"],
      [[{ ...good, authors: ["A", 3] }], "catalog /x.json: books[0].authors[1] must be a non-empty string"],
      [[{ ...good, year: "1930" }], "catalog /x.json: books[0].year must be an integer"],
      [[{ ...good, year: 1930.5 }], "catalog /x.json: books[0].year must be an integer"],
      [[{ ...good, category: "BOOK_CATEGORY_MYSTERY" }], `catalog /x.json: books[0].category must be one of ${CATEGORIES.join(" ")}`],
    ];
    for (const [books, message] of cases) expect(problemOf(books)).to.equal(message);
    expect(() => parseCatalog("[]", "/x.json")).to.throw(CatalogError, `catalog /x.json: must be an object with a "books" array`);
  });

  it("accepts years before the common era", () => {
    const catalog = parseCatalog(JSON.stringify({ books: [{ id: 5, title: "Iliad", authors: ["Homer"], year: -750, category: "LITERARY_FICTION" }] }), "/x.json");
    expect(booksById(catalog).get(5)?.year).to.equal(-750);
  });
});
