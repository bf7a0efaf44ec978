package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"

	"guichet/tui"
)

func init() {
	register("counter", "open the register at the counter (the default)", runCounter)
}

// runCounter opens the register's file and its printer, and runs the
// counter screens on this terminal until the staff quit (ctrl+c).
func runCounter(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("counter", "usage: guichet [counter] [--catalog FILE] [--db FILE] [--register K01] [--lang fr|en] [--fps 30] [--printer SPEC] [--receipts ask|always|cash]", stdout, stderr)
	fps := fs.Int("fps", 30, "most frames drawn per second (lower it on slow links)")
	sf := addServiceFlags(fs)
	// Hidden: for benchmarks and the end-to-end test.
	exitFirst := fs.Bool("exit-after-first-frame", false, "")
	unlock := fs.String("unlock", "", "")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q (see guichet counter -h)", rest[0])
	}
	svc, language, closeService, err := sf.open()
	if err != nil {
		return err
	}
	defer closeService()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The screens hear of every change from the service: nothing polls, so
	// an idle register draws nothing.
	app := tui.New(tui.Options{Service: svc, Lang: language, Unlock: *unlock, ExitAfterFirstFrame: *exitFirst, Poll: -1})
	p := tea.NewProgram(app, tea.WithFPS(*fps), tea.WithContext(ctx)) // the terminal itself, not the streams
	changed, stopTelling := svc.Changes()
	defer stopTelling()
	go func() {
		for range changed {
			p.Send(tui.ChangedMsg())
		}
	}()
	_, err = p.Run()
	if t := app.Till(); t != nil {
		_ = t.Close()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil {
		err = nil
	}
	return err
}
