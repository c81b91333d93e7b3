#!/usr/bin/env bash
# Go-with-Go self-test of the interop peers (for humans; the Java test suite
# runs the real interop tests). Builds, then runs each host against its Go
# plugin in a private temp dir and checks outputs, exit codes, forwarded log
# lines and that no plugin process is left behind.
set -euo pipefail

GO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="$GO_DIR/bin"
"$GO_DIR/build.sh"

WORK="$(mktemp -d /tmp/gst.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export TMPDIR="$WORK" # plugin sockets land here and vanish with it
unset KV_MTLS COUNTER_MTLS KV_PLUGIN_MEMORY COUNTER_PLUGIN_MEMORY KV_PLUGIN_NOISE \
      KV_HOST_LOG_LEVEL COUNTER_HOST_LOG_LEVEL

PASS=0
FAIL=0
RC=0
TS='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}(Z|[+-][0-9]{4})'

ok() { PASS=$((PASS + 1)); }
bad() {
  FAIL=$((FAIL + 1))
  echo "FAIL: $CASE: $*" >&2
  sed 's/^/    stderr| /' "$WORK/err" >&2
}

# Processes started from $BIN whose working directory is $WORK (zombies
# excluded): hosts and plugins of this run only.
leftovers() {
  local p
  for p in $(pgrep -f -- "$BIN/" || true); do
    [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$WORK" ] || continue
    [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] && continue
    echo "$p"
  done
}

# run NAME CMD... : runs CMD with stdout/stderr captured, then checks that
# nothing it started is still running.
run() {
  CASE="$1"
  shift
  RC=0
  "$@" >"$WORK/out" 2>"$WORK/err" || RC=$?
  local left
  left="$(leftovers)"
  if [ -n "$left" ]; then
    bad "processes left running: $(ps -o pid=,args= -p "$(echo $left | tr ' ' ,)")"
    kill -9 $left 2>/dev/null || true
  else
    ok
  fi
}

expect_rc() { if [ "$RC" -eq "$1" ]; then ok; else bad "exit code $RC, want $1"; fi; }
expect_out() {
  if [ "$(cat "$WORK/out")" = "$1" ]; then ok; else bad "stdout '$(cat "$WORK/out")', want '$1'"; fi
}
expect_err() { if grep -Eq -- "$1" "$WORK/err"; then ok; else bad "stderr lacks /$1/"; fi; }
expect_no_err() { if grep -Eq -- "$1" "$WORK/err"; then bad "stderr has /$1/"; else ok; fi; }
expect_exited() {
  if [ "$(tail -n 1 "$WORK/err")" = "plugin exited: true" ]; then ok; else bad "last stderr line is not 'plugin exited: true'"; fi
}

export KV_PLUGIN="$BIN/kv-plugin"
export COUNTER_PLUGIN="$BIN/counter-plugin"

# --- KV, plaintext ---------------------------------------------------------
run "kv put (plaintext)" "$BIN/kv-host" put greeting hello-world
expect_rc 0; expect_out ""; expect_exited
[ "$(cat kv_greeting)" = hello-world ] && ok || bad "file kv_greeting has '$(cat kv_greeting)'"
run "kv get (plaintext)" "$BIN/kv-host" get greeting
expect_rc 0; expect_out hello-world; expect_exited
run "kv ping (plaintext)" "$BIN/kv-host" ping
expect_rc 0; expect_out ok; expect_exited
run "kv get missing key" "$BIN/kv-host" get nothing-here
expect_rc 1; expect_out ""
expect_err '^kv-host: get "nothing-here": rpc error: code = NotFound desc = no value stored for key "nothing-here"$'
expect_exited

# --- KV, AutoMTLS ----------------------------------------------------------
run "kv put (mTLS)" env KV_MTLS=1 "$BIN/kv-host" put secret s3cr3t
expect_rc 0; expect_exited
expect_err "\[INFO\]  plugin: configuring client automatic mTLS"
expect_err "\[INFO\]  plugin\.sh: configuring server automatic mTLS: timestamp="
run "kv get (mTLS)" env KV_MTLS=1 "$BIN/kv-host" get secret
expect_rc 0; expect_out s3cr3t; expect_exited
run "kv ping (mTLS)" env KV_MTLS=1 "$BIN/kv-host" ping
expect_rc 0; expect_out ok; expect_exited

# --- KV, memory mode -------------------------------------------------------
run "kv put (memory)" env KV_PLUGIN_MEMORY=1 "$BIN/kv-host" put volatile v
expect_rc 0
[ ! -e kv_volatile ] && ok || bad "memory mode wrote kv_volatile"
run "kv get after restart (memory)" env KV_PLUGIN_MEMORY=1 "$BIN/kv-host" get volatile
expect_rc 1; expect_err "NotFound"

# --- forwarded plugin logs, level by level ---------------------------------
run "log: info put" "$BIN/kv-host" put some-key x
expect_err "^$TS \[INFO\]  plugin\.sh: put: key=some-key timestamp=$TS$"
run "log: debug get" "$BIN/kv-host" get some-key
expect_err "^$TS \[DEBUG\] plugin\.sh: get: key=some-key timestamp=$TS$"
run "log: warn" "$BIN/kv-host" put warn-me x
expect_err "^$TS \[WARN\]  plugin\.sh: warn requested: key=warn-me timestamp=$TS$"
run "log: error" "$BIN/kv-host" put error-me x
expect_err "^$TS \[ERROR\] plugin\.sh: error requested: key=error-me timestamp=$TS$"
run "log: trace shown at host level trace" env KV_HOST_LOG_LEVEL=trace "$BIN/kv-host" put trace-me x
expect_err "^$TS \[TRACE\] plugin\.sh: trace requested: key=trace-me timestamp=$TS$"
run "log: trace hidden at host level debug" "$BIN/kv-host" put trace-me x
expect_no_err "trace requested"
run "log: host level warn filters info" env KV_HOST_LOG_LEVEL=warn "$BIN/kv-host" put warn-me x
expect_rc 0; expect_no_err "\[INFO\]"; expect_no_err "\[DEBUG\]"
expect_err "\[WARN\]  plugin\.sh: warn requested: key=warn-me"

# --- counter (broker callback to the host) ---------------------------------
run "counter put 5" "$BIN/counter-host" put total 5
expect_rc 0; expect_exited
expect_err "\[DEBUG\] plugin: AddHelper\.Sum called by the plugin: a=0 b=5"
expect_err "\[INFO\]  plugin\.sh: put: .*key=total"
run "counter put 7" "$BIN/counter-host" put total 7
expect_rc 0
run "counter get" "$BIN/counter-host" get total
expect_rc 0; expect_out 12; expect_exited
run "counter ping" "$BIN/counter-host" ping
expect_rc 0; expect_out ok
run "counter put (mTLS) fails: go-plugin 1.0.1 issue #109" env COUNTER_MTLS=1 "$BIN/counter-host" put total 1
expect_rc 1; expect_exited
expect_err '^counter-host: put "total": rpc error: code = Unavailable desc = put "total": AddHelper\.Sum via broker id 1: rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: x509: certificate is valid for localhost, not unused"$'
run "counter unchanged after failed mTLS put" "$BIN/counter-host" get total
expect_out 12

# --- failures ----------------------------------------------------------------
run "usage error" "$BIN/kv-host" put only-key
expect_rc 1; expect_err "^kv-host: put takes 2 argument\(s\), got 1; usage: "
run "missing KV_PLUGIN" env -u KV_PLUGIN "$BIN/kv-host" ping
expect_rc 1; expect_err "^kv-host: environment variable KV_PLUGIN must hold the plugin command"
run "bad log level" env KV_HOST_LOG_LEVEL=loud "$BIN/kv-host" ping
expect_rc 1; expect_err '^kv-host: KV_HOST_LOG_LEVEL="loud" is not a log level'
run "stdout noise before handshake breaks a Go host" env KV_PLUGIN_NOISE=1 "$BIN/kv-host" ping
expect_rc 1; expect_exited
expect_err "^kv-host: start plugin: Unrecognized remote plugin message: noise before handshake$"
run "plugin run without cookie" env -u BASIC_PLUGIN "$BIN/kv-plugin"
expect_rc 1; expect_out ""
if [ "$(cat "$WORK/err")" = "This binary is a plugin. These are not meant to be executed directly.
Please execute the program that consumes these plugins, which will
load any plugins automatically" ]; then ok; else bad "unexpected no-cookie message"; fi

# --- handshake lines printed by the plugin -----------------------------------
# handshake_line [ENV=VALUE...] : starts kv-plugin directly, prints its first
# stdout line and stops it.
handshake_line() {
  local fifo="$WORK/hs" pid line
  mkfifo "$fifo"
  env BASIC_PLUGIN=hello PLUGIN_PROTOCOL_VERSIONS=1 "$@" "$BIN/kv-plugin" >"$fifo" 2>/dev/null &
  pid=$!
  read -r line <"$fifo" || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$fifo"
  printf '%s\n' "$line"
}
CASE="handshake line (plaintext)"
line="$(handshake_line)"
[[ "$line" =~ ^1\|1\|unix\|$WORK/plugin[0-9]+\|grpc\|$ ]] && ok || bad "line '$line'"
CASE="handshake line (AutoMTLS)"
cert="$(openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
        -subj /CN=localhost -days 1 2>/dev/null || true)"
if [ -z "$cert" ]; then
  echo "skip: $CASE (openssl missing)" >&2
else
  line="$(handshake_line PLUGIN_CLIENT_CERT="$cert")"
  [[ "$line" =~ ^1\|1\|unix\|$WORK/plugin[0-9]+\|grpc\|[A-Za-z0-9+/]{51,}$ ]] && ok || bad "line '$line'"
fi

# --- bench-host smoke run -----------------------------------------------------
run "bench-host" env BENCH_PLUGIN="KV_PLUGIN_MEMORY=1 exec $BIN/kv-plugin" \
  "$BIN/bench-host" -launches 3 -pairs-seconds 1 -callers 2
expect_rc 0
if grep -Eq '^launch_ms_median=[0-9.]+ launch_ms_min=[0-9.]+ launch_ms_max=[0-9.]+ launches=3 mtls=false$' out &&
   grep -Eq '^pairs_per_sec=[0-9.]+ pairs=[0-9]+ seconds=[0-9.]+ callers=2 mtls=false$' out; then
  ok
else
  bad "bench output: $(cat out)"
fi

# --- both descriptor sets in one binary ---------------------------------------
CASE="proto coexistence test"
if (cd "$GO_DIR" && GO111MODULE=off GOFLAGS= GOPATH="$GO_DIR:/usr/share/gocode" \
    GOCACHE="${GOCACHE:-$GO_DIR/.gocache}" go test rpcplugin.dev/interop/proto/coexist) >"$WORK/err" 2>&1; then
  ok
else
  bad "go test failed"
fi

echo "selftest: $PASS checks passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
