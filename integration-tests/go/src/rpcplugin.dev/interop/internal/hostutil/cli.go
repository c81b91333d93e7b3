package hostutil

import (
	"context"
	"fmt"
	"os"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
)

// CallTimeout bounds each application RPC a command-line host makes.
const CallTimeout = 30 * time.Second

// CLI is a one-shot command-line host: "PROG COMMAND ARGS...". The command
// "ping" is built in; every other command is handled by Run.
type CLI struct {
	Prog  string
	Usage string
	// Arity maps each command (including "ping") to its argument count.
	Arity map[string]int
	// Validate optionally checks arguments further before anything starts.
	Validate func(args []string) error

	CommandEnv  string // plugin command, run with sh -c
	MTLSEnv     string // "1" turns on AutoMTLS
	LogLevelEnv string // host log level, default debug

	Handshake plugin.HandshakeConfig
	Plugins   plugin.PluginSet
	PluginKey string

	// Run gets the dispensed stub and a context bounded by CallTimeout.
	Run func(ctx context.Context, stub interface{}, logger hclog.Logger, args []string) error
}

// Main runs the command and returns the exit code: 0 on success, 1 on any
// failure (after a message on stderr). A launched plugin is always killed
// and the line "plugin exited: true|false" ends stderr.
func (c CLI) Main(args []string) int {
	if err := c.check(args); err != nil {
		return Finish(c.Prog, nil, err)
	}
	cmd, err := PluginCommand(c.CommandEnv)
	if err != nil {
		return Finish(c.Prog, nil, err)
	}
	logger, err := Logger(c.LogLevelEnv, "debug")
	if err != nil {
		return Finish(c.Prog, nil, err)
	}
	s := NewSession(Options{
		Cmd:       cmd,
		Handshake: c.Handshake,
		Plugins:   c.Plugins,
		AutoMTLS:  os.Getenv(c.MTLSEnv) == "1",
		Logger:    logger,
	})
	return Finish(c.Prog, s, c.act(s, logger, args))
}

func (c CLI) check(args []string) error {
	if err := CheckArgs(args, c.Usage, c.Arity); err != nil {
		return err
	}
	if c.Validate != nil {
		return c.Validate(args)
	}
	return nil
}

func (c CLI) act(s *Session, logger hclog.Logger, args []string) error {
	if err := s.Connect(); err != nil {
		return err
	}
	if args[0] == "ping" {
		if err := s.Ping(); err != nil {
			return err
		}
		fmt.Println("ok")
		return nil
	}
	stub, err := s.Dispense(c.PluginKey)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	return c.Run(ctx, stub, logger, args)
}
