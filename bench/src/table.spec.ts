import { expect } from "chai";
import { formatTable } from "./table.js";

describe("bench table", () => {
  it("pads every column to its widest cell and right-aligns numbers", () => {
    const text = formatTable(
      [
        { title: "case", cell: (row: { name: string; rps: number }) => row.name },
        { title: "req/s", cell: (row) => String(row.rps), align: "right" },
      ],
      [
        { name: "reference", rps: 12000 },
        { name: "v2", rps: 950 },
      ],
    );
    expect(text.split("\n")).to.deep.equal([
      "| case      | req/s |",
      "|-----------|------:|",
      "| reference | 12000 |",
      "| v2        |   950 |",
    ]);
  });
});
