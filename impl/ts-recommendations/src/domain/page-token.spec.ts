import { expect } from "chai";
import fc from "fast-check";
import { DomainError } from "./domain-error.js";
import { decodePageToken, encodePageToken, type PageState, type PageTokenScope } from "./page-token.js";

const scopeArb: fc.Arbitrary<PageTokenScope> = fc.record({
  userId: fc.string({ minLength: 1, maxLength: 20 }),
  categories: fc.uniqueArray(fc.constantFrom("MYSTERY", "HORROR", "ROMANCE", "HISTORY"), { minLength: 1 }).map((list) => list.sort()),
  exclude: fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { maxLength: 5 }).map((list) => list.sort((a, b) => a - b)),
  catalogFingerprint: fc.string({ minLength: 1, maxLength: 16 }),
});
const stateArb: fc.Arbitrary<PageState> = fc.record({
  day: fc.integer({ min: 0, max: 10_000_000 }),
  cursor: fc.record({
    positions: fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 10 }),
    turn: fc.integer({ min: 0, max: 9 }),
  }),
});

/** Runs the decoder; it must either decode or refuse with INVALID_ARGUMENT naming page_token, nothing else. */
function decodeOrRefusal(token: string, scope: PageTokenScope): PageState | "refused" {
  try {
    return decodePageToken(token, scope);
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    expect(error).to.include({ kind: "invalid-argument", field: "page_token" });
    return "refused";
  }
}

describe("page tokens (property-based)", () => {
  it("decode back to the state they were made from, for the same scope", () => {
    fc.assert(
      fc.property(stateArb, scopeArb, (state, scope) => {
        expect(decodePageToken(encodePageToken(state, scope), scope)).to.deep.equal(state);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it("refuse arbitrary text, base64url or not, with INVALID_ARGUMENT and nothing else", () => {
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "binary", maxLength: 80 }), fc.base64String({ maxLength: 80 }), fc.string({ unit: fc.constantFrom(..."AQgw_-09azAZ"), minLength: 900, maxLength: 1100 }));
    fc.assert(
      fc.property(text, scopeArb, (token, scope) => {
        expect(decodeOrRefusal(token, scope)).to.equal("refused");
      }),
      { seed: 2, numRuns: 500 },
    );
  });

  it("refuse a valid token with any one character changed, dropped or added", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    fc.assert(
      fc.property(stateArb, scopeArb, fc.nat(), fc.constantFrom(...alphabet), fc.constantFrom("change", "drop", "add"), (state, scope, at, char, edit) => {
        const token = encodePageToken(state, scope);
        const index = at % token.length;
        const edited =
          edit === "drop" ? token.slice(0, index) + token.slice(index + 1)
          : edit === "add" ? token.slice(0, index) + char + token.slice(index)
          : token.slice(0, index) + char + token.slice(index + 1);
        fc.pre(edited !== token);
        expect(decodeOrRefusal(edited, scope)).to.equal("refused");
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it("refuse a token made for another request", () => {
    fc.assert(
      fc.property(stateArb, scopeArb, scopeArb, (state, mine, theirs) => {
        fc.pre(JSON.stringify(mine) !== JSON.stringify(theirs));
        expect(decodeOrRefusal(encodePageToken(state, theirs), mine)).to.equal("refused");
      }),
      { seed: 4, numRuns: 300 },
    );
  });
});
