import { isDeepStrictEqual } from "node:util";
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { GrpcError } from "@onlinebooks/grpc-es";
import { BatchRecommendErrorSchema } from "@onlinebooks/recommendations-v2";
import { bookKeys, ERROR_DETAIL_TYPES, failureObservation, type Observation } from "./observation.js";
import type { Expectation, ItemExpectation } from "./scenarios.js";

interface JsonItem {
  requestId?: string;
  response?: Record<string, unknown>;
  /** A BatchRecommendError in proto JSON: google.rpc.Status's fields, details included. */
  error?: JsonValue;
}

/**
 * A BatchRecommend answer as a unary observation: OK with the response, or the item
 * error observed exactly as the same status of a call would be.
 */
function itemAsObservation(item: JsonItem | undefined): Observation {
  if (item?.error === undefined) return { status: "OK", response: item?.response ?? {} };
  const error = fromJson(BatchRecommendErrorSchema, item.error, { registry: ERROR_DETAIL_TYPES });
  return failureObservation(new GrpcError(error.code, error.message, { statusDetails: error.details }));
}

function checkItems(expected: ItemExpectation[], observation: Observation): string[] {
  const items = (observation.responses ?? []) as JsonItem[];
  if (items.length !== expected.length) return [`${items.length} answers, expected ${expected.length}`];
  return expected.flatMap((want, index) => {
    const item = items[index];
    const got = itemAsObservation(item);
    const failures: string[] = [];
    if ((item?.requestId ?? "") !== want.requestId) failures.push(`answer ${index} is for "${item?.requestId ?? ""}", expected "${want.requestId}"`);
    if (got.status !== want.status) failures.push(`answer ${index} is ${got.status} (${got.details ?? ""}), expected ${want.status}`);
    if (want.messageContains !== undefined && !(got.details ?? "").includes(want.messageContains)) {
      failures.push(`answer ${index}'s message "${got.details ?? ""}" does not mention "${want.messageContains}"`);
    }
    if (want.reason !== undefined && got.reason !== want.reason) failures.push(`answer ${index}'s reason is ${got.reason ?? "(none)"}, expected ${want.reason}`);
    return failures;
  });
}

/**
 * Checks one step's observation against what the scenario expects of it, with the
 * scenario's earlier observations for the cross-step expectations. Returns the
 * violations, empty when the observation meets every expectation.
 */
export function checkExpectation(expect: Expectation, observation: Observation, steps: readonly Observation[]): string[] {
  const failures: string[] = [];
  const fail = (message: string): void => void failures.push(message);
  if (observation.status !== expect.status) {
    fail(`status ${observation.status} (${observation.details ?? ""}), expected ${expect.status}`);
    return failures;
  }
  if (expect.detailsContain !== undefined && !(observation.details ?? "").includes(expect.detailsContain)) {
    fail(`details "${observation.details ?? ""}" do not mention "${expect.detailsContain}"`);
  }
  if (expect.reason !== undefined && observation.reason !== expect.reason) {
    fail(`reason ${observation.reason ?? "(none)"}, expected ${expect.reason}`);
  }
  const fields = observation.violations?.map((violation) => violation.field);
  if (expect.fields !== undefined && !isDeepStrictEqual(fields, expect.fields)) {
    fail(`field violations ${JSON.stringify(fields)}, expected ${JSON.stringify(expect.fields)}`);
  }
  if (expect.response !== undefined && !isDeepStrictEqual(observation.response, expect.response)) {
    fail(`response ${JSON.stringify(observation.response)}, expected ${JSON.stringify(expect.response)}`);
  }
  const books = bookKeys(observation);
  if (expect.count !== undefined && books.length !== expect.count) fail(`${books.length} books, expected ${expect.count}`);
  if (expect.maxCount !== undefined && books.length > expect.maxCount) fail(`${books.length} books, expected at most ${expect.maxCount}`);
  if (expect.distinct && new Set(books).size !== books.length) fail(`a book appears twice: ${books.join(", ")}`);
  if (expect.sameBooksAs !== undefined && !isDeepStrictEqual(books, bookKeys(steps[expect.sameBooksAs]))) {
    fail(`books [${books.join(", ")}] differ from step ${expect.sameBooksAs}'s [${bookKeys(steps[expect.sameBooksAs]).join(", ")}]`);
  }
  if (expect.differentBooksFrom !== undefined && isDeepStrictEqual(books, bookKeys(steps[expect.differentBooksFrom]))) {
    fail(`the same books as step ${expect.differentBooksFrom}`);
  }
  for (const other of expect.disjointFrom ?? []) {
    const earlier = new Set(bookKeys(steps[other]));
    const repeated = books.filter((book) => earlier.has(book));
    if (repeated.length > 0) fail(`books already in step ${other}: ${repeated.join(", ")}`);
  }
  if (expect.nextPageToken !== undefined) {
    const token = observation.response?.["nextPageToken"];
    const present = typeof token === "string" && token.length > 0;
    if (present !== expect.nextPageToken) fail(expect.nextPageToken ? "no next_page_token" : "a next_page_token on the last page");
  }
  if (expect.inCategories !== undefined) {
    const recommendations = (observation.response?.["recommendations"] ?? []) as Array<{ book?: { category?: string } }>;
    const outside = recommendations.filter((r) => !expect.inCategories?.includes(r.book?.category ?? ""));
    if (outside.length > 0) fail(`books outside ${expect.inCategories.join(", ")}: ${JSON.stringify(outside)}`);
  }
  if (expect.items !== undefined) failures.push(...checkItems(expect.items, observation));
  if (expect.sameAsItem !== undefined) {
    const [step, index] = expect.sameAsItem;
    const item = itemAsObservation(((steps[step]?.responses ?? []) as JsonItem[])[index]);
    // The TS runner writes a unary observation in the same form (failureObservation).
    if (!isDeepStrictEqual(observation, item)) fail(`Recommend answered ${JSON.stringify(observation)}, the batch item ${JSON.stringify(item)}`);
  }
  if (expect.categoryCount !== undefined) {
    const categories = (observation.response?.["categories"] ?? []) as unknown[];
    if (categories.length !== expect.categoryCount) fail(`${categories.length} categories, expected ${expect.categoryCount}`);
  }
  return failures;
}
