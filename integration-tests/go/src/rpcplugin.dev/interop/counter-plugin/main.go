// Command counter-plugin is a go-plugin 1.0.1 plugin serving proto.Counter
// over gRPC (cookie BASIC_PLUGIN=hello, app protocol version 1, plugin key
// "counter"). Put dials the broker id PutRequest.add_server back to the
// host, calls AddHelper.Sum(current, value) there and stores the result.
//
// Counters are stored as decimal text in files counter_<key> in the working
// directory, or in memory when COUNTER_PLUGIN_MEMORY=1. A counter never put
// reads as 0. Logs are hclog JSON lines on stderr.
package main

import (
	"context"
	"strconv"
	"sync"

	hclog "github.com/hashicorp/go-hclog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"rpcplugin.dev/interop/internal/blobstore"
	"rpcplugin.dev/interop/internal/counterrpc"
	"rpcplugin.dev/interop/internal/demo"
)

func main() {
	logger := demo.PluginLogger()
	blobs := blobstore.FromEnv("COUNTER_PLUGIN_MEMORY", "counter_")
	demo.Serve(counterrpc.PluginSet(&counters{blobs: blobs, logger: logger}), logger)
}

type counters struct {
	blobs  blobstore.Store
	logger hclog.Logger
	mu     sync.Mutex // makes read-add-write of one Put atomic
}

func (c *counters) Put(ctx context.Context, key string, value int64, adder counterrpc.Adder) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	current, err := c.read(key)
	if err != nil {
		return err
	}
	sum, err := adder.Sum(ctx, current, value)
	if err != nil {
		c.logger.Error("add helper failed", "key", key, "error", err)
		return status.Errorf(codes.Unavailable, "put %q: %v", key, err)
	}
	c.logger.Info("put", "key", key, "value", value, "sum", sum)
	if err := c.blobs.Put(key, []byte(strconv.FormatInt(sum, 10))); err != nil {
		return status.Errorf(codes.InvalidArgument, "put %q: %v", key, err)
	}
	return nil
}

func (c *counters) Get(_ context.Context, key string) (int64, error) {
	c.logger.Debug("get", "key", key)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.read(key)
}

func (c *counters) read(key string) (int64, error) {
	raw, found, err := c.blobs.Get(key)
	if err != nil {
		return 0, status.Errorf(codes.InvalidArgument, "key %q: %v", key, err)
	}
	if !found {
		return 0, nil
	}
	v, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, status.Errorf(codes.DataLoss, "stored counter %q is not an integer: %q", key, raw)
	}
	return v, nil
}
