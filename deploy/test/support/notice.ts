/** The notice the marketplace's homepage shows when it is degraded (no recommendations). */
export const NOTICE = "Recommendations are taking a short break";
