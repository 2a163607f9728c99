import type { Any } from "@bufbuild/protobuf/wkt";
import { Metadata, status as Status, type ServerInterceptingCallInterface, type ServerInterceptor } from "@grpc/grpc-js";
import { badRequestDetail, decodeStatusDetails, errorInfoDetail, withStatusDetails } from "./error-details.js";
import { ErrorReason } from "./error-reason.js";
import { ErrorInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import { statusName } from "./grpc-error.js";

/**
 * The reason of a status sent without an ErrorInfo: what grpc-js and this package mean
 * when they send that code on their own. Any other code's reason is its name.
 */
const DEFAULT_REASONS: Partial<Record<Status, string>> = {
  // An undecodable or missing request message (the handlers' own INVALID_ARGUMENTs carry details).
  [Status.INVALID_ARGUMENT]: ErrorReason.MALFORMED_REQUEST,
  // grpc-js refuses a message over grpc.max_receive_message_length (or max_send).
  [Status.RESOURCE_EXHAUSTED]: ErrorReason.MESSAGE_TOO_LARGE,
  [Status.DEADLINE_EXCEEDED]: ErrorReason.DEADLINE_EXCEEDED,
  // Servers end calls UNAVAILABLE when they shut down.
  [Status.UNAVAILABLE]: ErrorReason.SHUTTING_DOWN,
  [Status.INTERNAL]: ErrorReason.INTERNAL_ERROR,
};

type StatusToSend = Parameters<ServerInterceptingCallInterface["sendStatus"]>[0];

/**
 * Gives every non-OK status of a call `google.rpc.Status` details with exactly one
 * ErrorInfo of `domain`: a status that has none gets the default reason of its code
 * ({@link DEFAULT_REASONS}, and an empty BadRequest for INVALID_ARGUMENT); details
 * without an ErrorInfo get one added. It must be the first interceptor of a server:
 * then `next` is grpc-js's own call, which sends some statuses itself (a message over
 * the size limit, a deadline that passed) without going through the interceptors, so
 * its `sendStatus` is wrapped in place to reach those too.
 */
export function defaultStatusDetailsInterceptor(domain: string): ServerInterceptor {
  return (_descriptor, next) => {
    const send = next.sendStatus.bind(next);
    next.sendStatus = (status) => send(withDefaultDetails(status, domain));
    // grpc-js only uses the interface of what an interceptor returns.
    return next as ReturnType<ServerInterceptor>;
  };
}

function withDefaultDetails(status: StatusToSend, domain: string): StatusToSend {
  if (status.code === Status.OK) return status;
  const metadata = status.metadata ?? new Metadata();
  const details = decodeStatusDetails(metadata, status.code);
  if (hasErrorInfo(details)) return status;
  const errorInfo = errorInfoDetail({ reason: DEFAULT_REASONS[status.code] ?? statusName(status.code), domain });
  const added = details.length === 0 && status.code === Status.INVALID_ARGUMENT ? [errorInfo, badRequestDetail([])] : [errorInfo];
  return { ...status, metadata: withStatusDetails(metadata, status.code, status.details, [...added, ...details]) };
}

/** Whether `details` hold a `google.rpc.ErrorInfo` (by type, decodable or not). */
function hasErrorInfo(details: readonly Any[]): boolean {
  return details.some((detail) => detail.typeUrl.endsWith(`/${ErrorInfoSchema.typeName}`));
}
