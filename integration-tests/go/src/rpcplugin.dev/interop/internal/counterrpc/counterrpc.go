// Package counterrpc connects the broker demo (proto.Counter served by the
// plugin, proto.AddHelper served by the host on a brokered connection) to
// go-plugin.
package counterrpc

import (
	"context"
	"fmt"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"rpcplugin.dev/interop/proto/counter"
)

// PluginKey names the counter plugin in the plugin set.
const PluginKey = "counter"

// Adder is served by the host and called back by the plugin.
type Adder interface {
	Sum(ctx context.Context, a, b int64) (int64, error)
}

// Counter is implemented by the plugin. Put adds value to the stored counter
// by asking adder for the sum.
type Counter interface {
	Put(ctx context.Context, key string, value int64, adder Adder) error
	Get(ctx context.Context, key string) (int64, error)
}

// Plugin is the go-plugin glue; Impl is only needed on the plugin side.
type Plugin struct {
	plugin.NetRPCUnsupportedPlugin
	Impl Counter
}

// PluginSet returns the plugin set for hosts (impl nil) and plugins.
func PluginSet(impl Counter) plugin.PluginSet {
	return plugin.PluginSet{PluginKey: &Plugin{Impl: impl}}
}

// GRPCServer registers proto.Counter; Put dials the host's AddHelper through
// the broker.
func (p *Plugin) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	counter.RegisterCounterServer(s, &server{impl: p.Impl, broker: broker})
	return nil
}

// GRPCClient returns a Counter whose Put serves the given Adder on a fresh
// broker id.
func (p *Plugin) GRPCClient(_ context.Context, broker *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return &client{stub: counter.NewCounterClient(c), broker: broker}, nil
}

type server struct {
	impl   Counter
	broker *plugin.GRPCBroker
}

func (s *server) Put(ctx context.Context, req *counter.PutRequest) (*counter.Empty, error) {
	conn, err := s.broker.Dial(req.AddServer)
	if err != nil {
		return nil, fmt.Errorf("dial add helper (broker id %d): %v", req.AddServer, err)
	}
	defer conn.Close()
	adder := &adderClient{stub: counter.NewAddHelperClient(conn), id: req.AddServer}
	return &counter.Empty{}, s.impl.Put(ctx, req.Key, req.Value, adder)
}

func (s *server) Get(ctx context.Context, req *counter.GetRequest) (*counter.GetResponse, error) {
	v, err := s.impl.Get(ctx, req.Key)
	if err != nil {
		return nil, err
	}
	return &counter.GetResponse{Value: v}, nil
}

type adderClient struct {
	stub counter.AddHelperClient
	id   uint32
}

func (a *adderClient) Sum(ctx context.Context, x, y int64) (int64, error) {
	resp, err := a.stub.Sum(ctx, &counter.SumRequest{A: x, B: y})
	if err != nil {
		return 0, fmt.Errorf("AddHelper.Sum via broker id %d: %v", a.id, err)
	}
	return resp.R, nil
}

type client struct {
	stub   counter.CounterClient
	broker *plugin.GRPCBroker
}

// Put serves adder on a new broker id for the rest of the broker's life
// (AcceptAndServe returns only when the broker closes, i.e. on Kill).
func (c *client) Put(ctx context.Context, key string, value int64, adder Adder) error {
	id := c.broker.NextId()
	go c.broker.AcceptAndServe(id, func(opts []grpc.ServerOption) *grpc.Server {
		s := grpc.NewServer(opts...)
		counter.RegisterAddHelperServer(s, &adderServer{impl: adder})
		return s
	})
	_, err := c.stub.Put(ctx, &counter.PutRequest{AddServer: id, Key: key, Value: value})
	return err
}

func (c *client) Get(ctx context.Context, key string) (int64, error) {
	resp, err := c.stub.Get(ctx, &counter.GetRequest{Key: key})
	if err != nil {
		return 0, err
	}
	return resp.Value, nil
}

type adderServer struct {
	impl Adder
}

func (a *adderServer) Sum(ctx context.Context, req *counter.SumRequest) (*counter.SumResponse, error) {
	r, err := a.impl.Sum(ctx, req.A, req.B)
	if err != nil {
		return nil, err
	}
	return &counter.SumResponse{R: r}, nil
}
