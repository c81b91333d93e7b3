/** Generated messages and gRPC stubs of the streaming example. */
@Export
@Version("1.0.0")
package dev.rpcplugin.examples.streaming;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
