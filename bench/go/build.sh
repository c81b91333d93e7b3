#!/usr/bin/env bash
# Builds the Go peer of the benchmarks (bench/go/bin/gohost) in GOPATH mode against Debian's
# go-plugin 1.0.1, reusing the KV protobuf code and the pair loop of integration-tests/go. Also
# builds the Go KV plugin there (integration-tests/go/build.sh), which both hosts launch.
set -euo pipefail

BENCH_GO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_GO/../.." && pwd)"
"$ROOT/integration-tests/go/build.sh" >&2

BIN="$BENCH_GO/bin/gohost"
if [ -x "$BIN" ] && [ -z "$(find "$BENCH_GO/src" "$BENCH_GO/build.sh" "$ROOT/integration-tests/go/src/rpcplugin.dev/interop/proto" "$ROOT/integration-tests/go/src/rpcplugin.dev/interop/pairloop" -newer "$BIN" -print -quit)" ]; then
  exit 0
fi
export GO111MODULE=off GOFLAGS=
export GOPATH="$BENCH_GO:$ROOT/integration-tests/go:/usr/share/gocode"
export GOCACHE="${GOCACHE:-$BENCH_GO/.gocache}"
mkdir -p "$BENCH_GO/bin" "$GOCACHE"
go build -o "$BIN" rpcplugin.dev/bench/gohost
touch "$BIN"
echo "bench/go/build.sh: built $BIN ($(go version))" >&2
