/** Generated messages and gRPC stubs of the counter example. */
@Export
@Version("1.0.0")
package dev.rpcplugin.examples.counter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
