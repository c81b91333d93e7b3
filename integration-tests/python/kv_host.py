#!/usr/bin/python3
"""A go-plugin host in Python on Debian's grpcio, for the interop tests: launches a KV plugin, puts and
gets one value, stops it through GRPCController/Shutdown.

    kv_host.py [--mtls] KEY VALUE PLUGIN [ARG...]

Prints "handshake <line>", "health SERVING", "got <value>" and "exit <status>", one line each; the
plugin's stderr passes through. With --mtls the host offers go-plugin's AutoMTLS: its own P-521
certificate in PLUGIN_CLIENT_CERT, and it trusts only the certificate of the handshake line. Exit status 1
with "kv_host.py: <what went wrong>" on stderr on any failure; the plugin is killed then.
"""

import base64
import os
import shutil
import subprocess
import sys
import tempfile

import grpc

from kv_plugin import HEALTH_SERVING, auto_mtls_identity, fields, length_delimited

CALL_TIMEOUT = 10
START_TIMEOUT = 20


def fail(message, plugin=None):
    sys.stderr.write("kv_host.py: %s\n" % message)
    if plugin is not None and plugin.poll() is None:
        plugin.kill()
        plugin.wait()
    sys.exit(1)


def main(argv):
    mtls = argv[:1] == ["--mtls"]
    if mtls:
        argv = argv[1:]
    if len(argv) < 3:
        fail("usage: kv_host.py [--mtls] KEY VALUE PLUGIN [ARG...]")
    key, value, command = argv[0], argv[1].encode("utf-8"), argv[2:]

    socket_directory = tempfile.mkdtemp(prefix="pyhost")
    try:
        return run(key, value, command, mtls, socket_directory)
    finally:
        # what the plugin left is checked by run(); this keeps a failed run from leaving the directory
        shutil.rmtree(socket_directory, ignore_errors=True)


def run(key, value, command, mtls, socket_directory):
    environment = dict(os.environ, BASIC_PLUGIN="hello", PLUGIN_PROTOCOL_VERSIONS="1",
                       PLUGIN_UNIX_SOCKET_DIR=socket_directory)
    identity = None
    if mtls:
        identity = auto_mtls_identity()
        environment["PLUGIN_CLIENT_CERT"] = identity.certificate_pem.decode("ascii")
    plugin = subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    try:
        line = plugin.stdout.readline().decode("utf-8").rstrip("\n")
    except OSError as e:
        fail("reading the handshake: %s" % e, plugin)
    if not line:
        plugin.wait()
        fail("the plugin exited with status %d before its handshake" % plugin.returncode)
    print("handshake " + line, flush=True)
    parts = line.split("|")
    if len(parts) < 6 or parts[0] != "1" or parts[1] != "1" or parts[2] != "unix" or parts[4] != "grpc":
        fail("unexpected handshake line %r" % line, plugin)
    target = "unix:" + parts[3]
    if mtls:
        if not parts[5]:
            fail("AutoMTLS asked for, but the handshake line carries no certificate", plugin)
        der = base64.b64decode(parts[5] + "=" * (-len(parts[5]) % 4))
        plugin_pem = ("-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der).decode("ascii")
                      + "-----END CERTIFICATE-----\n").encode("ascii")
        credentials = grpc.ssl_channel_credentials(root_certificates=plugin_pem, private_key=identity.key_pem,
                                                   certificate_chain=identity.certificate_pem)
        channel = grpc.secure_channel(target, credentials, options=(("grpc.ssl_target_name_override", "localhost"),))
    else:
        channel = grpc.insecure_channel(target)

    def call(path, request):
        return channel.unary_unary(path)(request, timeout=CALL_TIMEOUT)

    try:
        grpc.channel_ready_future(channel).result(timeout=START_TIMEOUT)
        status = fields(call("/grpc.health.v1.Health/Check", length_delimited(1, b"plugin"))).get(1, 0)
        if status != HEALTH_SERVING:
            fail("health of \"plugin\" is %d, not SERVING" % status, plugin)
        print("health SERVING", flush=True)
        call("/proto.KV/Put", length_delimited(1, key.encode("utf-8")) + length_delimited(2, value))
        got = fields(call("/proto.KV/Get", length_delimited(1, key.encode("utf-8")))).get(1, b"")
        print("got " + got.decode("utf-8"), flush=True)
    except (grpc.RpcError, grpc.FutureTimeoutError) as e:
        channel.close()
        fail("call failed: %s" % e, plugin)
    try:
        call("/plugin.GRPCController/Shutdown", b"")
    except grpc.RpcError as e:
        # go-plugin 1.0.1 stops its server at once, so the answer may be lost with the connection
        if e.code() != grpc.StatusCode.UNAVAILABLE:
            channel.close()
            fail("Shutdown failed: %s" % e, plugin)
    finally:
        channel.close()
    try:
        status = plugin.wait(timeout=CALL_TIMEOUT)
    except subprocess.TimeoutExpired:
        fail("the plugin did not exit within %d s of Shutdown" % CALL_TIMEOUT, plugin)
    print("exit %d" % status, flush=True)
    left = os.listdir(socket_directory)
    if left:
        fail("the plugin left %s in %s" % (sorted(left), socket_directory))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
