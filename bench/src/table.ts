/** A column of a text table. */
export interface Column<R> {
  /** The header. */
  readonly title: string;
  /** The cell text of a row. */
  readonly cell: (row: R) => string;
  /** Right-aligned (numbers) or left-aligned (text, the default). */
  readonly align?: "left" | "right";
}

/**
 * Formats `rows` as a Markdown pipe table whose columns are padded to their widest
 * cell, so it reads well in a terminal and renders as a table in a README.
 */
export function formatTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, index) =>
    Math.max(3, column.title.length, ...cells.map((line) => (line[index] as string).length)),
  );
  const pad = (text: string, index: number): string => {
    const width = widths[index] as number;
    return columns[index]?.align === "right" ? text.padStart(width) : text.padEnd(width);
  };
  const line = (texts: readonly string[]): string => `| ${texts.map(pad).join(" | ")} |`;
  const rule = `|${widths.map((width, index) => (columns[index]?.align === "right" ? `${"-".repeat(width + 1)}:` : "-".repeat(width + 2))).join("|")}|`;
  return [line(columns.map((column) => column.title)), rule, ...cells.map(line)].join("\n");
}
