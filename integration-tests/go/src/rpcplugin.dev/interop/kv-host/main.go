// Command kv-host is a go-plugin 1.0.1 host for the KV service.
//
//	kv-host put KEY VALUE   store VALUE under KEY
//	kv-host get KEY         print the value of KEY and a newline
//	kv-host ping            health-check the plugin, print "ok"
//
// Environment: KV_PLUGIN (plugin command, run with sh -c), KV_MTLS=1
// (AutoMTLS), KV_HOST_LOG_LEVEL (default debug). Ends with
// "plugin exited: true|false" on stderr; exit code 1 on any failure.
package main

import (
	"context"
	"fmt"
	"os"

	hclog "github.com/hashicorp/go-hclog"

	"rpcplugin.dev/interop/internal/demo"
	"rpcplugin.dev/interop/internal/hostutil"
	"rpcplugin.dev/interop/internal/kvrpc"
)

func main() {
	cli := hostutil.CLI{
		Prog:        "kv-host",
		Usage:       "usage: kv-host put KEY VALUE | get KEY | ping",
		Arity:       map[string]int{"put": 2, "get": 1, "ping": 0},
		CommandEnv:  "KV_PLUGIN",
		MTLSEnv:     "KV_MTLS",
		LogLevelEnv: "KV_HOST_LOG_LEVEL",
		Handshake:   demo.Handshake,
		Plugins:     kvrpc.PluginSet(nil),
		PluginKey:   kvrpc.PluginKey,
		Run:         run,
	}
	os.Exit(cli.Main(os.Args[1:]))
}

func run(ctx context.Context, stub interface{}, _ hclog.Logger, args []string) error {
	store := stub.(kvrpc.Store)
	switch args[0] {
	case "put":
		if err := store.Put(ctx, args[1], []byte(args[2])); err != nil {
			return fmt.Errorf("put %q: %v", args[1], err)
		}
	case "get":
		v, err := store.Get(ctx, args[1])
		if err != nil {
			return fmt.Errorf("get %q: %v", args[1], err)
		}
		fmt.Println(string(v))
	}
	return nil
}
