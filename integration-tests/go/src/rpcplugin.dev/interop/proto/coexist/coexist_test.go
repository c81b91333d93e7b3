// Package coexist checks that the KV and counter descriptor sets, which share
// the proto package name "proto" and several message names, can be linked
// into one Go binary. The interop binaries each load only one of them; this
// test documents what happens if both are loaded.
package coexist

import (
	"bytes"
	"log"
	"strings"
	"testing"

	"github.com/golang/protobuf/proto"

	"rpcplugin.dev/interop/proto/counter"
	"rpcplugin.dev/interop/proto/kv"
)

func TestBothDescriptorSetsMarshalIndependently(t *testing.T) {
	kvBytes, err := proto.Marshal(&kv.PutRequest{Key: "k", Value: []byte("v")})
	if err != nil {
		t.Fatalf("marshal kv.PutRequest: %v", err)
	}
	var kvBack kv.PutRequest
	if err := proto.Unmarshal(kvBytes, &kvBack); err != nil || kvBack.Key != "k" || string(kvBack.Value) != "v" {
		t.Fatalf("kv round trip failed: %v %+v", err, kvBack)
	}

	cBytes, err := proto.Marshal(&counter.PutRequest{AddServer: 7, Key: "k", Value: -3})
	if err != nil {
		t.Fatalf("marshal counter.PutRequest: %v", err)
	}
	var cBack counter.PutRequest
	if err := proto.Unmarshal(cBytes, &cBack); err != nil || cBack.AddServer != 7 || cBack.Key != "k" || cBack.Value != -3 {
		t.Fatalf("counter round trip failed: %v %+v", err, cBack)
	}
}

func TestDuplicateNamesOnlyWarnInTheGlobalRegistry(t *testing.T) {
	// golang/protobuf 1.3 keeps the first type registered under a full name
	// and logs (does not panic) for later duplicates. The generated init
	// functions have already run, so register once more to observe it.
	var out bytes.Buffer
	log.SetOutput(&out)
	defer log.SetOutput(nil)
	proto.RegisterType((*counter.GetRequest)(nil), "proto.GetRequest")
	if !strings.Contains(out.String(), "duplicate proto type registered: proto.GetRequest") {
		t.Fatalf("expected a duplicate-registration log line, got %q", out.String())
	}
	if proto.FileDescriptor("kv.proto") == nil || proto.FileDescriptor("counter.proto") == nil {
		t.Fatal("both file descriptors must stay registered under their distinct file names")
	}
}
