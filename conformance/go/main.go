// Command runner is the Go conformance runner: it runs conformance/scenarios.json with
// the generated module github.com/onlinebooks/contracts/clients/go and grpc-go.
//
// Usage: runner SCENARIOS_JSON TARGETS_JSON, where TARGETS_JSON maps a scenario target
// name to "host:port". It prints one JSON report on stdout:
// {"runner": "go", "results": [{"id", "steps": [observation]}]}, an observation being
// {"status": "OK", "response": <proto JSON>} or {"status": "<CODE>", "details": "...",
// "reason": "<ErrorInfo reason>", "violations": [{"field", "description", "reason"}]},
// the last two when the status details (google.rpc.Status) hold an ErrorInfo or a
// BadRequest.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	recommendationsv1 "github.com/onlinebooks/contracts/clients/go/recommendations/v1"
	recommendationsv2 "github.com/onlinebooks/contracts/clients/go/recommendations/v2"
)

const callTimeout = 10 * time.Second

// codeName is the canonical name of a status code: its name in the proto enum
// google.rpc.Code (grpc-go's codes.Code.String() spells them in CamelCase).
func codeName(c codes.Code) string {
	if name, ok := code.Code_name[int32(c)]; ok {
		return name
	}
	return fmt.Sprintf("CODE_%d", c)
}

// legacyPath is the original, unversioned service's method: the wire shape of
// recommendations.v1 on the path that clients of the package-less proto call.
const legacyPath = "/Recommendations/Recommend"

type fill struct {
	Field  string  `json:"field"`
	String *string `json:"string"`
	List   *string `json:"list"`
	Times  int     `json:"times"`
}

type step struct {
	Call          string          `json:"call"`
	Target        string          `json:"target"`
	Request       json.RawMessage `json:"request"`
	PageTokenFrom *int            `json:"pageTokenFrom"`
	ExcludeFrom   *int            `json:"excludeFrom"`
	Fill          *fill           `json:"fill"`
	// Requests are the messages of a BatchRecommend stream.
	Requests []json.RawMessage `json:"requests"`
	// CancelAfter cancels a BatchRecommend call after that many answers, the request
	// stream still open.
	CancelAfter *int `json:"cancelAfter"`
}

type scenario struct {
	ID    string `json:"id"`
	Steps []step `json:"steps"`
}

type observation struct {
	Status     string             `json:"status"`
	Response   json.RawMessage    `json:"response,omitempty"`
	Details    *string            `json:"details,omitempty"`
	Reason     *string            `json:"reason,omitempty"`
	Violations *[]fieldViolation  `json:"violations,omitempty"`
	Responses  *[]json.RawMessage `json:"responses,omitempty"`
}

type fieldViolation struct {
	Field       string `json:"field"`
	Description string `json:"description"`
	Reason      string `json:"reason"`
}

type result struct {
	ID    string        `json:"id"`
	Steps []observation `json:"steps"`
}

type report struct {
	Runner  string   `json:"runner"`
	Results []result `json:"results"`
}

// invoker calls one RPC with a request decoded from proto JSON.
type invoker struct {
	newRequest  func() proto.Message
	newResponse func() proto.Message
	path        string
}

var invokers = map[string]invoker{
	"legacy.Recommend": {
		func() proto.Message { return &recommendationsv1.RecommendationRequest{} },
		func() proto.Message { return &recommendationsv1.RecommendationResponse{} },
		legacyPath,
	},
	"v1.Recommend": {
		func() proto.Message { return &recommendationsv1.RecommendationRequest{} },
		func() proto.Message { return &recommendationsv1.RecommendationResponse{} },
		recommendationsv1.Recommendations_Recommend_FullMethodName,
	},
	"v2.Recommend": {
		func() proto.Message { return &recommendationsv2.RecommendRequest{} },
		func() proto.Message { return &recommendationsv2.RecommendResponse{} },
		recommendationsv2.RecommendationService_Recommend_FullMethodName,
	},
	"v2.ListCategories": {
		func() proto.Message { return &recommendationsv2.ListCategoriesRequest{} },
		func() proto.Message { return &recommendationsv2.ListCategoriesResponse{} },
		recommendationsv2.RecommendationService_ListCategories_FullMethodName,
	},
	"health.Check": {
		func() proto.Message { return &healthpb.HealthCheckRequest{} },
		func() proto.Message { return &healthpb.HealthCheckResponse{} },
		healthpb.Health_Check_FullMethodName,
	},
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: runner SCENARIOS_JSON TARGETS_JSON")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "runner:", err)
		os.Exit(1)
	}
}

func run(scenariosPath, targetsJSON string) error {
	raw, err := os.ReadFile(scenariosPath)
	if err != nil {
		return err
	}
	var file struct {
		Scenarios []scenario `json:"scenarios"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		return fmt.Errorf("%s: %w", scenariosPath, err)
	}
	var targets map[string]string
	if err := json.Unmarshal([]byte(targetsJSON), &targets); err != nil {
		return fmt.Errorf("targets: %w", err)
	}
	conns := map[string]*grpc.ClientConn{}
	for name, address := range targets {
		conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return err
		}
		defer conn.Close()
		conns[name] = conn
	}
	out := report{Runner: "go", Results: []result{}}
	for _, sc := range file.Scenarios {
		res := result{ID: sc.ID, Steps: []observation{}}
		for _, st := range sc.Steps {
			target := st.Target
			if target == "" {
				target = "recommendations"
			}
			conn, ok := conns[target]
			if !ok {
				return fmt.Errorf("scenario %s: no target %q", sc.ID, target)
			}
			obs, err := observe(conn, st, res.Steps)
			if err != nil {
				return fmt.Errorf("scenario %s: %w", sc.ID, err)
			}
			res.Steps = append(res.Steps, obs)
		}
		out.Results = append(out.Results, res)
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

func observe(conn *grpc.ClientConn, st step, previous []observation) (observation, error) {
	if st.Call == "v2.BatchRecommend" {
		return batch(conn, st)
	}
	call, ok := invokers[st.Call]
	if !ok {
		return observation{}, fmt.Errorf("unknown call %q", st.Call)
	}
	requestJSON, err := buildRequest(st, previous)
	if err != nil {
		return observation{}, err
	}
	request := call.newRequest()
	if err := protojson.Unmarshal(requestJSON, request); err != nil {
		return observation{}, fmt.Errorf("request of %s: %w", st.Call, err)
	}
	response := call.newResponse()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := conn.Invoke(ctx, call.path, request, response); err != nil {
		return failure(status.Convert(err)), nil
	}
	body, err := protojson.Marshal(response)
	if err != nil {
		return observation{}, err
	}
	return observation{Status: "OK", Response: body}, nil
}

// failure is a failed call: its status, and the ErrorInfo reason and BadRequest
// violations of its details.
func failure(s *status.Status) observation {
	message := s.Message()
	o := observation{Status: codeName(s.Code()), Details: &message}
	for _, detail := range s.Details() {
		switch d := detail.(type) {
		case *errdetails.ErrorInfo:
			if o.Reason == nil {
				reason := d.GetReason()
				o.Reason = &reason
			}
		case *errdetails.BadRequest:
			if o.Violations == nil {
				o.Violations = &[]fieldViolation{}
			}
			for _, v := range d.GetFieldViolations() {
				*o.Violations = append(*o.Violations, fieldViolation{v.GetField(), v.GetDescription(), v.GetReason()})
			}
		}
	}
	return o
}

// batch sends the step's requests on one BatchRecommend stream and collects the
// answers. With CancelAfter, the request stream stays open and the call is cancelled
// once that many answers arrived.
func batch(conn *grpc.ClientConn, st step) (observation, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	responses := []json.RawMessage{}
	failed := func(err error) observation {
		obs := failure(status.Convert(err))
		obs.Responses = &responses
		return obs
	}
	stream, err := recommendationsv2.NewRecommendationServiceClient(conn).BatchRecommend(ctx)
	if err != nil {
		return failed(err), nil
	}
	for _, raw := range st.Requests {
		request := &recommendationsv2.BatchRecommendRequest{}
		if err := protojson.Unmarshal(raw, request); err != nil {
			return observation{}, fmt.Errorf("request of %s: %w", st.Call, err)
		}
		if err := stream.Send(request); err != nil {
			break // the stream has ended: Recv reports how
		}
	}
	if st.CancelAfter == nil {
		if err := stream.CloseSend(); err != nil {
			return failed(err), nil
		}
	}
	for {
		response, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return observation{Status: "OK", Responses: &responses}, nil
		}
		if err != nil {
			return failed(err), nil
		}
		if st.CancelAfter != nil && len(responses) == *st.CancelAfter {
			// Cancelled: answers grpc-go had already buffered are not read by the caller.
			continue
		}
		body, err := protojson.Marshal(response)
		if err != nil {
			return observation{}, err
		}
		responses = append(responses, body)
		if st.CancelAfter != nil && len(responses) == *st.CancelAfter {
			cancel()
		}
	}
}

// buildRequest is a step's request JSON with the values it takes from earlier steps.
func buildRequest(st step, previous []observation) ([]byte, error) {
	request := map[string]any{}
	if err := json.Unmarshal(st.Request, &request); err != nil {
		return nil, err
	}
	if st.PageTokenFrom != nil {
		var earlier struct {
			NextPageToken string `json:"nextPageToken"`
		}
		if err := unmarshalResponse(previous[*st.PageTokenFrom], &earlier); err != nil {
			return nil, err
		}
		request["pageToken"] = earlier.NextPageToken
	}
	if st.ExcludeFrom != nil {
		var earlier struct {
			Recommendations []struct {
				Book struct {
					ID string `json:"id"`
				} `json:"book"`
			} `json:"recommendations"`
		}
		if err := unmarshalResponse(previous[*st.ExcludeFrom], &earlier); err != nil {
			return nil, err
		}
		ids, _ := request["excludeBookIds"].([]any)
		for _, r := range earlier.Recommendations {
			ids = append(ids, r.Book.ID)
		}
		request["excludeBookIds"] = ids
	}
	if f := st.Fill; f != nil {
		if f.String != nil {
			buf := make([]byte, 0, len(*f.String)*f.Times)
			for range f.Times {
				buf = append(buf, *f.String...)
			}
			request[f.Field] = string(buf)
		} else if f.List != nil {
			list := make([]any, f.Times)
			for i := range list {
				list[i] = *f.List
			}
			request[f.Field] = list
		}
	}
	return json.Marshal(request)
}

func unmarshalResponse(o observation, into any) error {
	if len(o.Response) == 0 {
		return nil
	}
	return json.Unmarshal(o.Response, into)
}
