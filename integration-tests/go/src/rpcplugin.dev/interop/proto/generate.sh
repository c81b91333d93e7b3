#!/usr/bin/env bash
# Regenerates kv/kv.pb.go and counter/counter.pb.go. The generated files are
# committed, so building needs only the Go toolchain and the Go libraries.
# Needs Debian bookworm's protobuf-compiler (protoc 3.21.12) and
# golang-goprotobuf-dev (protoc-gen-go 1.3.5, matching the
# github.com/golang/protobuf 1.3.5 that go-plugin 1.0.1 is built against).
set -euo pipefail
cd "$(dirname "$0")"
for svc in kv counter; do
  protoc -I "$svc" --go_out=plugins=grpc,paths=source_relative:"$svc" "$svc/$svc.proto"
done
