package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// sellOne makes a register file with one paid order of two standing tickets,
// as the counter would, and returns the file and a ticket's QR payload.
func sellOne(t *testing.T) (db, qr string) {
	t.Helper()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cat, err := fixtures.DemoCatalog(now)
	if err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(t.TempDir(), "guichet.db")
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-01", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "cash", Tendered: pos.M(10000, "CHF")}})
	if err != nil {
		t.Fatal(err)
	}
	ov, ok, _ := r.Order(o.Number)
	if !ok || len(ov.Tickets) != 2 || ov.Tickets[0].QR == "" {
		t.Fatalf("order %s: %+v", o.Number, ov)
	}
	return db, ov.Tickets[0].QR
}

func TestJournalToolsOnARealSale(t *testing.T) {
	db, qr := sellOne(t)

	out, stderr, code := runGuichet(t, "", "", "journal", "verify", "--db", db)
	if code != 0 || !strings.Contains(out, "gapless") {
		t.Fatalf("verify: exit %d\n%s%s", code, out, stderr)
	}

	out, _, code = runGuichet(t, "", "", "journal", "export", "--db", db)
	if code != 0 {
		t.Fatalf("export: exit %d", code)
	}
	types := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e struct {
			Seq  uint64 `json:"seq"`
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		types[e.Type]++
	}
	if types["order.placed"] != 1 || types["ticket.issued"] != 2 || types["payment.captured"] != 1 || types["shift.opened"] != 1 {
		t.Errorf("exported entry types %v", types)
	}

	out, _, code = runGuichet(t, "", "", "journal", "stats", "--db", db)
	if code != 0 || !strings.Contains(out, `"orders": 1`) {
		t.Errorf("stats: exit %d\n%s", code, out)
	}

	out, _, code = runGuichet(t, "", "", "ticket", "verify", "--db", db, qr)
	if code != 0 || !strings.Contains(out, "valid") || !strings.Contains(out, "hamlet-01") {
		t.Errorf("ticket verify: exit %d\n%s", code, out)
	}
	forged := qr[:10] + string(qr[10]^1) + qr[11:]
	if out, _, code = runGuichet(t, "", "", "ticket", "verify", "--db", db, forged); code == 0 {
		t.Errorf("a forged ticket verified:\n%s", out)
	}
}

// A byte changed in a stored entry makes verify exit non-zero naming that entry.
func TestJournalVerifyNamesTheFirstBadEntry(t *testing.T) {
	db, _ := sellOne(t)
	b, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket([]byte("journal"))
		c := j.Cursor()
		k, v := c.First()
		for i := 0; i < 3; i++ { // the fourth entry
			k, v = c.Next()
		}
		bad := bytes.Clone(v)
		bad[len(bad)/2] ^= 0x01
		return j.Put(bytes.Clone(k), bad)
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runGuichet(t, "", "", "journal", "verify", "--db", db)
	if code == 0 {
		t.Fatalf("verify passed a tampered journal:\n%s", out)
	}
	if msg := out + stderr; !strings.Contains(msg, "journal entry 4:") || !strings.Contains(msg, "good up to entry 3") {
		t.Errorf("verify should name entry 4 as the first bad one:\n%s", msg)
	}
}
