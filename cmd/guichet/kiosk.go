package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/kiosk"
	"guichet/payterm"
	"guichet/pos"
)

func init() {
	register("kiosk", "run the self-service kiosk (customers buy and exchange alone; locked console)", runKiosk)
}

// runKiosk runs the customer's screens until a member of staff leaves them
// (the hidden key sequence, then a PIN). Ctrl+C, Ctrl+Z, Ctrl+\ and
// SIGINT do nothing; SIGTERM (systemd stopping it) ends it. When the
// program fails, the screens start again.
func runKiosk(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("kiosk", "usage: guichet kiosk --terminal tcp://127.0.0.1:PORT [--catalog FILE] [--db FILE] [--register K01] [--lang fr|en] [--printer SPEC] [--idle 90s] [--exit-pin PIN] [--log FILE] [--log-format text|json]", stdout, stderr)
	sf := addServiceFlags(fs)
	// a customer takes a receipt with their tickets
	if err := fs.Set("receipts", string(counter.ReceiptsAlways)); err != nil {
		return err
	}
	fs.Lookup("receipts").DefValue = string(counter.ReceiptsAlways)
	terminal := fs.String("terminal", "", "the payment terminal: tcp://127.0.0.1:PORT (guichet terminal-sim)")
	idle := fs.Duration("idle", 90*time.Second, "idle time before \"still there?\" and a 10 s countdown back to the start")
	exitPIN := fs.String("exit-pin", "", "a PIN that leaves the kiosk (besides administrators' PINs), after the hidden keys")
	exitPINFile := fs.String("exit-pin-file", "", "a file holding the exit PIN (not on the command line, where ps shows it)")
	exitKeys := fs.String("exit-keys", "f12 f12 f12", "the hidden key sequence that asks for a staff PIN")
	fps := fs.Int("fps", 30, "most frames drawn per second with --tea-renderer")
	teaRenderer := fs.Bool("tea-renderer", false, "draw with Bubble Tea's renderer (a fixed frame rate) instead of drawing each frame when it changes")
	logPath := fs.String("log", "", "where the kiosk logs what customers do not see (default: DB.kiosk.log)")
	logFormat := fs.String("log-format", "text", logFormatUsage)
	exitFirst := fs.Bool("exit-after-first-frame", false, "") // hidden: the start-up benchmark
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q (see guichet kiosk -h)", rest[0])
	}
	if err := checkLogFormat(*logFormat); err != nil {
		return err
	}
	if *exitPINFile != "" {
		b, err := os.ReadFile(*exitPINFile)
		if err != nil {
			return pos.Errorf("cannot read the exit PIN: %w", missingFile(err, *exitPINFile))
		}
		*exitPIN = strings.TrimSpace(string(b))
		if *exitPIN == "" {
			return pos.Errorf("the exit PIN file %s is empty: write the exit PIN in it (4 to 12 digits), or leave --exit-pin-file out to leave with an administrator's PIN only", *exitPINFile)
		}
	}
	// typed on the kiosk's PIN screen (digits, at most 12) by staff, and
	// guessed at by any customer who finds the hidden keys: a staff PIN's rule
	if p := *exitPIN; p != "" && (strings.Trim(p, "0123456789") != "" || len(p) < 4 || len(p) > 12) {
		return pos.Errorf("the exit PIN is 4 to 12 digits, as a staff PIN: the kiosk's PIN screen takes digits only, and a shorter one a customer finds in a few tries")
	}
	var term payterm.Terminal
	if *terminal != "" {
		t, err := payterm.Open(*terminal)
		if err != nil {
			return err
		}
		term = t
	} else if !*exitFirst {
		return pos.Errorf("a kiosk takes payments on a terminal: give --terminal tcp://127.0.0.1:PORT (try guichet terminal-sim)")
	}
	if *logPath == "" {
		*logPath = *sf.db + ".kiosk.log"
	}
	logf, err := os.OpenFile(*logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return pos.Errorf("cannot open the kiosk's log: %w", err)
	}
	defer logf.Close()
	// as guichet ssh logs (--log-format): slog's records, one line each,
	// the print jobs that failed among them (counter.Options.Log)
	logger, err := newLogger(logf, *logFormat)
	if err != nil {
		return err
	}
	sf.log = logger
	// the kiosk's screens log on it too, their fields as the record's
	// attributes (err, stack, payment, order...)
	sf.acceptCatalog = kiosk.AcceptCatalog(logger)
	svc, language, closeService, err := sf.open("kiosk")
	if err != nil {
		return err
	}
	defer closeService()
	logger.Info("started", "register", svc.ID(), "db", *sf.db, "terminal", *terminal)
	// A kiosk whose catalog offers customers no method of the terminal's
	// would let them fill a cart and then refuse to take it: it does not
	// start, and the technician who starts it reads why (a warning would
	// be lost behind the kiosk's screens).
	if err := svc.Catalog().KioskPays(); err != nil {
		return err
	}

	// A locked console: the keys that would stop or suspend it arrive as
	// keys (raw mode) and do nothing; the signals themselves are ignored,
	// but SIGTERM (systemctl stop) ends the kiosk.
	ignoreStops()
	term_ := make(chan os.Signal, 1)
	signal.Notify(term_, syscall.SIGTERM)
	defer signal.Stop(term_)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-term_:
			logger.Info("stopping", "why", "signal")
			cancel()
		case <-ctx.Done():
		}
	}()
	for restarts := 0; ; restarts++ {
		m, err := kiosk.New(kiosk.Options{Service: svc, Terminal: term, Lang: language, Idle: *idle,
			ExitPIN: *exitPIN, ExitKeys: strings.Fields(*exitKeys), ExitAfterFirstFrame: *exitFirst,
			Log: logger})
		if err != nil {
			return err
		}
		err = runKioskScreens(ctx, m, *fps, *teaRenderer, *exitFirst)
		_ = m.Close()
		if m.Left() {
			logger.Info("stopping", "why", "staff left")
		}
		if m.Left() || *exitFirst || ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errTerminalGone) {
			// no one can buy at a terminal that hung up: the kiosk stops
			// (and frees the journal) for its supervisor to start it again
			logger.Error("stopping", "err", err.Error())
			return err
		}
		// anything else that ended the program: start the customer's flow again
		logger.Warn("the screens ended: starting again", "err", fmt.Sprint(err), "restarts", restarts+1)
		if restarts > 100 {
			return fmt.Errorf("the kiosk's screens keep failing: %v (see %s)", err, *logPath)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// runKioskScreens runs the kiosk's program on this process's terminal. The
// kiosk draws each frame when it changes (drawn.Screen): idle, nothing
// wakes its screens but the register's word that something changed (the
// printer's state among it). With teaRenderer, or when
// stdin or stdout is not a terminal, Bubble Tea's renderer draws at fps.
func runKioskScreens(ctx context.Context, m *kiosk.Model, fps int, teaRenderer, exitFirst bool) error {
	_, err := screen{teaRenderer: teaRenderer, fps: fps, opts: []tea.ProgramOption{tea.WithoutSignalHandler()},
		over: m.Left, exitAfterFirstFrame: exitFirst}.run(ctx, m)
	return err
}
