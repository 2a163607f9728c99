// Command go-recommendations is a minimal recommendations.v2 server written against
// the Go code generated from contracts/ (github.com/onlinebooks/contracts/clients/go):
// RecommendationService over a small embedded catalog, grpc.health.v1 and server
// reflection. It shares nothing with the TypeScript service but the contract.
//
// Environment: GRPC_HOST (default 0.0.0.0), GRPC_PORT (default 50051; 0 = any free
// port). It logs JSON lines on stdout, the first one with the bound port, and drains
// gracefully on SIGTERM or SIGINT.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	recommendationsv2 "github.com/onlinebooks/contracts/clients/go/recommendations/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
)

// maxRequestBytes is the largest request accepted; larger ones fail with RESOURCE_EXHAUSTED.
const maxRequestBytes = 1 << 20

// shutdownGrace is how long a graceful stop waits for calls in flight before cutting them.
const shutdownGrace = 30 * time.Second

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	if err := run(logger); err != nil {
		logger.Error(err.Error())
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	host := envOr("GRPC_HOST", "0.0.0.0")
	port, err := strconv.Atoi(envOr("GRPC_PORT", "50051"))
	if err != nil || port < 0 || port > 65535 {
		return fmt.Errorf("GRPC_PORT must be a port number from 0 to 65535, got %q", os.Getenv("GRPC_PORT"))
	}
	books, err := loadCatalog()
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	draining := make(chan struct{})
	server, healthServer, err := newServer(books, time.Now, draining)
	if err != nil {
		return err
	}
	logger.Info("recommendations v2 server listening", "address", listener.Addr().String(), "port", listener.Addr().(*net.TCPAddr).Port, "books", len(books))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	go func() {
		<-ctx.Done()
		logger.Info("draining")
		healthServer.Shutdown()
		close(draining)
		// Calls in flight get the grace period; a stream still open after it is cut.
		stopped := time.AfterFunc(shutdownGrace, server.Stop)
		defer stopped.Stop()
		server.GracefulStop()
	}()
	err = server.Serve(listener)
	logger.Info("stopped")
	return err
}

// newServer builds the gRPC server: RecommendationService, health (SERVING) and
// reflection. Every request passes the contract's rules before its handler (the
// validation's interceptor; BatchRecommend checks each item with the same validation).
// Closing draining ends open BatchRecommend streams.
func newServer(books []*recommendationsv2.Book, now func() time.Time, draining <-chan struct{}) (*grpc.Server, *health.Server, error) {
	validation, err := newRequestValidation()
	if err != nil {
		return nil, nil, err
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(maxRequestBytes), grpc.ChainUnaryInterceptor(validation.unaryInterceptor))
	recommendationsv2.RegisterRecommendationServiceServer(server, newService(books, now, draining, validation))
	healthServer := health.NewServer()
	healthServer.SetServingStatus(recommendationsv2.RecommendationService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(server, healthServer)
	reflection.Register(server)
	return server, healthServer, nil
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
