// Package hostutil holds what the Go interop hosts share: reading the plugin
// command and log level from the environment, starting a go-plugin client
// and always tearing it down.
package hostutil

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
)

// killGrace bounds how long Close lets go-plugin's own Kill run (it waits up
// to 2 s for a graceful exit, then SIGKILLs the direct child) before the
// whole process group is killed.
const killGrace = 5 * time.Second

// PluginCommand builds `sh -c "$envVar"`. The command runs in its own process
// group so that Close can also stop what sh started.
func PluginCommand(envVar string) (*exec.Cmd, error) {
	line := os.Getenv(envVar)
	if strings.TrimSpace(line) == "" {
		return nil, fmt.Errorf("environment variable %s must hold the plugin command (run through sh -c)", envVar)
	}
	cmd := exec.Command("sh", "-c", line)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd, nil
}

// Logger returns a text hclog logger on stderr named "plugin" (go-plugin's
// default host logger name) at the level in envVar, or def when unset.
func Logger(envVar, def string) (hclog.Logger, error) {
	name := os.Getenv(envVar)
	if name == "" {
		name = def
	}
	level := hclog.LevelFromString(name)
	if level == hclog.NoLevel {
		return nil, fmt.Errorf("%s=%q is not a log level (trace, debug, info, warn, error, off)", envVar, name)
	}
	return hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: level, Output: os.Stderr}), nil
}

// Options describe one plugin session.
type Options struct {
	Cmd       *exec.Cmd
	Handshake plugin.HandshakeConfig
	Plugins   plugin.PluginSet
	AutoMTLS  bool
	Logger    hclog.Logger
}

// Session is one launched plugin. Close must always be called.
type Session struct {
	client *plugin.Client
	cmd    *exec.Cmd
	logger hclog.Logger
	rpc    plugin.ClientProtocol
}

// NewSession prepares the client; nothing runs until Connect.
func NewSession(o Options) *Session {
	c := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  o.Handshake,
		Plugins:          o.Plugins,
		Cmd:              o.Cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         o.AutoMTLS,
		Logger:           o.Logger,
	})
	return &Session{client: c, cmd: o.Cmd, logger: o.Logger}
}

// Connect launches the plugin, waits for its handshake and dials it.
func (s *Session) Connect() error {
	rpc, err := s.client.Client()
	if err != nil {
		return fmt.Errorf("start plugin: %v", err)
	}
	s.rpc = rpc
	return nil
}

// Dispense returns the local stub for key; Connect must have succeeded.
func (s *Session) Dispense(key string) (interface{}, error) {
	if s.rpc == nil {
		return nil, errors.New("plugin not connected")
	}
	raw, err := s.rpc.Dispense(key)
	if err != nil {
		return nil, fmt.Errorf("dispense %q: %v", key, err)
	}
	return raw, nil
}

// Ping runs go-plugin's health check (grpc.health.v1, service "plugin").
func (s *Session) Ping() error {
	if s.rpc == nil {
		return errors.New("plugin not connected")
	}
	if err := s.rpc.Ping(); err != nil {
		return fmt.Errorf("ping: %v", err)
	}
	return nil
}

// Close calls go-plugin's Kill and reports client.Exited() afterwards.
// go-plugin only kills its direct child (sh), and Kill waits until the
// plugin's stdout/stderr reach EOF, so the process group is SIGKILLed: first
// when the plugin never connected (nothing graceful is possible), and
// whenever Kill hangs or something of the group survives it.
func (s *Session) Close() bool {
	if s.rpc == nil {
		s.killGroup()
	}
	done := make(chan struct{})
	go func() {
		s.client.Kill()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(killGrace):
		s.logger.Warn("Kill did not return, killing the plugin's process group", "grace", killGrace)
		s.killGroup()
		<-done
	}
	s.killGroup()
	return s.client.Exited()
}

func (s *Session) killGroup() {
	if s.cmd.Process == nil {
		return
	}
	err := syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	if err == nil {
		s.logger.Warn("sent SIGKILL to the plugin's process group", "pgid", s.cmd.Process.Pid)
	} else if err != syscall.ESRCH {
		s.logger.Error("killing the plugin's process group", "pgid", s.cmd.Process.Pid, "error", err)
	}
}

// Finish prints the error (if any), closes the session (nil when nothing was
// launched) and prints the "plugin exited: true|false" line every host ends
// with. It returns the process exit code.
func Finish(prog string, s *Session, err error) int {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", prog, err)
	}
	if s != nil {
		fmt.Fprintf(os.Stderr, "plugin exited: %t\n", s.Close())
	}
	if err != nil {
		return 1
	}
	return 0
}

// CheckArgs validates "COMMAND ARGS..." against the number of arguments each
// command takes.
func CheckArgs(args []string, usage string, arity map[string]int) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	want, ok := arity[args[0]]
	if !ok {
		return fmt.Errorf("unknown command %q; %s", args[0], usage)
	}
	if len(args)-1 != want {
		return fmt.Errorf("%s takes %d argument(s), got %d; %s", args[0], want, len(args)-1, usage)
	}
	return nil
}
