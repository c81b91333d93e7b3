#!/usr/bin/env bash
# Builds the Go interop peers into integration-tests/go/bin/ in GOPATH mode
# against Debian's packaged Go libraries (no module proxy needed).
# Skips the build when no binary is older than any source file.
set -euo pipefail

GO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN_DIR="$GO_DIR/bin"
PROGRAMS=(kv-plugin kv-host counter-plugin counter-host bench-host)
PACKAGES=(
  github.com/hashicorp/go-plugin
  github.com/hashicorp/go-hclog
  google.golang.org/grpc
  github.com/golang/protobuf/proto
)
DEBIAN_PACKAGES="golang-go golang-github-hashicorp-go-plugin-dev golang-google-grpc-dev golang-github-golang-protobuf-1-3-dev"

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: 'go' not found; install golang-go and golang-github-hashicorp-go-plugin-dev" \
       "(apt-get install $DEBIAN_PACKAGES)" >&2
  exit 1
fi
for pkg in "${PACKAGES[@]}"; do
  if [ ! -d "/usr/share/gocode/src/$pkg" ]; then
    echo "build.sh: /usr/share/gocode/src/$pkg is missing; install golang-go and" \
         "golang-github-hashicorp-go-plugin-dev plus its gRPC dependencies" \
         "(apt-get install $DEBIAN_PACKAGES)" >&2
    exit 1
  fi
done

up_to_date() {
  local p
  for p in "${PROGRAMS[@]}"; do
    [ -x "$BIN_DIR/$p" ] || return 1
    if [ -n "$(find "$GO_DIR/src" "$GO_DIR/build.sh" -newer "$BIN_DIR/$p" -print -quit)" ]; then
      return 1
    fi
  done
}

if up_to_date; then
  echo "build.sh: binaries in $BIN_DIR are up to date"
  exit 0
fi

export GO111MODULE=off
export GOFLAGS=
export GOPATH="$GO_DIR:/usr/share/gocode"
export GOCACHE="${GOCACHE:-$GO_DIR/.gocache}"
mkdir -p "$BIN_DIR" "$GOCACHE"

for p in "${PROGRAMS[@]}"; do
  go build -o "$BIN_DIR/$p" "rpcplugin.dev/interop/$p"
  touch "$BIN_DIR/$p" # go may leave an unchanged binary untouched
done
echo "build.sh: built ${PROGRAMS[*]} into $BIN_DIR ($(go version))"
