/** One bar of the chart. */
export interface ChartBar {
  /** The label left of the bar. */
  readonly label: string;
  /** The bar's length, as a ratio to its reference (1 = as fast as the reference). */
  readonly ratio: number;
  /** Where the target line goes on this bar, if it has one. */
  readonly target?: number;
  /** Whether the target is met (green) or missed (red); grey without a target. */
  readonly met?: boolean;
}

const ROW = 26;
const BAR_WIDTH = 420;
/** Width of a 13 px sans-serif character, generously. */
const CHAR_WIDTH = 7.2;
const escape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A horizontal bar chart as a standalone SVG document: one bar per case, its length
 * the ratio to the reference (scale up to the largest ratio or 1.6, whichever is
 * larger), a dashed line at the reference (1×) and a black tick at each bar's target.
 */
export function renderRatioChart(title: string, bars: readonly ChartBar[]): string {
  const LABEL_WIDTH = Math.ceil(Math.max(20, ...bars.map((bar) => bar.label.length)) * CHAR_WIDTH) + 20;
  const max = Math.max(1.6, ...bars.map((bar) => (Number.isFinite(bar.ratio) ? bar.ratio : 0)));
  const x = (ratio: number): number => LABEL_WIDTH + (Math.max(0, ratio) / max) * BAR_WIDTH;
  const height = 50 + bars.length * ROW + 30;
  const width = LABEL_WIDTH + BAR_WIDTH + 80;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="24" font-size="16" font-weight="bold">${escape(title)}</text>`,
  ];
  bars.forEach((bar, index) => {
    const y = 40 + index * ROW;
    const colour = bar.met === undefined ? "#9e9e9e" : bar.met ? "#2e7d32" : "#c62828";
    const ratio = Number.isFinite(bar.ratio) ? bar.ratio : 0;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escape(bar.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${(x(ratio) - LABEL_WIDTH).toFixed(1)}" height="${ROW - 8}" fill="${colour}"/>`,
      `<text x="${(Math.max(x(ratio), bar.target === undefined ? 0 : x(bar.target)) + 6).toFixed(1)}" y="${y + 15}">${ratio.toFixed(2)}×</text>`,
    );
    if (bar.target !== undefined) {
      const tx = x(bar.target).toFixed(1);
      parts.push(`<line x1="${tx}" x2="${tx}" y1="${y}" y2="${y + ROW - 2}" stroke="#000" stroke-width="3"/>`);
    }
  });
  const one = x(1).toFixed(1);
  const bottom = 40 + bars.length * ROW;
  parts.push(
    `<line x1="${one}" x2="${one}" y1="36" y2="${bottom}" stroke="#555" stroke-dasharray="4 3"/>`,
    `<text x="${one}" y="${bottom + 16}" text-anchor="middle">1× reference</text>`,
    `<text x="10" y="${bottom + 16}" fill="#555">black tick = target; green met, red missed</text>`,
    `</svg>`,
  );
  return `${parts.join("\n")}\n`;
}
