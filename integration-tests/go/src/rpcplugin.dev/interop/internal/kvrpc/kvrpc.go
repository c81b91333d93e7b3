// Package kvrpc connects the KV service (proto.KV) to go-plugin: the
// handshake both sides share, the plugin-set entry, and the adapters between
// the generated gRPC code and a plain Go Store.
package kvrpc

import (
	"context"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"rpcplugin.dev/interop/proto/kv"
)

// PluginKey names the KV plugin in the plugin set. It never travels on the
// wire; it only selects the local stub.
const PluginKey = "kv_grpc"

// Store is what the plugin implements and what the host gets back.
type Store interface {
	Put(ctx context.Context, key string, value []byte) error
	Get(ctx context.Context, key string) ([]byte, error)
}

// Plugin is the go-plugin glue; Impl is only needed on the plugin side.
type Plugin struct {
	plugin.NetRPCUnsupportedPlugin
	Impl Store
}

// PluginSet returns the plugin set for hosts (impl nil) and plugins.
func PluginSet(impl Store) plugin.PluginSet {
	return plugin.PluginSet{PluginKey: &Plugin{Impl: impl}}
}

// GRPCServer registers proto.KV on the plugin's gRPC server.
func (p *Plugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	kv.RegisterKVServer(s, &server{impl: p.Impl})
	return nil
}

// GRPCClient wraps the shared connection in a Store.
func (p *Plugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return &client{stub: kv.NewKVClient(c)}, nil
}

type server struct {
	impl Store
}

func (s *server) Put(ctx context.Context, req *kv.PutRequest) (*kv.Empty, error) {
	return &kv.Empty{}, s.impl.Put(ctx, req.Key, req.Value)
}

func (s *server) Get(ctx context.Context, req *kv.GetRequest) (*kv.GetResponse, error) {
	v, err := s.impl.Get(ctx, req.Key)
	if err != nil {
		return nil, err
	}
	return &kv.GetResponse{Value: v}, nil
}

type client struct {
	stub kv.KVClient
}

func (c *client) Put(ctx context.Context, key string, value []byte) error {
	_, err := c.stub.Put(ctx, &kv.PutRequest{Key: key, Value: value})
	return err
}

func (c *client) Get(ctx context.Context, key string) ([]byte, error) {
	resp, err := c.stub.Get(ctx, &kv.GetRequest{Key: key})
	if err != nil {
		return nil, err
	}
	return resp.Value, nil
}
