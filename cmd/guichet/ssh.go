package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"guichet/counter"
	"guichet/door"
	"guichet/internal/cli"
	"guichet/pos"
	"guichet/remote"
	"guichet/tui"
)

func init() {
	register("ssh", "serve tills over SSH to the staff of staff_keys (and, with --console, on this terminal), and the doors at the entrance (ssh -t door@HOST NAME)", runSSH)
}

// isTerminal reports whether w is a terminal (a file that is one; the
// command's standard error wraps it, cli.File).
func isTerminal(w io.Writer) bool {
	f, ok := cli.File(w)
	return ok && term.IsTerminal(int(f.Fd()))
}

// runSSH opens the register's file and its printer once, and serves a till
// to each SSH session of a member of staff until SIGTERM (or, with
// --console, until the console's till quits).
func runSSH(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("ssh", "usage: guichet ssh [--listen 127.0.0.1:2222] [--staff-keys FILE] [--max-sessions 20] [--idle 5m] [--idle-release 20m] [--idle-end 1h] [--log-format text|json] [--log FILE] [--console] [--catalog FILE] [--db FILE] [--register K01] [--lang fr|en] [--fps 30] [--printer SPEC] [--receipts ask|always|cash] [--central URL --token-file FILE]", stdout, stderr)
	listen := fs.String("listen", "127.0.0.1:2222", "address to listen on (0.0.0.0:2222 for the whole network)")
	staffKeys := fs.String("staff-keys", "", "staff keys, authorized_keys format, each key's comment a staff id (default: staff_keys beside the journal)")
	hostKey := fs.String("host-key", "", "the server's Ed25519 host key, created when missing (default: beside the journal)")
	maxSessions := fs.Int("max-sessions", 20, "most tills open at once over SSH")
	idle := fs.Duration("idle", 5*time.Minute, "without a key this long the till locks (its PIN resumes it, the cart kept); 0 never")
	idleRelease := fs.Duration("idle-release", 20*time.Minute, "without a key this long the till closes and its cart is released; 0 never")
	idleEnd := fs.Duration("idle-end", time.Hour, "without a key this long the session ends; 0 never")
	logFormat := fs.String("log-format", "text", logFormatUsage)
	logPath := fs.String("log", "", "append the log to this file (default: stderr; with --console on a terminal, DB.ssh.log)")
	console := fs.Bool("console", false, "also open a till on this terminal; quitting it stops the server")
	fps := fs.Int("fps", 30, "most frames drawn per second and session (lower it on slow links)")
	sf := addServiceFlags(fs)
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q (see guichet ssh -h)", rest[0])
	}
	// A log line written to a standard error whose reader went away (a
	// pipe to a journal that restarted, `guichet ssh 2>&1 | head`) raised
	// SIGPIPE, which killed the server and every till with it: ignored,
	// the write fails instead, the line is lost (slog drops the error) and
	// the tills go on.
	signal.Ignore(syscall.SIGPIPE)
	if *logPath == "" && *console && isTerminal(stderr) {
		// the log's lines would be written over the console's till
		*logPath = *sf.db + ".ssh.log"
	}
	logTo := stderr
	if *logPath != "" {
		f, err := os.OpenFile(*logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o640)
		if err != nil {
			return pos.Errorf("cannot open the log file: %w", err)
		}
		defer f.Close()
		logTo = f
		fmt.Fprintf(stderr, "guichet ssh: the log goes to %s\n", *logPath)
	}
	log, err := newLogger(logTo, *logFormat)
	if err != nil {
		return err
	}
	if *idle > 0 && *idleRelease > 0 && *idleRelease < *idle || *idleRelease > 0 && *idleEnd > 0 && *idleEnd < *idleRelease {
		return pos.Errorf("the idle limits go in order: --idle, then --idle-release, then --idle-end")
	}
	if *staffKeys == "" {
		*staffKeys = filepath.Join(filepath.Dir(*sf.db), "staff_keys")
	}
	if *hostKey == "" {
		*hostKey = remote.HostKeyPath(*sf.db)
	}
	// before the register's file is opened: a first start refused for its
	// staff keys had already made the journal and its key (the demo's
	// register when --catalog was forgotten too)
	if _, err := os.Stat(*staffKeys); errors.Is(err, os.ErrNotExist) {
		return pos.Errorf("no staff keys file %s: create it with one line per member of staff, their public key and their staff id (ssh-ed25519 AAAA... claire), then start guichet ssh again", *staffKeys)
	}
	sf.log = log
	svc, language, closeService, err := sf.open("ssh " + *listen)
	if err != nil {
		return err
	}
	defer closeService()

	// tillName names a session's till where it journals a wrong PIN as
	// its login and logout name it ("K01/ssh-3"): which connection, from
	// which address, typed it
	tillName := func(session string) string { return svc.ID() + "/" + session }
	tillOptions := func(staff, pin, till string, keyUnlocks func() bool) tui.Options {
		o := tui.Options{Service: svc, Lang: language, Staff: staff, KeyUnlocks: keyUnlocks, Poll: -1, Till: till}
		if pin != "" {
			o.Unlock = staff + ":" + pin
		}
		return o
	}
	newApp := func(staff, pin, till string, keyUnlocks func() bool) *tui.App {
		return tui.New(tillOptions(staff, pin, till, keyUnlocks))
	}
	closeApp := func(app *tui.App) func() {
		return func() {
			app.CloseTill() // payments taken for a sale not recorded are journaled first
		}
	}

	srv, err := remote.New(remote.Options{
		Addr: *listen, HostKey: *hostKey, StaffKeys: *staffKeys, Catalog: svc.Catalog, Lang: language,
		MaxSessions: *maxSessions, LockAfter: *idle, ReleaseAfter: *idleRelease, EndAfter: *idleEnd, FPS: *fps,
		HoldFor: svc.HoldFor(),
		NewTill: func(s remote.Session) (tea.Model, func()) {
			pin := ""
			if s.NoPIN {
				if st, ok := svc.Catalog().StaffByID(s.Staff); ok {
					pin = st.PIN
				}
			}
			app := newApp(s.Staff, pin, tillName(s.ID), s.KeyUnlocks)
			return app, closeApp(app)
		},
		// a door at the entrance beside the tills: ssh -t -p 2222 door@boxoffice porte nord
		NewDoor: func(s remote.Session, args []string) (tea.Model, func(), error) {
			d, err := sshDoorArgs(args, language)
			if err != nil {
				return nil, nil, err
			}
			_, p, err := counter.DoorFor(svc.Catalog(), d.name, d.venue, d.perf, time.Now())
			if err != nil {
				return nil, nil, err
			}
			m, err := door.New(door.Options{Service: svc, Door: d.name, Performance: p.ID, Lang: d.lang, Show: d.show})
			return m, nil, err
		},
		DoorChanged: door.ChangedMsg(),
		// the PIN that resumes an idle till counts wrong ones as the unlock screen does
		CheckPIN: func(s remote.Session, pin string) error {
			return svc.CheckPINAt(s.Staff, pin, tillName(s.ID))
		},
		Lock: tui.LockMsg(), Changes: svc.Changes, Changed: tui.ChangedMsg(), // every commit and hold change told to every till: none polls
		PrinterChanges: svc.PrinterChanges, PrinterChanged: tui.PrinterMsg(), // the status line follows the printer
		Log: log,
		Journal: func(e remote.Event) {
			// who sold on which till from where, in the journal itself
			if err := svc.RecordSession(counter.TillSession{Event: e.Kind, Till: e.ID, Staff: e.Staff,
				Key: e.Key, Remote: e.Remote, Reason: e.Reason}); err != nil {
				log.Warn("the till's "+e.Kind+" could not be journaled", "till", e.ID, "err", err)
			}
		},
	})
	if err != nil {
		return err
	}
	if _, err := srv.Listen(); err != nil {
		return listenRefused(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()

	stop, stopSignals := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer stopSignals()
	consoleDone := make(chan error, 1)
	if *console {
		go func() {
			o := tillOptions("", "", tillName("console"), nil)
			// quitting the console stops the server: its question names
			// the SSH tills that close with it
			o.QuitStops = srv.TillNames
			app := tui.New(o)
			consoleDone <- srv.RunConsole(app, closeApp(app), tea.WithFPS(*fps), tea.WithInput(stdin), tea.WithOutput(stdout))
		}()
	}
	var runErr error
	select {
	case <-stop.Done():
		log.Info("stopping", "why", "signal")
	case runErr = <-consoleDone:
		log.Info("stopping", "why", "the console's till quit")
	case runErr = <-served:
		log.Error("serving stopped", "err", runErr)
	}
	sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer scancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("stopping", "err", err)
		runErr = errors.Join(runErr, err)
	}
	// "sessions=0" on every stop read as if none had been open
	if n := srv.Sessions(); n > 0 {
		log.Warn("stopped", "sessions_cut", n)
	} else {
		log.Info("stopped")
	}
	return runErr
}

// listenRefused completes a refused --listen with what to do: the bare
// "bind: address already in use" left the technician to guess that
// another program (a second guichet ssh, sshd on 22) had the port.
// The address leads the sentence, not Go's "listen on A: listen tcp A:
// bind: ..." chain (kept for errors.Is).
func listenRefused(err error) error {
	var op *net.OpError
	if !errors.As(err, &op) || op.Addr == nil {
		return err
	}
	addr := refusedListen{op.Addr.String(), err}
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return pos.Errorf("%w is taken: another program listens on that port (ss -ltnp names it): stop it, or give guichet ssh another port with --listen", addr)
	case errors.Is(err, syscall.EACCES):
		return pos.Errorf("cannot listen on %w: only root may listen on a port below 1024: give a higher one with --listen (0.0.0.0:2222)", addr)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return pos.Errorf("cannot listen on %w: this machine has no such address: give one of its own with --listen, or 0.0.0.0 for every network", addr)
	}
	return err
}

// refusedListen is a refused --listen said by its address alone, the
// system's error kept beneath it.
type refusedListen struct {
	addr string
	err  error
}

func (r refusedListen) Error() string { return r.addr }
func (r refusedListen) Unwrap() error { return r.err }
