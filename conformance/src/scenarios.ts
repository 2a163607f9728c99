import { readFileSync } from "node:fs";

/** The RPCs a scenario step can make; every runner implements each of them. */
export type CallName = "legacy.Recommend" | "v1.Recommend" | "v2.Recommend" | "v2.ListCategories" | "v2.BatchRecommend" | "health.Check";

/** What one answer of a BatchRecommend stream must be. */
export interface ItemExpectation {
  /** The request_id it carries. */
  requestId: string;
  /** `"OK"` for a response, else the canonical name of the item error's code. */
  status: string;
  /** A substring of the item error's message. */
  messageContains?: string;
  /** The `google.rpc.ErrorInfo` reason in the item error's details. */
  reason?: string;
}

/** What a step's observation must show, checked once, on the TS runner's observation. */
export interface Expectation {
  /** The canonical status code name, for example `"OK"` or `"NOT_FOUND"`. */
  status: string;
  /** A substring of the status details (the field an INVALID_ARGUMENT names, for example). */
  detailsContain?: string;
  /** The `google.rpc.ErrorInfo` reason of the status details. */
  reason?: string;
  /** The fields of the `google.rpc.BadRequest` violations, in order. */
  fields?: string[];
  /** The exact response, as canonical proto JSON. */
  response?: unknown;
  /** The exact number of recommended books. */
  count?: number;
  /** The most recommended books. */
  maxCount?: number;
  /** No book twice in the response. */
  distinct?: boolean;
  /** The same books (ids and titles), in the same order, as the step with this index. */
  sameBooksAs?: number;
  /** Not the same list of books as the step with this index. */
  differentBooksFrom?: number;
  /** No book in common with any of these steps. */
  disjointFrom?: number[];
  /** Whether next_page_token is set. */
  nextPageToken?: boolean;
  /** Every v2 book is in one of these categories. */
  inCategories?: string[];
  /** The number of categories ListCategories returns. */
  categoryCount?: number;
  /** BatchRecommend: exactly these answers, in this order. */
  items?: ItemExpectation[];
  /** Recommend: the same answer as item `[1]` of the BatchRecommend step `[0]` (its response, or its error's code, message, reason and violations). */
  sameAsItem?: [number, number];
}

/** Fills a request field with a large generated value (a string or a list). */
export interface Fill {
  field: string;
  /** Repeated `times` to make a string. */
  string?: string;
  /** Repeated `times` to make a list. */
  list?: string;
  times: number;
}

/** One RPC of a scenario. */
export interface Step {
  call: CallName;
  /** The named target to call (see the runners' TARGETS_JSON); default `"recommendations"`. */
  target?: string;
  /** The request, as canonical proto JSON (for a streaming call, unused: see `requests`). */
  request: Record<string, unknown>;
  /** BatchRecommend: the requests sent on the stream, as canonical proto JSON. */
  requests?: Record<string, unknown>[];
  /**
   * BatchRecommend: cancel the call after this many answers, without half-closing the
   * request stream first. The observation then has status CANCELLED, with details in
   * each library's own words (such a step compares the status only: see `compare`).
   */
  cancelAfter?: number;
  /** Sets `pageToken` to the `nextPageToken` of the step with this index. */
  pageTokenFrom?: number;
  /** Appends the ids of the books of the step with this index to `excludeBookIds`. */
  excludeFrom?: number;
  fill?: Fill;
  /**
   * `"status"` compares only the status code (and a stream's answers) across runners, not
   * the error's details: for client-side errors, whose details are each library's words.
   */
  compare?: "status";
  expect: Expectation;
}

/** A named sequence of steps run in order. */
export interface Scenario {
  id: string;
  title: string;
  steps: Step[];
}

/** The scenario file. */
export interface ScenarioFile {
  description: string;
  /** The instant the server under test believes it is: pins the day of the ranking. */
  clock: string;
  scenarios: Scenario[];
}

/** The scenario list shipped beside this package: `conformance/scenarios.json`. */
export const SCENARIOS_PATH = new URL("../scenarios.json", import.meta.url).pathname;

/** Reads and minimally checks the scenario list at {@link SCENARIOS_PATH}. */
export function loadScenarios(): ScenarioFile {
  const path = SCENARIOS_PATH;
  const file = JSON.parse(readFileSync(path, "utf8")) as ScenarioFile;
  if (!Array.isArray(file.scenarios) || file.scenarios.length === 0) throw new Error(`${path}: no scenarios`);
  if (Number.isNaN(Date.parse(file.clock))) throw new Error(`${path}: clock is not a date`);
  const ids = new Set<string>();
  for (const scenario of file.scenarios) {
    if (ids.has(scenario.id)) throw new Error(`${path}: duplicate scenario id ${scenario.id}`);
    ids.add(scenario.id);
    if (scenario.steps.length === 0) throw new Error(`${path}: scenario ${scenario.id} has no steps`);
  }
  return file;
}
