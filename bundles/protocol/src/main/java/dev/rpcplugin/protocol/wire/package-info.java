/**
 * Messages and service stubs generated from the project's go-plugin {@code .proto} files
 * (proto package {@code plugin}): broker, controller and stdio.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.rpcplugin.protocol.wire;
