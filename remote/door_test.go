package remote

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/door"
	"guichet/local"
	"guichet/pos"
)

// doorBox is a box that opens doors as guichet ssh does: the words after
// the host name the door, which lets in Hamlet tonight.
func doorBox(t *testing.T, staffKeys []string, tune func(*Options)) *box {
	t.Helper()
	var b *box
	b = startBox(t, staffKeys, func(o *Options) {
		o.NewDoor = func(s Session, args []string) (tea.Model, func(), error) {
			name, p, err := counter.DoorFor(b.cat, strings.Join(args, " "), "", "hamlet-00", fixedNow)
			if err != nil {
				return nil, nil, err
			}
			m, err := door.New(door.Options{Service: b.svc, Door: name, Performance: p.ID, Lang: pos.English,
				Now: func() time.Time { return fixedNow }, Show: -1})
			return m, nil, err
		}
		o.DoorChanged = door.ChangedMsg()
		if tune != nil {
			tune(o)
		}
	})
	return b
}

// boxTill is a till of the register itself, its shift open.
func (b *box) boxTill(t *testing.T) *counter.Till {
	t.Helper()
	till, err := b.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { till.Close() })
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	return till
}

// sellGallery sells n places of tonight's standing gallery at till, and
// returns the order's tickets.
func sellGallery(t *testing.T, till *counter.Till, n int) []pos.Ticket {
	t.Helper()
	if err := till.AddTickets("hamlet-00", "galerie", "adult", n); err != nil {
		t.Fatal(err)
	}
	sale, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil {
		t.Fatal(err)
	}
	return sale.Order.Tickets
}

// TestADoorOpensBesideTheTills: a door at the entrance ran as its own
// process (guichet door), refused while the counter or the SSH tills held
// the register's file. Over SSH, as the user door, it opens beside the
// tills: it counts and admits what they sell as they sell it, its
// admissions are the register's journal entries under the door's name, no
// idle limit ends it (a quiet hour is a door's evening; the till idle as
// long ends), its login is a door's in the log, and when the register
// stops it is told its admissions are recorded (not its sales).
func TestADoorOpensBesideTheTills(t *testing.T) {
	claire, line := newKey(t, "claire")
	clock := newIdleClock()
	const lockAfter, releaseAfter, endAfter = 100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond
	b := doorBox(t, []string{line}, func(o *Options) {
		o.LockAfter, o.ReleaseAfter, o.EndAfter, o.Now = lockAfter, releaseAfter, endAfter, clock.Now
	})
	seller := b.boxTill(t)
	sold := sellGallery(t, seller, 1)
	d := b.connectDoor(claire, 80, 24, "porte nord")
	d.waitFor("porte nord · Hamlet", "admitted 0 / 1 sold")
	waitLog(t, b, "msg=login till=door-1 staff=claire")

	more := sellGallery(t, seller, 2) // at a till while the door is open: counted at once
	d.waitFor("admitted 0 / 3 sold")
	d.keys(sold[0].Number, "enter")
	d.waitFor("✔ "+sold[0].Number, "admitted 1 / 3 sold")

	till := b.connect(claire, 80, 24)
	till.unlock()
	if got := b.srv.TillNames(); len(got) != 1 || got[0] != "Claire Dubois" {
		t.Fatalf("TillNames = %q, want Claire Dubois's till alone: a door has no cart to empty", got)
	}
	clock.pass(endAfter)
	if out := till.waitEnd(); !strings.Contains(out, "session ended after") {
		t.Fatalf("the idle till did not end: %q", out[max(0, len(out)-200):])
	}
	d.keys(more[1].Number, "enter") // the door, as idle, still lets in
	d.waitFor("✔ "+more[1].Number, "admitted 2 / 3 sold")

	entries, err := b.reg.Entries(1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var admitted []string
	for _, v := range entries {
		e, err := local.DecodeEntry(v)
		if err != nil {
			t.Fatal(err)
		}
		if e.Type == local.TypeTicketAdmitted {
			if !strings.Contains(string(e.Payload), `"porte nord"`) {
				t.Errorf("an admission does not name the door: %s", e.Payload)
			}
			admitted = append(admitted, string(e.Payload))
		}
	}
	if len(admitted) != 2 {
		t.Fatalf("the journal holds %d admissions, want 2: %q", len(admitted), admitted)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := b.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if out := d.waitEnd(); !strings.Contains(out, "the register stopped; every ticket this door showed admitted is\r\nrecorded") {
		t.Fatalf("the door was not told the register stopped: %q", out[max(0, len(out)-200):])
	}
	waitLog(t, b, "msg=logout till=door-1 staff=claire")
}

// TestADoorThatMayNotOpenSaysWhy: a door with no name, or a name a door
// may not have, is refused with the sentence that says what to type, its
// exit status 1, and nothing of it reaches the journal but its session.
func TestADoorThatMayNotOpenSaysWhy(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := doorBox(t, []string{line}, nil)
	for _, tc := range []struct{ command, want string }{
		{" ", "guichet: the door's name must be 1 to 40 characters"},
		{strings.Repeat("x", 41), "guichet: the door's name must be 1 to 40 characters"},
	} {
		d := b.connectDoor(claire, 80, 24, tc.command)
		out := d.waitEnd()
		if !strings.Contains(out, tc.want) {
			t.Errorf("door %q: the client read %q, want %q", tc.command, out, tc.want)
		}
		if d.exitErr == nil {
			t.Errorf("door %q: exit status 0 for a refused door", tc.command)
		}
	}
	waitLog(t, b, "reason=refused")
	entries, err := b.reg.Entries(1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range entries {
		e, err := local.DecodeEntry(v)
		if err != nil {
			t.Fatal(err)
		}
		if e.Type == local.TypeTicketAdmitted {
			t.Errorf("a refused door journaled %s", e.Type)
		}
	}
}

// TestNoDoorWithoutNewDoor: a server that opens no door says so to the
// user door, and how to sell instead.
func TestNoDoorWithoutNewDoor(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	d := b.connectDoor(claire, 80, 24, "porte nord")
	if out := d.waitEnd(); !strings.Contains(out, "this register opens no door over SSH; connect as till@ to sell") {
		t.Fatalf("the client read %q", out)
	}
}
