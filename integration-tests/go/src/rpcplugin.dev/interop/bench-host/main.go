// Command bench-host measures a KV plugin from a go-plugin 1.0.1 host.
//
//	bench-host [-mtls] [-launches N] [-pairs-seconds S [-callers C]] [-value-bytes B]
//
// -launches N: N times, time from creating the client to the first
// successful Put; prints
//
//	launch_ms_median=… launch_ms_min=… launch_ms_max=… launches=N mtls=…
//
// -pairs-seconds S: against one plugin, after a 2 s warm-up, C goroutines
// each run Put+Get pairs (own key, Get checked) for S seconds; prints
//
//	pairs_per_sec=… pairs=… seconds=… callers=C mtls=…
//
// Environment: BENCH_PLUGIN (plugin command, run with sh -c),
// BENCH_HOST_LOG_LEVEL (default warn). Exit code 1 on any failure.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	hclog "github.com/hashicorp/go-hclog"

	"rpcplugin.dev/interop/internal/demo"
	"rpcplugin.dev/interop/internal/hostutil"
	"rpcplugin.dev/interop/internal/kvrpc"
	"rpcplugin.dev/interop/pairloop"
)

const warmUp = 2 * time.Second

type config struct {
	mtls         bool
	launches     int
	pairsSeconds float64
	callers      int
	value        []byte
	logger       hclog.Logger
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "bench-host: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	var c config
	var valueBytes int
	flag.BoolVar(&c.mtls, "mtls", false, "use AutoMTLS")
	flag.IntVar(&c.launches, "launches", 0, "measure this many launches (0: skip)")
	flag.Float64Var(&c.pairsSeconds, "pairs-seconds", 0, "measure Put+Get pairs for this many seconds (0: skip)")
	flag.IntVar(&c.callers, "callers", 1, "concurrent goroutines for -pairs-seconds")
	flag.IntVar(&valueBytes, "value-bytes", 16, "size of each stored value")
	flag.Parse()
	switch {
	case flag.NArg() != 0:
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	case c.launches < 0 || c.pairsSeconds < 0:
		return fmt.Errorf("-launches (%d) and -pairs-seconds (%g) must not be negative", c.launches, c.pairsSeconds)
	case c.launches == 0 && c.pairsSeconds == 0:
		return fmt.Errorf("nothing to measure: give -launches N and/or -pairs-seconds S")
	case c.callers < 1:
		return fmt.Errorf("-callers must be at least 1, got %d", c.callers)
	case valueBytes < 0:
		return fmt.Errorf("-value-bytes must not be negative, got %d", valueBytes)
	}
	c.value = bytes.Repeat([]byte{'v'}, valueBytes)
	logger, err := hostutil.Logger("BENCH_HOST_LOG_LEVEL", "warn")
	if err != nil {
		return err
	}
	c.logger = logger
	if c.launches > 0 {
		if err := measureLaunches(c); err != nil {
			return err
		}
	}
	if c.pairsSeconds > 0 {
		return measurePairs(c)
	}
	return nil
}

// connect starts a plugin and dispenses the KV store. The session is
// returned even on error so that the caller can close it.
func connect(c config) (*hostutil.Session, kvrpc.Store, error) {
	cmd, err := hostutil.PluginCommand("BENCH_PLUGIN")
	if err != nil {
		return nil, nil, err
	}
	s := hostutil.NewSession(hostutil.Options{
		Cmd:       cmd,
		Handshake: demo.Handshake,
		Plugins:   kvrpc.PluginSet(nil),
		AutoMTLS:  c.mtls,
		Logger:    c.logger,
	})
	if err := s.Connect(); err != nil {
		return s, nil, err
	}
	raw, err := s.Dispense(kvrpc.PluginKey)
	if err != nil {
		return s, nil, err
	}
	return s, raw.(kvrpc.Store), nil
}

func closeSession(s *hostutil.Session) {
	if s != nil {
		s.Close()
	}
}

func measureLaunches(c config) error {
	ms := make([]float64, 0, c.launches)
	for i := 0; i < c.launches; i++ {
		start := time.Now()
		s, store, err := connect(c)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), hostutil.CallTimeout)
			err = store.Put(ctx, "bench-launch", c.value)
			cancel()
		}
		elapsed := time.Since(start)
		closeSession(s)
		if err != nil {
			return fmt.Errorf("launch %d: %v", i+1, err)
		}
		ms = append(ms, float64(elapsed.Microseconds())/1000)
	}
	sort.Float64s(ms)
	fmt.Printf("launch_ms_median=%.3f launch_ms_min=%.3f launch_ms_max=%.3f launches=%d mtls=%t\n",
		median(ms), ms[0], ms[len(ms)-1], len(ms), c.mtls)
	return nil
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func measurePairs(c config) error {
	s, store, err := connect(c)
	defer closeSession(s)
	if err != nil {
		return err
	}
	if _, _, err := pairloop.Run(store, c.callers, c.value, warmUp); err != nil {
		return fmt.Errorf("warm-up: %v", err)
	}
	n, elapsed, err := pairloop.Run(store, c.callers, c.value, time.Duration(c.pairsSeconds*float64(time.Second)))
	if err != nil {
		return err
	}
	fmt.Printf("pairs_per_sec=%.1f pairs=%d seconds=%.3f callers=%d mtls=%t\n",
		float64(n)/elapsed.Seconds(), n, elapsed.Seconds(), c.callers, c.mtls)
	return nil
}
