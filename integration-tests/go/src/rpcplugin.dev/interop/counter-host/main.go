// Command counter-host is a go-plugin 1.0.1 host for the broker demo.
//
//	counter-host put KEY N   add N to counter KEY; the plugin calls back the
//	                         host's AddHelper.Sum through the broker
//	counter-host get KEY     print the counter and a newline
//	counter-host ping        health-check the plugin, print "ok"
//
// Environment: COUNTER_PLUGIN (plugin command, run with sh -c),
// COUNTER_MTLS=1 (AutoMTLS), COUNTER_HOST_LOG_LEVEL (default debug). Ends with
// "plugin exited: true|false" on stderr; exit code 1 on any failure.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	hclog "github.com/hashicorp/go-hclog"

	"rpcplugin.dev/interop/internal/counterrpc"
	"rpcplugin.dev/interop/internal/demo"
	"rpcplugin.dev/interop/internal/hostutil"
)

func main() {
	cli := hostutil.CLI{
		Prog:        "counter-host",
		Usage:       "usage: counter-host put KEY N | get KEY | ping",
		Arity:       map[string]int{"put": 2, "get": 1, "ping": 0},
		Validate:    validate,
		CommandEnv:  "COUNTER_PLUGIN",
		MTLSEnv:     "COUNTER_MTLS",
		LogLevelEnv: "COUNTER_HOST_LOG_LEVEL",
		Handshake:   demo.Handshake,
		Plugins:     counterrpc.PluginSet(nil),
		PluginKey:   counterrpc.PluginKey,
		Run:         run,
	}
	os.Exit(cli.Main(os.Args[1:]))
}

func validate(args []string) error {
	if args[0] == "put" {
		if _, err := strconv.ParseInt(args[2], 10, 64); err != nil {
			return fmt.Errorf("put: N must be a 64-bit integer, got %q", args[2])
		}
	}
	return nil
}

func run(ctx context.Context, stub interface{}, logger hclog.Logger, args []string) error {
	c := stub.(counterrpc.Counter)
	switch args[0] {
	case "put":
		n, _ := strconv.ParseInt(args[2], 10, 64)
		if err := c.Put(ctx, args[1], n, adder{logger: logger}); err != nil {
			return fmt.Errorf("put %q: %v", args[1], err)
		}
	case "get":
		v, err := c.Get(ctx, args[1])
		if err != nil {
			return fmt.Errorf("get %q: %v", args[1], err)
		}
		fmt.Println(v)
	}
	return nil
}

// adder is the host-side AddHelper the plugin calls back.
type adder struct {
	logger hclog.Logger
}

func (a adder) Sum(_ context.Context, x, y int64) (int64, error) {
	a.logger.Debug("AddHelper.Sum called by the plugin", "a", x, "b", y)
	return x + y, nil
}
