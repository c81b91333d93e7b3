// Command kv-plugin is a go-plugin 1.0.1 plugin serving proto.KV over gRPC
// (cookie BASIC_PLUGIN=hello, app protocol version 1, plugin key "kv_grpc").
//
// Values are stored in files kv_<key> in the working directory, or in memory
// when KV_PLUGIN_MEMORY=1. Logs are hclog JSON lines on stderr: "put" at
// INFO, "get" at DEBUG, and one extra line at TRACE/WARN/ERROR when the key
// is "trace-me"/"warn-me"/"error-me". KV_PLUGIN_NOISE=1 prints
// "noise before handshake" to stdout before the handshake line.
package main

import (
	"context"
	"fmt"
	"os"

	hclog "github.com/hashicorp/go-hclog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"rpcplugin.dev/interop/internal/blobstore"
	"rpcplugin.dev/interop/internal/demo"
	"rpcplugin.dev/interop/internal/kvrpc"
)

func main() {
	logger := demo.PluginLogger()
	blobs := blobstore.FromEnv("KV_PLUGIN_MEMORY", "kv_")
	if os.Getenv("KV_PLUGIN_NOISE") == "1" {
		fmt.Println("noise before handshake")
	}
	demo.Serve(kvrpc.PluginSet(&store{blobs: blobs, logger: logger}), logger)
}

type store struct {
	blobs  blobstore.Store
	logger hclog.Logger
}

func (s *store) Put(_ context.Context, key string, value []byte) error {
	s.logger.Info("put", "key", key)
	s.logSpecial(key)
	if err := s.blobs.Put(key, value); err != nil {
		return status.Errorf(codes.InvalidArgument, "put %q: %v", key, err)
	}
	return nil
}

func (s *store) Get(_ context.Context, key string) ([]byte, error) {
	s.logger.Debug("get", "key", key)
	s.logSpecial(key)
	v, found, err := s.blobs.Get(key)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "get %q: %v", key, err)
	}
	if !found {
		return nil, status.Errorf(codes.NotFound, "no value stored for key %q", key)
	}
	return v, nil
}

// logSpecial lets a host's log forwarding be tested level by level.
func (s *store) logSpecial(key string) {
	switch key {
	case "trace-me":
		s.logger.Trace("trace requested", "key", key)
	case "warn-me":
		s.logger.Warn("warn requested", "key", key)
	case "error-me":
		s.logger.Error("error requested", "key", key)
	}
}
