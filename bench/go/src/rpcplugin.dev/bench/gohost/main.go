// Command gohost is the Go peer of bench/run: a go-plugin 1.0.1 host that
// launches a KV plugin executable directly (no shell in between, like the
// Java host it is compared with) and prints raw samples for the harness.
//
//	gohost -plugin PATH [-env K=V]... [-mtls]
//	       [-launches N [-warmup-launches W]]
//	       [-pairs-seconds S [-warmup-seconds W] [-callers C] [-rounds R]]
//	       [-fleet N] [-value-bytes B]
//	gohost -plugin PATH [-env K=V]... -serve
//
// Output (one line each, values separated by spaces):
//
//	launch_ms <sample> ...        host start -> first successful Put, per launch
//	pairs_per_sec <sample> ...    Put+Get pairs per second, per round
//	fleet_ms <ms>                 N plugins launched at once -> every one answered a Put
//
// With -serve it reads commands from stdin, one per line, and answers each
// with one line, so that a harness can interleave single launches with its
// own: "launch plain" or "launch mtls" -> "launch_ms <ms>"; "quit" (or EOF)
// ends it. A failed launch answers "error <message>".
//
// Host log level: warn (hclog text on stderr). Exit code 1 on any failure.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"rpcplugin.dev/interop/pairloop"
	"rpcplugin.dev/interop/proto/kv"
)

const pluginKey = "kv_grpc"

var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "BASIC_PLUGIN",
	MagicCookieValue: "hello",
}

type envList []string

func (e *envList) String() string { return strings.Join(*e, ",") }

func (e *envList) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("-env wants KEY=VALUE, got %q", v)
	}
	*e = append(*e, v)
	return nil
}

type config struct {
	path           string
	env            envList
	mtls           bool
	launches       int
	warmupLaunches int
	pairsSeconds   float64
	warmupSeconds  float64
	callers        int
	rounds         int
	fleet          int
	serve          bool
	value          []byte
	logger         hclog.Logger
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "gohost: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	var c config
	var valueBytes int
	flag.StringVar(&c.path, "plugin", "", "plugin executable (run directly)")
	flag.Var(&c.env, "env", "extra KEY=VALUE for the plugin (repeatable)")
	flag.BoolVar(&c.mtls, "mtls", false, "use AutoMTLS")
	flag.IntVar(&c.launches, "launches", 0, "measured launches")
	flag.IntVar(&c.warmupLaunches, "warmup-launches", 3, "launches before the measured ones")
	flag.Float64Var(&c.pairsSeconds, "pairs-seconds", 0, "seconds per measured round of Put+Get pairs")
	flag.Float64Var(&c.warmupSeconds, "warmup-seconds", 2, "seconds of pairs before the first round")
	flag.IntVar(&c.callers, "callers", 1, "concurrent goroutines running pairs")
	flag.IntVar(&c.rounds, "rounds", 1, "measured rounds of pairs")
	flag.IntVar(&c.fleet, "fleet", 0, "plugins launched at once (0: skip)")
	flag.BoolVar(&c.serve, "serve", false, "answer launch commands read from stdin")
	flag.IntVar(&valueBytes, "value-bytes", 16, "size of each stored value")
	flag.Parse()
	switch {
	case flag.NArg() != 0:
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	case c.path == "":
		return errors.New("-plugin PATH is required")
	case c.launches < 0 || c.warmupLaunches < 0 || c.pairsSeconds < 0 || c.warmupSeconds < 0:
		return errors.New("counts and durations must not be negative")
	case c.launches == 0 && c.pairsSeconds == 0 && c.fleet == 0 && !c.serve:
		return errors.New("nothing to measure: give -launches N, -pairs-seconds S and/or -fleet N")
	case c.fleet < 0:
		return fmt.Errorf("-fleet must not be negative, got %d", c.fleet)
	case c.callers < 1 || c.rounds < 1:
		return fmt.Errorf("-callers (%d) and -rounds (%d) must be at least 1", c.callers, c.rounds)
	}
	c.value = bytes.Repeat([]byte{'v'}, valueBytes)
	c.logger = hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Warn, Output: os.Stderr})
	if c.serve {
		return serve(c)
	}
	if c.launches > 0 {
		if err := measureLaunches(c); err != nil {
			return err
		}
	}
	if c.fleet > 0 {
		if err := measureFleet(c); err != nil {
			return err
		}
	}
	if c.pairsSeconds > 0 {
		return measurePairs(c)
	}
	return nil
}

// kvPlugin is the go-plugin glue of the host side only.
type kvPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (kvPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return errors.New("host side only")
}

func (kvPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return kv.NewKVClient(c), nil
}

func newClient(c config) *plugin.Client {
	cmd := exec.Command(c.path)
	cmd.Env = append([]string{}, c.env...)
	return plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  handshake,
		Plugins:          plugin.PluginSet{pluginKey: kvPlugin{}},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         c.mtls,
		Logger:           c.logger,
	})
}

func connect(client *plugin.Client) (kv.KVClient, error) {
	rpc, err := client.Client()
	if err != nil {
		return nil, fmt.Errorf("start plugin: %v", err)
	}
	raw, err := rpc.Dispense(pluginKey)
	if err != nil {
		return nil, fmt.Errorf("dispense: %v", err)
	}
	return raw.(kv.KVClient), nil
}

// launchOnce times host start -> first successful Put; Kill is not timed.
func launchOnce(c config) (time.Duration, error) {
	start := time.Now()
	client := newClient(c)
	stub, err := connect(client)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err = stub.Put(ctx, &kv.PutRequest{Key: "bench-launch", Value: c.value})
		cancel()
	}
	elapsed := time.Since(start)
	client.Kill()
	return elapsed, err
}

func millis(d time.Duration) string {
	return fmt.Sprintf("%.3f", float64(d.Nanoseconds())/1e6)
}

func measureLaunches(c config) error {
	samples := make([]string, 0, c.launches)
	for i := 0; i < c.warmupLaunches+c.launches; i++ {
		elapsed, err := launchOnce(c)
		if err != nil {
			return fmt.Errorf("launch %d: %v", i+1, err)
		}
		if i >= c.warmupLaunches {
			samples = append(samples, millis(elapsed))
		}
	}
	fmt.Printf("launch_ms %s\n", strings.Join(samples, " "))
	return nil
}

func serve(c config) error {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch command := strings.TrimSpace(in.Text()); command {
		case "quit":
			return nil
		case "launch plain", "launch mtls":
			c.mtls = command == "launch mtls"
			elapsed, err := launchOnce(c)
			if err != nil {
				fmt.Printf("error %v\n", err)
			} else {
				fmt.Printf("launch_ms %s\n", millis(elapsed))
			}
		default:
			fmt.Printf("error unknown command %q\n", command)
		}
	}
	return in.Err()
}

// measureFleet launches c.fleet plugins at once, one goroutine each, and
// times until every one has answered its first Put.
func measureFleet(c config) error {
	clients := make([]*plugin.Client, c.fleet)
	errs := make([]error, c.fleet)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range clients {
		clients[i] = newClient(c)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			stub, err := connect(clients[i])
			if err == nil {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				_, err = stub.Put(ctx, &kv.PutRequest{Key: "bench-fleet", Value: c.value})
				cancel()
			}
			errs[i] = err
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, client := range clients {
		wg.Add(1)
		go func(client *plugin.Client) {
			defer wg.Done()
			client.Kill()
		}(client)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("fleet plugin %d: %v", i+1, err)
		}
	}
	fmt.Printf("fleet_ms %.3f\n", float64(elapsed.Nanoseconds())/1e6)
	return nil
}

func measurePairs(c config) error {
	client := newClient(c)
	defer client.Kill()
	stub, err := connect(client)
	if err != nil {
		return err
	}
	if c.warmupSeconds > 0 {
		if _, _, err := pairloop.Run(stubKV{stub}, c.callers, c.value, seconds(c.warmupSeconds)); err != nil {
			return fmt.Errorf("warm-up: %v", err)
		}
	}
	samples := make([]string, 0, c.rounds)
	for r := 0; r < c.rounds; r++ {
		n, elapsed, err := pairloop.Run(stubKV{stub}, c.callers, c.value, seconds(c.pairsSeconds))
		if err != nil {
			return err
		}
		samples = append(samples, fmt.Sprintf("%.1f", float64(n)/elapsed.Seconds()))
	}
	fmt.Printf("pairs_per_sec %s\n", strings.Join(samples, " "))
	return nil
}

func seconds(s float64) time.Duration {
	return time.Duration(s * float64(time.Second))
}

// stubKV is the KV service through its generated stub, as pairloop calls it.
type stubKV struct{ stub kv.KVClient }

func (s stubKV) Put(ctx context.Context, key string, value []byte) error {
	_, err := s.stub.Put(ctx, &kv.PutRequest{Key: key, Value: value})
	return err
}

func (s stubKV) Get(ctx context.Context, key string) ([]byte, error) {
	got, err := s.stub.Get(ctx, &kv.GetRequest{Key: key})
	if err != nil {
		return nil, err
	}
	return got.Value, nil
}
