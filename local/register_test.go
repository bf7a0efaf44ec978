package local

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"guichet/pos"
)

func TestASaleIsRecordedAndQueuedForPrinting(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "F-11", "F-12"))
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	o, err := till.Checkout(cash())
	must(t, err)
	if o.Number != "K01-000001" || len(o.Tickets) != 4 || o.State != pos.OrderPaid {
		t.Fatalf("order %+v", o)
	}
	ov, ok, _ := r.Order(o.Number)
	if !ok || len(ov.Tickets) != 4 || ov.Tickets[0].QR == "" {
		t.Fatalf("order view %+v", ov)
	}
	claim, err := VerifyTicket(r.PublicKey(), ov.Tickets[0].QR)
	if err != nil || claim.Seat != "F-11" {
		t.Fatalf("claim %+v %v", claim, err)
	}
	q, err := r.PrintQueue()
	must(t, err)
	if len(q) != 4 || q[0].Ticket.Number != o.Tickets[0].Number || q[0].Event.In("fr") == "" {
		t.Fatalf("queue %+v", q)
	}
	must(t, r.MarkPrinted(q[0].ID))
	if q2, _ := r.PrintQueue(); len(q2) != 3 {
		t.Fatalf("queue after print: %d", len(q2))
	}
	sm, _ := r.SeatMap("hamlet-00", "parterre", till)
	if sm["F-11"] != SeatSold || sm["B-12"] != SeatBlocked {
		t.Fatalf("seat map %v", sm)
	}
	for _, z := range avail(t, r, "hamlet-00") {
		if z.Zone == "galerie" && (z.Capacity != 60 || z.Sold != 2 || z.Available != 58) {
			t.Fatalf("galerie %+v", z)
		}
	}
	if err := till.AddSeats("hamlet-00", "parterre", "adult", "F-12"); err == nil {
		t.Fatal("a sold seat was held again")
	}
	res, err := func() (VerifyResult, error) { r.Close(); return Verify(r.path) }()
	if err != nil || res.Entries < 8 {
		t.Fatalf("verify %+v %v", res, err)
	}
}

func TestSecondOpenNamesTheHolder(t *testing.T) {
	r, _ := openTest(t, "")
	_, err := Open(Options{Path: r.path, Catalog: r.cat(), LockTimeout: 50e6})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	t.Log(err)
}

// TestSecondOpenIsToldWhatTheHolderServes: the pid file says what the
// process that has the journal serves; a second open is given it with the
// pid. A pid file of the older form (the pid alone) still names the pid.
func TestSecondOpenIsToldWhatTheHolderServes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: func() time.Time { return testToday }, Serves: "ssh 127.0.0.1:2300"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var locked *LockedError
	_, err = Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: func() time.Time { return testToday }, LockTimeout: 50e6, Serves: "counter"})
	if !errors.As(err, &locked) || locked.PID != os.Getpid() || locked.Serves != "ssh 127.0.0.1:2300" || locked.Path != path {
		t.Fatalf("second open: %v (%+v)", err, locked)
	}
	if err := os.WriteFile(pidPath(path), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: func() time.Time { return testToday }, LockTimeout: 50e6})
	if !errors.As(err, &locked) || locked.PID != os.Getpid() || locked.Serves != "" {
		t.Fatalf("beside an older pid file: %v (%+v)", err, locked)
	}
}
