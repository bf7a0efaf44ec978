package payterm

import (
	"context"
	"errors"
	"testing"
	"time"

	"guichet/pos"
)

func chf(minor int64) pos.Money { return pos.M(minor, "CHF") }

func TestTheSimulatorAnswersByAmountAndByCommand(t *testing.T) {
	sim, err := Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	sim.TimeoutAfter = 10 * time.Millisecond
	term, err := Open(sim.Spec())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		ref    string
		amount int64
		next   Outcome
		want   Outcome
	}{
		{"R1", 4000, "", Approved},
		{"R2", 4051, "", Declined},
		{"R3", 4052, "", Cancelled},
		{"R4", 4053, "", TimedOut},
		{"R5", 4000, Declined, Declined},
		{"R6", 4051, Approved, Approved}, // a command wins over the amount rule, once
		{"R7", 4051, "", Declined},
	} {
		if tc.next != "" {
			if err := term.Next(ctx, tc.next); err != nil {
				t.Fatal(err)
			}
		}
		res, err := term.Charge(ctx, chf(tc.amount), tc.ref)
		if err != nil || res.Outcome != tc.want || res.Ref != tc.ref {
			t.Fatalf("%s %d: %+v %v, want %s", tc.ref, tc.amount, res, err, tc.want)
		}
		if tc.want == Approved && (res.TerminalRef == "" || res.Approval == "" || len(res.Last4) != 4 || res.Amount != chf(tc.amount)) {
			t.Fatalf("%s: an approval without its references: %+v", tc.ref, res)
		}
	}
	// a reference approved is never charged twice: the same approval again
	first, _ := term.Status(ctx, "R1")
	again, err := term.Charge(ctx, chf(4000), "R1")
	if err != nil || again.TerminalRef != first.TerminalRef || sim.Approvals() != 2 {
		t.Fatalf("charging R1 again: %+v %v, %d approvals (want 2: R1, R6)", again, err, sim.Approvals())
	}
	if res, err := term.Status(ctx, "never"); err != nil || res.Outcome != Unknown {
		t.Fatalf("status of an unknown ref: %+v %v", res, err)
	}
}

func TestALostAnswerIsAnErrorAndTheStatusKnowsTheApproval(t *testing.T) {
	sim, err := Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	term, _ := Open(sim.Spec())
	ctx := context.Background()
	res, err := term.Charge(ctx, chf(4054), "L1")
	var un *ErrUnreachable
	if !errors.As(err, &un) {
		t.Fatalf("a lost answer gave %+v %v, want ErrUnreachable", res, err)
	}
	st, err := term.Status(ctx, "L1")
	if err != nil || st.Outcome != Approved || st.TerminalRef == "" {
		t.Fatalf("status after a lost answer: %+v %v", st, err)
	}
}

func TestTheSimulatorListensOnThisMachineOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:7011", ":7011"} {
		if s, err := Listen(addr, nil); err == nil {
			s.Close()
			t.Errorf("Listen(%q) accepted", addr)
		}
	}
	for _, spec := range []string{"127.0.0.1:7011", "tcp://", "udp://127.0.0.1:1", "tcp://nohost"} {
		if _, err := Open(spec); err == nil {
			t.Errorf("Open(%q) accepted", spec)
		}
	}
}

func TestATerminalThatDoesNotAnswerTimesOutAsUnreachable(t *testing.T) {
	sim, err := Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	sim.TimeoutAfter = time.Hour // never answers in time
	term, _ := Open(sim.Spec())
	term.ChargeTimeout = 50 * time.Millisecond
	_, err = term.Charge(context.Background(), chf(4053), "T1")
	var un *ErrUnreachable
	if !errors.As(err, &un) {
		t.Fatalf("err %v, want ErrUnreachable", err)
	}
}

// The simulator remembers its last Remember charges: one asked again
// within them is answered as it was (never charged twice); the oldest
// beyond them is forgotten (its status unknown), so a simulator left
// running keeps a bounded memory.
func TestTheSimulatorForgetsItsOldestCharges(t *testing.T) {
	sim, err := Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	sim.Remember = 3
	term, err := Open(sim.Spec())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, ref := range []string{"R1", "R2", "R3", "R2", "R4"} { // R2 again: still three remembered
		if res, err := term.Charge(ctx, chf(4000), ref); err != nil || res.Outcome != Approved {
			t.Fatalf("%s: %+v %v", ref, res, err)
		}
	}
	if sim.Approvals() != 4 {
		t.Fatalf("%d approvals, want 4 (R2 asked again is answered, not charged)", sim.Approvals())
	}
	if res, err := term.Status(ctx, "R1"); err != nil || res.Outcome != Unknown {
		t.Fatalf("the oldest charge beyond three: %+v %v, want it forgotten", res, err)
	}
	for _, ref := range []string{"R2", "R3", "R4"} {
		if res, err := term.Status(ctx, ref); err != nil || res.Outcome != Approved {
			t.Fatalf("%s, among the last three: %+v %v", ref, res, err)
		}
	}
	sim.mu.Lock()
	n, refs := len(sim.seen), len(sim.refs)
	sim.mu.Unlock()
	if n != 3 || refs != 3 {
		t.Fatalf("the simulator keeps %d charges (%d refs), want 3", n, refs)
	}
}

// TestTheStatusOfAChargeWaitingForATapIsNotNeverSeen: a register whose
// charge's link broke asks the status while the customer is still to tap.
// "Never seen" would have it close the charge as no money moved, and the
// tap then charges a customer with no order: the status waits for the
// charge's outcome, and a status that cannot wait long enough says nothing
// (unreachable: the outcome is unknown), never "unknown".
func TestTheStatusOfAChargeWaitingForATapIsNotNeverSeen(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status time.Duration
		want   Outcome // "": unreachable
	}{
		{"the tap comes while the status waits", 3 * time.Second, Approved},
		{"the status gives up first", 100 * time.Millisecond, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim, err := Listen("127.0.0.1:0", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer sim.Close()
			sim.Delay = 600 * time.Millisecond
			term, _ := Open(sim.Spec())
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, _ = term.Charge(context.Background(), chf(4000), "W1")
			}()
			time.Sleep(150 * time.Millisecond) // the customer has not tapped yet
			asker := &TCP{Addr: term.Addr, StatusTimeout: tc.status}
			st, err := asker.Status(context.Background(), "W1")
			var un *ErrUnreachable
			if tc.want == "" {
				if !errors.As(err, &un) {
					t.Fatalf("status %+v %v, want unreachable (the outcome is not known yet)", st, err)
				}
			} else if err != nil || st.Outcome != tc.want || st.TerminalRef == "" {
				t.Fatalf("status %+v %v, want %s", st, err, tc.want)
			}
			<-done
		})
	}
}

// TestTheSimulatorsLogIsSaidInTheWatchersLanguage: guichet terminal-sim
// --lang fr printed each charge in English ("R1 CHF 40.00: approved"); its
// lines are pos sentences, said in the language of the person watching.
func TestTheSimulatorsLogIsSaidInTheWatchersLanguage(t *testing.T) {
	lines := make(chan error, 10)
	sim, err := Listen("127.0.0.1:0", func(line error) { lines <- line })
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	term, _ := Open(sim.Spec())
	ctx := context.Background()
	for _, tc := range []struct {
		ref    string
		amount int64
		en, fr string
	}{
		{"R1", 4000, "R1 CHF 40.00: approved", "R1 CHF 40.00 : approuvé"},
		{"R2", 4051, "R2 CHF 40.51: declined", "R2 CHF 40.51 : refusé"},
		{"R3", 4052, "R3 CHF 40.52: cancelled", "R3 CHF 40.52 : annulé"},
		{"R1", 4000, "R1: already approved, answered again", "R1 : déjà approuvé, réponse donnée à nouveau"},
	} {
		if _, err := term.Charge(ctx, chf(tc.amount), tc.ref); err != nil {
			t.Fatal(err)
		}
		line := <-lines
		if line.Error() != tc.en || pos.Say(line, pos.French) != tc.fr {
			t.Errorf("%s: the log says %q, in French %q; want %q, %q", tc.ref, line.Error(), pos.Say(line, pos.French), tc.en, tc.fr)
		}
	}
	if err := sim.SetNext("maybe"); err == nil || pos.Say(err, pos.French) != "le simulateur répond approved, declined, cancelled, timeout ou lost, pas « maybe »" {
		t.Errorf("a wrong answer typed: %v, in French %q", err, pos.Say(err, pos.French))
	}
}
