package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"guichet/payterm"
	"guichet/pos"
)

func init() {
	register("terminal-sim", "a payment terminal simulator for the kiosk's demo and tests (127.0.0.1 only)", runTerminalSim)
}

// runTerminalSim serves the payment terminal's line protocol until it is
// stopped (ctrl+c, SIGTERM). Each line typed on stdin sets the next charge's answer: approved,
// declined, cancelled, timeout or lost (approved, answer never sent).
func runTerminalSim(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("terminal-sim", "usage: guichet terminal-sim [--listen 127.0.0.1:7011] [--delay 2s] [--timeout-after 30s]\n\n"+
		"Amount rules: cents .51 declined, .52 cancelled, .53 timed out, .54 approved with the answer lost;\n"+
		"anything else approved. A line on stdin (approved, declined, cancelled, timeout, lost) sets the next answer.", stdout, stderr)
	listen := fs.String("listen", "127.0.0.1:7011", "address to listen on (this machine only)")
	delay := fs.Duration("delay", 0, "how long the customer takes to tap the card")
	timeoutAfter := fs.Duration("timeout-after", 30*time.Second, "how long a charge that times out waits")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q (see guichet terminal-sim -h)", rest[0])
	}
	lang := langOf(stderr)
	// each charge's line, in the language of the person watching
	sim, err := payterm.Listen(*listen, func(line error) { fmt.Fprintln(stdout, pos.Say(line, lang)) })
	if err != nil {
		return err
	}
	defer sim.Close()
	sim.Delay, sim.TimeoutAfter = *delay, *timeoutAfter
	fmt.Fprintln(stdout, sayf(lang, "payment terminal simulator on %s (kiosk: --terminal %s)", sim.Addr(), sim.Spec()))
	sc := bufio.NewScanner(stdin)
	for sc.Scan() {
		o := payterm.Outcome(strings.TrimSpace(sc.Text()))
		if o == "" {
			continue
		}
		if err := sim.SetNext(o); err != nil {
			fmt.Fprintln(stderr, pos.Say(err, lang))
			continue
		}
		fmt.Fprintln(stdout, sayf(lang, "next charge: %s", o)) // o as typed: the word the simulator takes
	}
	if err := sc.Err(); err != nil {
		return err
	}
	// stdin ended (run in the background): serve until stopped
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
