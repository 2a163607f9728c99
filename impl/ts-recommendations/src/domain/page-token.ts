import { createHmac, createSecretKey, timingSafeEqual } from "node:crypto";
import { DomainError, INVALID_PAGE_TOKEN } from "./domain-error.js";
import type { RankingCursor } from "./ranking.js";

/** What a page token belongs to: a token is only accepted back for the same request and catalog. */
export interface PageTokenScope {
  readonly userId: string;
  /** Sorted, distinct. */
  readonly categories: readonly string[];
  /** Sorted, distinct book ids. */
  readonly exclude: readonly number[];
  readonly catalogFingerprint: string;
}

/** The state a page token carries: the rotation day and where the ranking stopped. */
export interface PageState {
  readonly day: number;
  readonly cursor: RankingCursor;
}

const VERSION = 1;
const MAC_BYTES = 16;
const MAX_TOKEN_CHARS = 1024;
const TOKEN_TEXT = /^[A-Za-z0-9_-]+$/;
/**
 * Domain-separation key of the token MAC. It is not a secret: the MAC makes a token
 * that was altered, or issued for another request, detectable — it is an integrity
 * check, not authentication. Every replica uses the same key, so any replica can
 * serve the next page.
 */
const MAC_KEY = createSecretKey(Buffer.from("onlinebooks.recommendations.v2/page-token/v1"));

/**
 * Encodes a page state as an opaque base64url token: version, day, turn and positions
 * as varints, then a truncated HMAC-SHA256 over them and the request's scope.
 */
export function encodePageToken(state: PageState, scope: PageTokenScope): string {
  const payload = Buffer.from([
    VERSION,
    ...varint(state.day),
    ...varint(state.cursor.turn),
    ...varint(state.cursor.positions.length),
    ...state.cursor.positions.flatMap(varint),
  ]);
  return Buffer.concat([payload, mac(payload, scope)]).toString("base64url");
}

/**
 * Decodes a token made by {@link encodePageToken} for the same scope. A token that is
 * malformed, altered or from another request or catalog fails with an
 * `invalid-argument` {@link DomainError} for `page_token`.
 */
export function decodePageToken(token: string, scope: PageTokenScope): PageState {
  const invalid = (): DomainError =>
    DomainError.invalidArgument(INVALID_PAGE_TOKEN, "page_token", "is not a token returned for this request; start again without page_token");
  if (token.length > MAX_TOKEN_CHARS || !TOKEN_TEXT.test(token)) throw invalid();
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length <= MAC_BYTES || bytes.toString("base64url") !== token) throw invalid();
  const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
  if (!timingSafeEqual(bytes.subarray(bytes.length - MAC_BYTES), mac(payload, scope))) throw invalid();
  const reader = createReader(payload);
  if (reader.next() !== VERSION) throw invalid();
  const day = reader.next();
  const turn = reader.next();
  const count = reader.next();
  if (day === undefined || turn === undefined || count === undefined || count > 64) throw invalid();
  const positions: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const position = reader.next();
    if (position === undefined) throw invalid();
    positions.push(position);
  }
  if (!reader.done()) throw invalid();
  return { day, cursor: { positions, turn } };
}

function mac(payload: Buffer, scope: PageTokenScope): Buffer {
  const scopeText = JSON.stringify([scope.userId, scope.categories, scope.exclude, scope.catalogFingerprint]);
  return createHmac("sha256", MAC_KEY).update(payload).update("\u0000").update(scopeText).digest().subarray(0, MAC_BYTES);
}

function varint(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot encode ${value} in a page token`);
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function createReader(bytes: Buffer): { next(): number | undefined; done(): boolean } {
  let offset = 0;
  return {
    next() {
      let value = 0;
      let scale = 1;
      for (let shift = 0; shift < 7; shift += 1) {
        const byte = bytes[offset];
        if (byte === undefined) return undefined;
        offset += 1;
        value += (byte & 0x7f) * scale;
        if (byte < 0x80) return value;
        scale *= 0x80;
      }
      return undefined;
    },
    done: () => offset === bytes.length,
  };
}
