import { Status } from "@onlinebooks/grpc-es";
import { ERROR_DOMAIN, RecommendationService } from "@onlinebooks/recommendations-v2";
import { expect } from "chai";
import { pino } from "pino";
import { createLogSink } from "@onlinebooks/testkit";
import { DomainError } from "../domain/domain-error.js";
import { createErrorMapper } from "./map-error.js";

const method = RecommendationService.method.recommend;

describe("createErrorMapper (the one mapping of errors to statuses)", () => {
  it("gives a domain error its status, message and details: ErrorInfo with reason and metadata, a BadRequest for an invalid argument", () => {
    const mapError = createErrorMapper(pino({ level: "silent" }));
    const invalid = mapError(DomainError.invalidArgument("UNKNOWN_CATEGORY", "categories[2]", "is not in the catalog", { category: "X" }), method);
    expect([invalid.code, invalid.details]).to.deep.equal([Status.INVALID_ARGUMENT, "categories[2] is not in the catalog"]);
    expect(invalid.errorInfo).to.include({ reason: "UNKNOWN_CATEGORY", domain: ERROR_DOMAIN });
    expect(invalid.errorInfo?.metadata).to.deep.equal({ category: "X" });
    expect(invalid.fieldViolations.map(({ field, description, reason }) => ({ field, description, reason }))).to.deep.equal([
      { field: "categories[2]", description: "is not in the catalog", reason: "UNKNOWN_CATEGORY" },
    ]);
    const notFound = mapError(new DomainError("not-found", "CATEGORY_NOT_FOUND", "Category not found"), method);
    expect([notFound.code, notFound.reason, notFound.statusDetails.length]).to.deep.equal([Status.NOT_FOUND, "CATEGORY_NOT_FOUND", 1]);
  });

  it("answers anything else INTERNAL_ERROR, disclosing nothing, and logs it with its stack", () => {
    const sink = createLogSink();
    const mapError = createErrorMapper(pino({ level: "info" }, sink.stream));
    const error = mapError(new TypeError("cannot read properties of undefined (reading 'secret')"), method);
    expect([error.code, error.details, error.reason]).to.deep.equal([Status.INTERNAL, "internal error", "INTERNAL_ERROR"]);
    expect(error.errorInfo?.metadata).to.deep.equal({});
    expect(error.statusDetails).to.have.length(1);
    expect(JSON.stringify(error.toStatus())).not.to.contain("secret");
    const [line] = sink.lines;
    expect(line?.["msg"]).to.equal("handler failed");
    expect(JSON.stringify(line)).to.contain("secret");
  });
});
