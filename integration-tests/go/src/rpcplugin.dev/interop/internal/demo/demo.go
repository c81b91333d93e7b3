// Package demo holds what both go-plugin demos (KV and counter) share: the
// handshake of go-plugin's examples and the plugin-side start-up.
package demo

import (
	"os"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
)

// Handshake is the magic cookie and app protocol version of go-plugin's
// examples, used by both demos.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "BASIC_PLUGIN",
	MagicCookieValue: "hello",
}

// PluginLogger returns the hclog JSON logger (level TRACE) a plugin logs
// with. Call it before Serve: it keeps the real stderr, which the host reads,
// after Serve has redirected os.Stderr.
func PluginLogger() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{
		Level:      hclog.Trace,
		Output:     os.Stderr,
		JSONFormat: true,
	})
}

// Serve serves plugins over gRPC only until the host shuts the plugin down.
func Serve(plugins plugin.PluginSet, logger hclog.Logger) {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: Handshake,
		Plugins:         plugins,
		GRPCServer:      plugin.DefaultGRPCServer,
		Logger:          logger,
	})
}
