/** Generated messages and gRPC stubs of the kv example. */
@Export
@Version("1.0.0")
package dev.rpcplugin.examples.kv;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
