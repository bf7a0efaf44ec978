package main

import (
	"context"
	"errors"
	"io"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"guichet/pos"
	"guichet/tui"
)

func init() {
	register("counter", "open the register at the counter (the default)", runCounter)
}

// runCounter opens the register's file and its printer, and runs the
// counter screens on this terminal until the staff quit (ctrl+c).
func runCounter(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("counter", "usage: guichet [counter] [--catalog FILE] [--db FILE] [--register K01] [--lang fr|en] [--tea-renderer [--fps 30]] [--printer SPEC] [--receipts ask|always|cash]", stdout, stderr)
	fps := fs.Int("fps", 30, "most frames drawn per second with --tea-renderer (lower it on slow links)")
	teaRenderer := fs.Bool("tea-renderer", false, "draw with Bubble Tea's renderer (a fixed frame rate) instead of drawing each frame when it changes")
	sf := addServiceFlags(fs)
	// Hidden: for benchmarks and the end-to-end test.
	exitFirst := fs.Bool("exit-after-first-frame", false, "")
	unlock := fs.String("unlock", "", "")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q (see guichet counter -h)", rest[0])
	}
	svc, language, closeService, err := sf.open("counter")
	if err != nil {
		return err
	}
	defer closeService()

	// SIGHUP (the terminal hung up: an SSH connection dropped) ends the
	// screens as a hang-up read from the terminal does: the till and the
	// journal are closed, not left to the signal's abrupt exit
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGHUP)
	defer cancel()
	// The screens hear of every change from the service: nothing polls, so
	// an idle register draws nothing.
	app := tui.New(tui.Options{Service: svc, Lang: language, Unlock: *unlock, ExitAfterFirstFrame: *exitFirst, Poll: -1})
	changed, stopTelling := svc.Changes()
	defer stopTelling()
	printing, stopPrinting := svc.PrinterChanges()
	defer stopPrinting()
	// Each frame is drawn when it changes: idle, nothing wakes up.
	_, err = screen{teaRenderer: *teaRenderer, fps: *fps, started: func(p *tea.Program) {
		go func() {
			for range changed {
				p.Send(tui.ChangedMsg())
			}
		}()
		go func() {
			for range printing {
				p.Send(tui.PrinterMsg())
			}
		}()
	}}.run(ctx, app)
	app.CloseTill() // payments taken for a sale not recorded are journaled first
	switch {
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		err = errTerminalGone
	case errors.Is(err, tea.ErrProgramKilled):
		err = nil
	}
	return err
}
