// Package pairloop runs KV Put+Get pairs from many goroutines, the way both
// Go bench hosts (the interop one and bench/go's) measure a KV plugin.
package pairloop

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// KV is what a pair calls: the KV service as a host sees it.
type KV interface {
	Put(ctx context.Context, key string, value []byte) error
	Get(ctx context.Context, key string) ([]byte, error)
}

// Run runs Put+Get pairs on callers goroutines (own key each, every Get
// checked against the value just put) until d has passed and returns how
// many pairs completed and the wall time until all callers stopped. The
// first failure stops every caller and is returned.
func Run(store KV, callers int, value []byte, d time.Duration) (int64, time.Duration, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var count int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func(key string) {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if err := pair(ctx, store, key, value); err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				atomic.AddInt64(&count, 1)
			}
		}(fmt.Sprintf("bench-%d", i))
	}
	wg.Wait()
	return count, time.Since(start), firstErr
}

func pair(ctx context.Context, store KV, key string, value []byte) error {
	if err := store.Put(ctx, key, value); err != nil {
		return fmt.Errorf("put %q: %v", key, err)
	}
	got, err := store.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("get %q: %v", key, err)
	}
	if !bytes.Equal(got, value) {
		return fmt.Errorf("get %q returned %d bytes, want the %d just put", key, len(got), len(value))
	}
	return nil
}
