package printers

import (
	"errors"
	"fmt"
	"net"
	"os"
)

// JobKind is what a print job is, as the staff know it: the paper they
// would look for (a ticket by its number, an order's receipt), not the
// queue's id.
type JobKind int

// Job kinds. A Job whose Kind is unset is named from what it holds: a
// ticket, a receipt, a drawer kick.
const (
	JobUnknown        JobKind = iota
	JobTicket                 // an admission ticket, pass or gift voucher: Ref is its number
	JobReceipt                // an order's receipt: Ref is the order's number
	JobRefundSlip             // a cancellation's refund slip: Ref is the order's number
	JobXReport                // a shift's X report: Ref is the shift
	JobZReport                // a shift's Z closure: Ref is the shift
	JobVoucherSlip            // a credit voucher's slip: Ref is the voucher's number
	JobTerminalRefund         // the slip of a card payment refunded on the terminal: Ref is the payment's reference
	JobDrawer                 // a cash drawer kick: Ref is its sale's order, if any
)

var jobKindNames = [...]string{"job", "ticket", "receipt", "refund slip", "X report", "Z closure", "credit voucher slip", "terminal refund slip", "drawer kick"}

func (k JobKind) String() string {
	if k < 0 || int(k) >= len(jobKindNames) {
		return "job"
	}
	return jobKindNames[k]
}

// JobRef names one job: what it is and the number staff find it by (Ref),
// with the queue's id for the log.
type JobRef struct {
	Kind JobKind
	Ref  string // the ticket's, order's, shift's or voucher's number; "" none
	ID   string // the queue's id (Job.ID)
}

// Named is the job as staff know it: its Kind and Ref when the queue set
// them, else what it holds says it.
func (j Job) Named() JobRef {
	r := JobRef{Kind: j.Kind, Ref: j.Ref, ID: j.ID}
	if r.Kind == JobUnknown {
		switch {
		case j.Ticket != nil:
			r.Kind = JobTicket
		case j.Receipt != nil:
			r.Kind = JobReceipt
		case j.Drawer:
			r.Kind = JobDrawer
		}
	}
	if r.Ref == "" {
		switch {
		case j.Ticket != nil:
			r.Ref = j.Ticket.TicketNumber
		case j.Receipt != nil:
			r.Ref = j.Receipt.OrderNumber
		default:
			r.Ref = j.Order
		}
	}
	return r
}

// String is the job in English, for logs: "ticket K01-000001-01".
func (r JobRef) String() string {
	switch {
	case r.Ref != "":
		return r.Kind.String() + " " + r.Ref
	case r.ID != "":
		return r.Kind.String() + " (print job " + r.ID + ")"
	}
	return r.Kind.String()
}

// FailureKind is what went wrong with a job.
type FailureKind int

// Failure kinds, by where the spooler met them.
const (
	FailNone FailureKind = iota
	// FailLayout: the job cannot be laid out for this printer (a QR too
	// big, a bad layout); it stays in the queue, the jobs behind it print.
	FailLayout
	// FailSend: its bytes could not be sent (the printer unreachable, the
	// write refused); it stays in the queue.
	FailSend
	// FailUnconfirmed: sent, but the printer stopped or vanished before it
	// confirmed printing; it stays in the queue and prints again.
	FailUnconfirmed
	// FailStopped: the register stopped while it printed; it prints again
	// at the next start.
	FailStopped
	// FailRecord: it printed, but the journal refused its record; the
	// record is tried again, the job never printed again.
	FailRecord
	// FailQueue: the print queue could not be read (no job named).
	FailQueue
)

// Failure is the last job that failed, as a value: the screens say it in
// their staff's language; Err keeps the error's own (English) words for
// the log. It is comparable, like the SpoolerState that holds it.
type Failure struct {
	Kind FailureKind
	Job  JobRef // the job; for a batch record, its first job
	// Others is how many more jobs it concerns (an order's jobs whose
	// record failed together).
	Others int
	// Problem is what the printer had when the job failed, when known:
	// ProblemUnreachable for a printer that did not connect, a status
	// problem (paper out, cover open) for one that stopped;
	// ProblemWriteFailed for a write refused otherwise (a disk full).
	Problem Problem
	// Again: the job stays in the print queue and prints (again) by
	// itself; false for a job that printed (FailRecord).
	Again bool
	Err   string // the error as the transport or journal said it, for the log
}

// String is the failure in English, for the log and command lines;
// In says it in another language, and FailureOf reads it back.
func (f Failure) String() string {
	if f.Kind == FailNone {
		return ""
	}
	return f.sentence(failureEnglish, f.Job.String(), f.Problem.String(), f.Err)
}

// sentence is f in one language's sentences, its job, problem and error
// already said in it.
func (f Failure) sentence(in map[FailureKind]string, job, problem, err string) string {
	if f.Others > 0 {
		job += fmt.Sprintf(in[othersKey(f.Others)], f.Others)
	}
	format, ok := in[f.Kind]
	switch {
	case f.Kind == FailUnconfirmed && f.Err == "":
		format, err = in[failStoppedPrinter], problem
	case !ok:
		format = in[failOther]
	}
	return fmt.Sprintf(format, job, err)
}

// writeProblem is the printer's problem a write error says: unreachable
// when the connection or device could not be opened or dropped; the write
// refused for another reason (a full disk, a device error): "check the
// cable or network" would send staff the wrong way.
func writeProblem(err error) Problem {
	var op *net.OpError
	if errors.As(err, &op) {
		return ProblemUnreachable
	}
	var pe *os.PathError
	if errors.As(err, &pe) && pe.Op == "open" {
		return ProblemUnreachable
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return ProblemUnreachable
	}
	return ProblemWriteFailed
}
