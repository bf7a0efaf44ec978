package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"guichet/counter"
	"guichet/kiosk"
	"guichet/payterm"
)

func init() {
	register("kiosk", "run the self-service kiosk (customers buy and exchange alone; locked console)", runKiosk)
}

// runKiosk runs the customer's screens until a member of staff leaves them
// (the hidden key sequence, then a PIN). Ctrl+C, Ctrl+Z, Ctrl+\ and
// SIGINT do nothing; SIGTERM (systemd stopping it) ends it. When the
// program fails, the screens start again.
func runKiosk(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("kiosk", "usage: guichet kiosk --terminal tcp://127.0.0.1:PORT [--catalog FILE] [--db FILE] [--register K01] [--lang fr|en] [--printer SPEC] [--idle 90s] [--exit-pin PIN]", stdout, stderr)
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
	exitFirst := fs.Bool("exit-after-first-frame", false, "") // hidden: the start-up benchmark
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q (see guichet kiosk -h)", rest[0])
	}
	if *exitPINFile != "" {
		b, err := os.ReadFile(*exitPINFile)
		if err != nil {
			return fmt.Errorf("cannot read the exit PIN: %w", err)
		}
		*exitPIN = strings.TrimSpace(string(b))
	}
	var term payterm.Terminal
	if *terminal != "" {
		t, err := payterm.Open(*terminal)
		if err != nil {
			return err
		}
		term = t
	} else if !*exitFirst {
		return errors.New("a kiosk takes payments on a terminal: give --terminal tcp://127.0.0.1:PORT (try guichet terminal-sim)")
	}
	if *logPath == "" {
		*logPath = *sf.db + ".kiosk.log"
	}
	logf, err := os.OpenFile(*logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("cannot open the kiosk's log: %w", err)
	}
	defer logf.Close()
	logger := log.New(logf, "", log.LstdFlags)
	svc, language, closeService, err := sf.open()
	if err != nil {
		return err
	}
	defer closeService()

	// A locked console: the keys that would stop or suspend it arrive as
	// keys (raw mode) and do nothing; the signals themselves are ignored,
	// but SIGTERM (systemctl stop) ends the kiosk.
	signal.Ignore(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP, syscall.SIGHUP)
	term_ := make(chan os.Signal, 1)
	signal.Notify(term_, syscall.SIGTERM)
	defer signal.Stop(term_)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-term_:
			logger.Print("kiosk: SIGTERM: stopping")
			cancel()
		case <-ctx.Done():
		}
	}()
	for restarts := 0; ; restarts++ {
		m, err := kiosk.New(kiosk.Options{Service: svc, Terminal: term, Lang: language, Idle: *idle,
			ExitPIN: *exitPIN, ExitKeys: strings.Fields(*exitKeys), ExitAfterFirstFrame: *exitFirst,
			Log: func(s string) { logger.Print(s) }})
		if err != nil {
			return err
		}
		err = runKioskScreens(ctx, m, *fps, *teaRenderer, *exitFirst)
		_ = m.Close()
		if m.Left() || *exitFirst || ctx.Err() != nil {
			return nil
		}
		// anything else that ended the program: start the customer's flow again
		logger.Printf("kiosk: the screens ended (%v): starting again", err)
		if restarts > 100 {
			return fmt.Errorf("the kiosk's screens keep failing: %v (see %s)", err, *logPath)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// runKioskScreens runs the kiosk's program on this process's terminal. The
// kiosk draws each frame when it changes (kiosk.Screen): idle, nothing
// wakes up but a look at the printer every 2 s. With teaRenderer, or when
// stdin or stdout is not a terminal, Bubble Tea's renderer draws at fps.
func runKioskScreens(ctx context.Context, m *kiosk.Model, fps int, teaRenderer, exitFirst bool) error {
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithoutSignalHandler()}
	if teaRenderer || !term.IsTerminal(int(os.Stdin.Fd())) || !term.IsTerminal(int(os.Stdout.Fd())) {
		_, err := tea.NewProgram(m, append(opts, tea.WithFPS(fps))...).Run()
		return err
	}
	scr := kiosk.NewScreen(m, os.Stdout, os.Environ())
	in, closeIn := polledInput()
	defer closeIn()
	// the reader ends as the screens do: SIGTERM, or staff leaving
	scr.Left = closeIn
	stop := context.AfterFunc(ctx, closeIn)
	defer stop()
	// Without a renderer Bubble Tea's frame ticker still runs: at its
	// slowest (1 a second) it has nothing to do.
	p := tea.NewProgram(scr, append(opts, tea.WithoutRenderer(), tea.WithFPS(1), tea.WithInput(in))...)
	restore, err := kiosk.Terminal(os.Stdin, os.Stdout, p)
	if err != nil {
		return err
	}
	defer restore()
	defer scr.Stop()
	if exitFirst {
		// the start-up benchmark: the process ends as the first frame is
		// drawn (Bubble Tea's shutdown may wait 500 ms for its reader)
		scr.FirstFrame = func() { scr.Stop(); restore(); os.Exit(0) }
	}
	_, err = p.Run()
	return err
}

// polledInput is the terminal opened again for Bubble Tea to read the keys
// from, through Go's poller. Given os.Stdin, Bubble Tea waits for a key in
// epoll_wait called as a system call, which holds a thread: at every key
// the runtime hands that thread's processor over to another and sysmon
// polls every 20 µs for a while (measured: 10-15% of a key's CPU, and half
// of the idle CPU, on the show list). The reader Bubble Tea gets is not a
// file, so it cannot cancel a read itself: closing the file ends it, which
// stop does (once) when the screens end. Without /proc, os.Stdin.
func polledInput() (in io.Reader, stop func()) {
	f, err := os.Open("/proc/self/fd/0")
	if err != nil {
		return os.Stdin, func() {}
	}
	var once sync.Once
	return struct{ io.Reader }{f}, func() { once.Do(func() { _ = f.Close() }) }
}
