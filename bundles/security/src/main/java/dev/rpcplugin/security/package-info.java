/**
 * Security for go-plugin's gRPC plugin protocol: AutoMTLS certificates with go-plugin's profile,
 * PEM and DER encodings, certificate and key sources ({@code file://} URIs, paths, environment
 * variables, inline PEM), gRPC TLS contexts for host and plugin that trust exactly one pinned peer
 * certificate, and the SHA-256 check of a plugin executable.
 *
 * <p>Nothing here registers a JCA provider: keys and signatures use the JDK's own providers, and the
 * little DER and PEM this module reads and writes has its own small codecs, so it needs nothing
 * beyond the JDK.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.rpcplugin.security;
