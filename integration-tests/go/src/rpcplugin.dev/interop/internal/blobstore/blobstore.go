// Package blobstore keeps the plugins' values either in files
// "<prefix><key>" in the working directory (the default, like go-plugin's
// examples) or in memory (for benchmarks).
package blobstore

import (
	"errors"
	"fmt"
	"io/ioutil"
	"os"
	"strings"
	"sync"
)

// Store holds byte values by key. Implementations are safe for concurrent use.
type Store interface {
	Put(key string, value []byte) error
	// Get reports found=false for a key never stored.
	Get(key string) (value []byte, found bool, err error)
}

// FromEnv returns a memory store when os.Getenv(memoryEnv) is "1", else a
// file store with the given name prefix.
func FromEnv(memoryEnv, prefix string) Store {
	if os.Getenv(memoryEnv) == "1" {
		return &memory{values: map[string][]byte{}}
	}
	return &files{prefix: prefix}
}

// CheckKey rejects keys that cannot be part of a file name.
func CheckKey(key string) error {
	if strings.ContainsAny(key, "/\x00") {
		return fmt.Errorf("key %q must not contain '/' or NUL", key)
	}
	return nil
}

type files struct {
	prefix string
	mu     sync.Mutex // serialises writes so readers never see a torn file
}

func (f *files) Put(key string, value []byte) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return ioutil.WriteFile(f.prefix+key, value, 0o644)
}

func (f *files) Get(key string) ([]byte, bool, error) {
	if err := CheckKey(key); err != nil {
		return nil, false, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, err := ioutil.ReadFile(f.prefix + key)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

type memory struct {
	mu     sync.RWMutex
	values map[string][]byte
}

func (m *memory) Put(key string, value []byte) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	v := append([]byte(nil), value...)
	m.mu.Lock()
	m.values[key] = v
	m.mu.Unlock()
	return nil
}

func (m *memory) Get(key string) ([]byte, bool, error) {
	if err := CheckKey(key); err != nil {
		return nil, false, err
	}
	m.mu.RLock()
	v, ok := m.values[key]
	m.mu.RUnlock()
	return v, ok, nil
}
