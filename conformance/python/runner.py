"""Conformance runner in Python: runs conformance/scenarios.json with the generated
`onlinebooks-recommendations` package (clients/python) and grpcio.

Usage: runner.py SCENARIOS_JSON TARGETS_JSON
  TARGETS_JSON maps a scenario target name to "host:port", e.g.
  '{"recommendations": "127.0.0.1:50051", "stopped": "127.0.0.1:50052"}'.

Prints one JSON report on stdout: {"runner": "python", "results": [{"id", "steps": [observation]}]}
where an observation is {"status": "OK", "response": <proto JSON>} or
{"status": "<CODE>", "details": "<status message>", "reason": "<ErrorInfo reason>",
"violations": [{"field", "description", "reason"}]}, the last two when the status
details (google.rpc.Status, decoded by grpcio-status) hold an ErrorInfo or a BadRequest.
The TS suite compares it with the TS and Go runners' reports. `npm run test:polyglot`
type-checks this file with mypy --strict against the package's type stubs.
"""

import json
import sys
import threading
from collections.abc import Iterator
from typing import Any, Callable

import grpc
from google.protobuf import json_format
from google.protobuf.message import Message
# googleapis-common-protos ships .pyi files but no py.typed marker, so mypy does not read them.
from google.rpc import error_details_pb2  # type: ignore[import-untyped]
from grpc_status import rpc_status
from grpc_health.v1 import health_pb2
from recommendations.v1 import recommendations_pb2 as v1
from recommendations.v1 import recommendations_pb2_grpc as v1_grpc
from recommendations.v2 import recommendations_pb2 as v2
from recommendations.v2 import recommendations_pb2_grpc as v2_grpc

Observation = dict[str, Any]
Call = Callable[..., Message]

TIMEOUT_SECONDS = 10.0

# The original, unversioned service: the wire shape of recommendations.v1 on the path
# that clients generated from the package-less proto call.
LEGACY_PATH = "/Recommendations/Recommend"
HEALTH_CHECK_PATH = "/grpc.health.v1.Health/Check"


def method(channel: grpc.Channel, call: str) -> tuple[Call, type[Message]]:
    """The callable and request class of a scenario's "call"."""
    if call == "legacy.Recommend":
        stub = channel.unary_unary(
            LEGACY_PATH,
            request_serializer=v1.RecommendationRequest.SerializeToString,
            response_deserializer=v1.RecommendationResponse.FromString,
        )
        return stub, v1.RecommendationRequest
    if call == "v1.Recommend":
        return v1_grpc.RecommendationsStub(channel).Recommend, v1.RecommendationRequest
    if call == "v2.Recommend":
        return v2_grpc.RecommendationServiceStub(channel).Recommend, v2.RecommendRequest
    if call == "v2.ListCategories":
        return v2_grpc.RecommendationServiceStub(channel).ListCategories, v2.ListCategoriesRequest
    if call == "health.Check":
        # typeshed's HealthStub declares no methods, so the call is made by its path.
        check = channel.unary_unary(
            HEALTH_CHECK_PATH,
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString,
        )
        return check, health_pb2.HealthCheckRequest
    raise ValueError(f"unknown call {call!r}")


def book_ids(observation: Observation) -> list[str]:
    """The ids of the books in an OK observation's response, as decimal strings."""
    response = observation.get("response", {})
    return [str(r["book"]["id"] if "book" in r else r["id"]) for r in response.get("recommendations", [])]


def build_request(step: dict[str, Any], previous: list[Observation]) -> dict[str, Any]:
    """The request JSON of a step, with the values it takes from earlier steps."""
    request = dict(step["request"])
    if "pageTokenFrom" in step:
        token = previous[step["pageTokenFrom"]].get("response", {}).get("nextPageToken", "")
        request["pageToken"] = token
    if "excludeFrom" in step:
        request["excludeBookIds"] = list(request.get("excludeBookIds", [])) + book_ids(previous[step["excludeFrom"]])
    fill = step.get("fill")
    if fill:
        request[fill["field"]] = fill["string"] * fill["times"] if "string" in fill else [fill["list"]] * fill["times"]
    return request


def failure(error: grpc.RpcError) -> Observation:
    """A failed call: its status, and the ErrorInfo reason and BadRequest violations of its details."""
    assert isinstance(error, grpc.Call)  # the errors of grpcio's calls are both
    observation: Observation = {"status": error.code().name, "details": error.details() or ""}
    status = rpc_status.from_call(error)
    if status is None:
        return observation
    violations: list[dict[str, str]] | None = None
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        bad_request = error_details_pb2.BadRequest()
        if detail.Unpack(info) and "reason" not in observation:
            observation["reason"] = info.reason
        elif detail.Unpack(bad_request):
            violations = (violations or []) + [
                {"field": v.field, "description": v.description, "reason": v.reason} for v in bad_request.field_violations
            ]
    if violations is not None:
        observation["violations"] = violations
    return observation


def batch(channel: grpc.Channel, step: dict[str, Any]) -> Observation:
    """Sends the step's requests on one BatchRecommend stream and collects the answers.
    With "cancelAfter", the request stream stays open and the call is cancelled once
    that many answers arrived."""
    requests = [json_format.ParseDict(item, v2.BatchRecommendRequest()) for item in step.get("requests", [])]
    cancel_after: int | None = step.get("cancelAfter")
    done = threading.Event()

    def source() -> Iterator[v2.BatchRecommendRequest]:
        yield from requests
        if cancel_after is not None:
            done.wait()

    call = v2_grpc.RecommendationServiceStub(channel).BatchRecommend(source(), timeout=TIMEOUT_SECONDS)
    responses: list[dict[str, Any]] = []
    try:
        for response in call:
            responses.append(json_format.MessageToDict(response))
            if len(responses) == cancel_after:
                call.cancel()
    except grpc.RpcError as error:
        return {**failure(error), "responses": responses}
    finally:
        done.set()
    return {"status": "OK", "responses": responses}


def observe(channel: grpc.Channel, step: dict[str, Any], previous: list[Observation]) -> Observation:
    if step["call"] == "v2.BatchRecommend":
        return batch(channel, step)
    call, request_type = method(channel, step["call"])
    request = json_format.ParseDict(build_request(step, previous), request_type())
    try:
        response = call(request, timeout=TIMEOUT_SECONDS)
    except grpc.RpcError as error:
        return failure(error)
    return {"status": "OK", "response": json_format.MessageToDict(response)}


def main(argv: list[str]) -> int:
    with open(argv[1], encoding="utf-8") as file:
        scenarios = json.load(file)["scenarios"]
    targets = json.loads(argv[2])
    channels = {name: grpc.insecure_channel(address) for name, address in targets.items()}
    try:
        results = []
        for scenario in scenarios:
            observations: list[Observation] = []
            for step in scenario["steps"]:
                channel = channels[step.get("target", "recommendations")]
                observations.append(observe(channel, step, observations))
            results.append({"id": scenario["id"], "steps": observations})
    finally:
        for channel in channels.values():
            channel.close()
    json.dump({"runner": "python", "results": results}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
