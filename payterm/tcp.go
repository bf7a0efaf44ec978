package payterm

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"guichet/pos"
)

// The TCP line protocol (`guichet terminal-sim`): one connection per
// request; the register writes one JSON object and a newline, the terminal
// answers one JSON Result and a newline, then closes.
//
//	{"op":"charge","ref":"K01-P000012","amount":"CHF 40.00"}
//	{"op":"status","ref":"K01-P000012"}
//	{"op":"next","outcome":"declined"}   (simulator only: the next charge's outcome)
type request struct {
	Op      string    `json:"op"`
	Ref     string    `json:"ref,omitempty"`
	Amount  pos.Money `json:"amount,omitzero"`
	Outcome Outcome   `json:"outcome,omitempty"`
}

// TCP is the adapter for a terminal that speaks the line protocol.
type TCP struct {
	Addr string
	// ChargeTimeout is how long a charge may take, the customer's tap
	// included (default 2 min; the terminal's own timeout is shorter).
	ChargeTimeout time.Duration
	// StatusTimeout bounds a status question (default 5 s).
	StatusTimeout time.Duration
}

// Open makes the adapter a --terminal flag names: tcp://127.0.0.1:PORT.
func Open(spec string) (*TCP, error) {
	addr, ok := strings.CutPrefix(spec, "tcp://")
	if !ok || addr == "" {
		return nil, pos.Errorf("--terminal must be tcp://HOST:PORT (the terminal simulator: guichet terminal-sim), not %q", spec)
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, pos.Errorf("--terminal %q: %w", spec, err)
	}
	return &TCP{Addr: addr}, nil
}

// Charge asks the terminal to charge amount under ref.
func (t *TCP) Charge(ctx context.Context, amount pos.Money, ref string) (Result, error) {
	return t.ask(ctx, request{Op: "charge", Ref: ref, Amount: amount}, cmp(t.ChargeTimeout, 2*time.Minute))
}

// Status asks what the terminal did with ref.
func (t *TCP) Status(ctx context.Context, ref string) (Result, error) {
	return t.ask(ctx, request{Op: "status", Ref: ref}, cmp(t.StatusTimeout, 5*time.Second))
}

// Next tells a simulator what its next charge answers (tests, the demo).
func (t *TCP) Next(ctx context.Context, o Outcome) error {
	_, err := t.ask(ctx, request{Op: "next", Outcome: o}, 5*time.Second)
	return err
}

func cmp(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func (t *TCP) ask(ctx context.Context, req request, timeout time.Duration) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", t.Addr)
	if err != nil {
		return Result{}, &ErrUnreachable{err}
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
	defer stop()
	line, err := json.Marshal(req)
	if err != nil {
		return Result{}, err
	}
	if _, err := c.Write(append(line, '\n')); err != nil {
		return Result{}, &ErrUnreachable{err}
	}
	answer, err := bufio.NewReader(c).ReadBytes('\n')
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return Result{}, &ErrUnreachable{err}
	}
	var res Result
	if err := json.Unmarshal(answer, &res); err != nil {
		return Result{}, &ErrUnreachable{fmt.Errorf("an answer that is not the protocol's: %w", err)}
	}
	if res.Outcome == "" {
		return Result{}, &ErrUnreachable{errors.New("an answer with no outcome")}
	}
	if req.Ref != "" && res.Ref != "" && res.Ref != req.Ref {
		return Result{}, &ErrUnreachable{fmt.Errorf("an answer for %s, not %s", res.Ref, req.Ref)}
	}
	res.Ref = req.Ref
	return res, nil
}
