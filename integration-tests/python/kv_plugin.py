#!/usr/bin/python3
"""go-plugin's KV example plugin in Python, on Debian's grpcio, for the interop tests.

Speaks the go-plugin protocol as pyvider-rpcplugin and go-plugin's own SDK do: magic cookie
BASIC_PLUGIN=hello, app protocol version 1, a Unix socket in PLUGIN_UNIX_SOCKET_DIR (else TMPDIR), or
with KV_PLUGIN_TCP=1 a TCP port on 127.0.0.1, AutoMTLS when PLUGIN_CLIENT_CERT is set (a P-521
certificate of go-plugin's profile), the handshake line on stdout, hclog JSON lines on stderr. Serves /proto.KV/{Put,Get} (values in memory),
grpc.health.v1.Health ("plugin" SERVING) and /plugin.GRPCController/Shutdown; no stdio or broker
service, like plugins made with other SDKs.

Messages are coded by hand (a few fields), so that grpcio alone is needed: python3-grpcio and
python3-cryptography from Debian, run by /usr/bin/python3.
"""

import base64
import datetime
import json
import os
import random
import signal
import sys
import threading
from concurrent import futures

import grpc

COOKIE_KEY = "BASIC_PLUGIN"
COOKIE_VALUE = "hello"
APP_VERSION = 1
HEALTH_SERVING = 1


def log(level, message, **pairs):
    """One hclog JSON line on stderr, as go-plugin plugins write them."""
    record = {"@level": level, "@message": message, "@module": "kv-python",
              "@timestamp": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
    record.update(pairs)
    sys.stderr.write(json.dumps(record) + "\n")
    sys.stderr.flush()


# --- protobuf wire format, just what the KV and health messages need ---------------------------

def varint(value):
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def length_delimited(field, payload):
    return varint(field << 3 | 2) + varint(len(payload)) + payload


def fields(message):
    """Field number -> last value of each length-delimited or varint field."""
    found = {}
    position = 0
    while position < len(message):
        key, position = read_varint(message, position)
        field, wire_type = key >> 3, key & 7
        if wire_type == 0:
            found[field], position = read_varint(message, position)
        elif wire_type == 2:
            size, position = read_varint(message, position)
            if position + size > len(message):
                raise ValueError("truncated field %d" % field)
            found[field] = message[position:position + size]
            position += size
        else:
            raise ValueError("unexpected wire type %d of field %d" % (wire_type, field))
    return found


def read_varint(data, position):
    value = shift = 0
    while True:
        if position >= len(data):
            raise ValueError("truncated varint")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7


# --- services ---------------------------------------------------------------------------------

class KvStore:
    def __init__(self):
        self.values = {}
        self.lock = threading.Lock()

    def put(self, request, context):
        message = parse(request, context)
        key = message.get(1, b"").decode("utf-8")
        with self.lock:
            self.values[key] = message.get(2, b"")
        log("info", "put", key=key)
        return b""

    def get(self, request, context):
        key = parse(request, context).get(1, b"").decode("utf-8")
        with self.lock:
            value = self.values.get(key)
        if value is None:
            context.abort(grpc.StatusCode.NOT_FOUND, "no value for key %r" % key)
        log("debug", "get", key=key)
        return length_delimited(1, value) if value else b""


def parse(request, context):
    try:
        return fields(request)
    except ValueError as e:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "malformed request: %s" % e)


def health_check(request, context):
    return varint(1 << 3 | 0) + varint(HEALTH_SERVING)


def raw_unary(behaviour):
    # no (de)serialisers: requests and responses stay bytes
    return grpc.unary_unary_rpc_method_handler(behaviour)


# --- AutoMTLS ---------------------------------------------------------------------------------

class Identity:
    """A key and its self-signed certificate, PEM and DER."""

    def __init__(self, key_pem, certificate_pem, certificate_der):
        self.key_pem = key_pem
        self.certificate_pem = certificate_pem
        self.certificate_der = certificate_der


def auto_mtls_identity():
    """A fresh P-521 key and certificate of go-plugin's AutoMTLS profile (both sides make one)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP521R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "HashiCorp"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder()
                   .subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(random.SystemRandom().getrandbits(127) + 1)
                   .not_valid_before(now - datetime.timedelta(seconds=30))
                   .not_valid_after(now + datetime.timedelta(hours=262980))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                                key_encipherment=True, data_encipherment=False,
                                                key_agreement=True, key_cert_sign=True, crl_sign=False,
                                                encipher_only=False, decipher_only=False), critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH,
                                                         ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                   .sign(key, hashes.SHA512()))
    return Identity(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()),
                    certificate.public_bytes(serialization.Encoding.PEM),
                    certificate.public_bytes(serialization.Encoding.DER))


def auto_mtls_credentials(host_certificate_pem):
    """go-plugin's AutoMTLS server side: a fresh identity; the host's certificate is required."""
    identity = auto_mtls_identity()
    credentials = grpc.ssl_server_credentials([(identity.key_pem, identity.certificate_pem)],
                                              root_certificates=host_certificate_pem.encode("ascii"),
                                              require_client_auth=True)
    # handshake field 6: DER, standard base64 alphabet, no padding (Go's RawStdEncoding)
    field = base64.b64encode(identity.certificate_der).decode("ascii").rstrip("=")
    return credentials, field


# --- start-up ---------------------------------------------------------------------------------

def main():
    if os.environ.get(COOKIE_KEY) != COOKIE_VALUE:
        sys.stderr.write("This binary is a plugin. These are not meant to be executed directly.\n"
                         "Please execute the program that consumes these plugins, which will\n"
                         "load any plugins automatically\n")
        return 1
    offered = [entry.strip() for entry in os.environ.get("PLUGIN_PROTOCOL_VERSIONS", "").split(",")]
    if str(APP_VERSION) not in offered:
        sys.stderr.write("kv_plugin.py: the host offers app protocol versions %r, this plugin speaks %d\n"
                         % (offered, APP_VERSION))
        return 1
    # Ctrl-C reaches the whole process group; the host decides when its plugins end
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    # KV_PLUGIN_TCP=1: listen on 127.0.0.1 as plugins do where Unix sockets are missing
    tcp = os.environ.get("KV_PLUGIN_TCP") == "1"
    socket_path = None
    if tcp:
        address = "127.0.0.1:0"
    else:
        directory = os.environ.get("PLUGIN_UNIX_SOCKET_DIR") or os.environ.get("TMPDIR") or "/tmp"
        socket_path = os.path.join(directory, "plugin%010d" % random.SystemRandom().randrange(10 ** 10))
        address = "unix:" + socket_path

    store = KvStore()
    stopped = threading.Event()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))

    def shutdown(request, context):
        log("debug", "shutdown requested by the host")
        threading.Thread(target=stopped.set, daemon=True).start()
        return b""

    server.add_generic_rpc_handlers((
        grpc.method_handlers_generic_handler("proto.KV", {"Put": raw_unary(store.put), "Get": raw_unary(store.get)}),
        grpc.method_handlers_generic_handler("grpc.health.v1.Health", {"Check": raw_unary(health_check)}),
        grpc.method_handlers_generic_handler("plugin.GRPCController", {"Shutdown": raw_unary(shutdown)}),
    ))
    host_certificate = os.environ.get("PLUGIN_CLIENT_CERT", "")
    certificate_field = ""
    if host_certificate:
        credentials, certificate_field = auto_mtls_credentials(host_certificate)
        port = server.add_secure_port(address, credentials)
    else:
        port = server.add_insecure_port(address)
    if tcp:
        network, address = "tcp", "127.0.0.1:%d" % port
    else:
        network, address = "unix", socket_path
    server.start()
    signal.signal(signal.SIGTERM, lambda signum, frame: stopped.set())
    log("debug", "plugin address", network=network, address=address)

    sys.stdout.write("1|%d|%s|%s|grpc|%s\n" % (APP_VERSION, network, address, certificate_field))
    sys.stdout.flush()

    while not stopped.wait(1):
        pass
    server.stop(grace=1).wait()
    if socket_path:
        try:
            os.unlink(socket_path)
        except FileNotFoundError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
