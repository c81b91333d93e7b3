#!/usr/bin/env bash
# Stages the Go KV demo (the Go KV plugin of the interop tests and its configuration) into
# target/go-kv-demo/ for the distribution, building the Go peers first when Go and Debian's
# go-plugin are installed. Without them the demo is left out and the build goes on.
set -euo pipefail

DEMO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONTAINER_DIR="$(cd "$DEMO_DIR/../../.." && pwd)"
GO_DIR="$CONTAINER_DIR/../integration-tests/go"
STAGE="$CONTAINER_DIR/target/go-kv-demo"

rm -rf "$STAGE"
if ! command -v go >/dev/null 2>&1 || [ ! -d /usr/share/gocode/src/github.com/hashicorp/go-plugin ]; then
  echo "go-kv-demo: Go or go-plugin is not installed (.ci/prerequisites installs both);" \
       "the distribution is built without the Go KV demo"
  exit 0
fi
bash "$GO_DIR/build.sh"
mkdir -p "$STAGE/plugins/go-kv-plugin" "$STAGE/etc"
cp "$GO_DIR/bin/kv-plugin" "$STAGE/plugins/go-kv-plugin/kv-plugin"
cp "$DEMO_DIR/etc/dev.rpcplugin.plugin-kv-go.cfg" "$STAGE/etc/"
echo "go-kv-demo: staged the Go KV plugin and its configuration in $STAGE"
