// Package payterm is how the self-service kiosk takes a card: a payment
// terminal beside the screen charges an amount under a reference the
// register chose, and says what happened.
//
// A real terminal's adapter (a bank's ECR protocol, a TWINT or card
// terminal's local API) implements Terminal; the kiosk needs nothing else.
// Its rules:
//
//   - Charge asks the customer to pay amount on the terminal and waits for
//     the answer: Approved (with the terminal's reference, the approval
//     code, the card's brand and last four digits — never the full card
//     number), Declined, Cancelled (the customer pressed cancel on the
//     terminal) or TimedOut (nobody paid before the terminal gave up; no
//     money moved). It returns an error only when the outcome is unknown
//     (the terminal did not answer, the link broke): the kiosk then asks
//     Status.
//   - ref is unique per register and per charge (the register journals it
//     before Charge is called). A terminal that is asked to charge a ref it
//     already approved must answer with that approval, not charge again.
//   - Status says what the terminal did with a ref: the same outcomes, or
//     Unknown when it never saw it (no money moved). The kiosk asks it at
//     start for every charge whose answer it never recorded, so an approval
//     whose answer was lost (power cut, cable) becomes its order, once.
//
// Adapter here: TCP (the line protocol of `guichet terminal-sim`, see
// tcp.go), used by the demo and the tests.
package payterm

import (
	"context"
	"fmt"

	"guichet/pos"
)

// Outcome is what a terminal did with a charge.
type Outcome string

const (
	Approved  Outcome = "approved"
	Declined  Outcome = "declined"
	Cancelled Outcome = "cancelled"
	TimedOut  Outcome = "timeout"
	// Unknown: the terminal never saw this reference (Status only).
	Unknown Outcome = "unknown"
)

// Result is a terminal's answer for one reference.
type Result struct {
	Ref     string  `json:"ref"`
	Outcome Outcome `json:"outcome"`
	// Approved only: what the register records with the payment.
	TerminalRef string `json:"terminal_ref,omitempty"`
	Approval    string `json:"approval,omitempty"`
	Brand       string `json:"brand,omitempty"`
	Last4       string `json:"last4,omitempty"`
	// Amount charged (Approved), as the terminal saw it.
	Amount pos.Money `json:"amount,omitzero"`
	// Reason is the terminal's own words for a decline ("insufficient funds").
	Reason string `json:"reason,omitempty"`
}

// Card is an approval as the register records it on the payment.
func (r Result) Card() *pos.CardRef {
	return &pos.CardRef{Terminal: r.TerminalRef, Approval: r.Approval, Brand: r.Brand, Last4: r.Last4}
}

// Terminal is a payment terminal. Its methods may be called from any
// goroutine, one charge at a time.
type Terminal interface {
	Charge(ctx context.Context, amount pos.Money, ref string) (Result, error)
	Status(ctx context.Context, ref string) (Result, error)
}

// ErrUnreachable wraps every error that says the terminal could not be
// asked or did not answer: the outcome of the charge is unknown.
type ErrUnreachable struct{ Err error }

func (e *ErrUnreachable) Error() string {
	return fmt.Sprintf("the payment terminal did not answer: %v", e.Err)
}
func (e *ErrUnreachable) Unwrap() error { return e.Err }
