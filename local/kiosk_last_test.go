package local

import (
	"errors"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

func kioskCard() []pos.Tender {
	return []pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "SIM-000001"}}}
}

// TestTheKiosksLastOrderAmongCounterSales: on a file shared with counter
// tills, the kiosk's last order is its newest, whichever tills sold
// between and after its sales, on the file as written, once reopened,
// once its views are rebuilt from the journal (journal rebuild), and on
// a file whose views an older version wrote (rebuilt at Open).
func TestTheKiosksLastOrderAmongCounterSales(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	k, err := r.UnlockKiosk()
	must(t, err)
	claire := openTill(t, r, "claire", "1234")
	var last string
	for i, seller := range []string{"kiosk", "counter", "kiosk", "counter", "counter"} {
		if seller == "counter" {
			sellHamlet(t, claire, "adult", 1)
		} else {
			must(t, k.AddTickets("hamlet-01", "galerie", "child", 1))
			o, err := k.Checkout(kioskCard())
			must(t, err)
			last = o.Number
		}
		if got, err := r.LastKioskOrder(); err != nil || got != last {
			t.Fatalf("after sale %d (%s): the kiosk's last order %q %v, want %s", i+1, seller, got, err, last)
		}
	}
	check := func(when string) {
		t.Helper()
		r, _ := openTest(t, path)
		defer r.Close()
		if got, err := r.LastKioskOrder(); err != nil || got != last {
			t.Fatalf("%s: the kiosk's last order %q %v, want %s", when, got, err, last)
		}
	}
	must(t, r.Close())
	check("reopened")

	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatal("the views rebuilt from the journal differ from those written sale by sale")
	}
	check("after journal rebuild")

	// an older version's views: no marker, and an older views_format
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		if err := view(tx, vCounters).Delete(kioskLastKey); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put([]byte("views_format"), []byte("36"))
	}))
	must(t, db.Close())
	check("views of an older version, rebuilt at Open")
}

// TestTheKiosksLastOrderReadsNoCounterSale: 1,000 counter sales after
// the kiosk's one, the kiosk's last order is found without reading any of
// their entries: they are taken out of the journal (in a transaction
// rolled back) and the answer is the same. Walking the orders from the
// newest read each one's order.placed entry every time the kiosk's staff
// menu opened.
func TestTheKiosksLastOrderReadsNoCounterSale(t *testing.T) {
	r, _ := openTest(t, "")
	k, err := r.UnlockKiosk()
	must(t, err)
	must(t, k.AddTickets("hamlet-01", "galerie", "child", 1))
	kiosk, err := k.Checkout(kioskCard())
	must(t, err)
	var kioskEnd uint64 // the last entry of the kiosk's sale
	must(t, r.read(func(tx *bolt.Tx) error {
		e, _, err := lastEntry(tx)
		kioskEnd = e.Seq
		return err
	}))
	claire := openTill(t, r, "claire", "1234")
	const counterSales = 1000
	for range counterSales {
		must(t, claire.AddItem(pos.LineProduct, "programme", 1))
		_, err := claire.Checkout(cash())
		must(t, err)
	}
	errRollBack := errors.New("rolled back")
	var got string
	var removed int
	err = r.db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketJournal).Cursor()
		for k, _ := c.Seek(seqKey(kioskEnd + 1)); k != nil; k, _ = c.Seek(seqKey(kioskEnd + 1)) {
			if err := c.Delete(); err != nil {
				return err
			}
			removed++
		}
		got = lastKioskOrder(tx)
		return errRollBack
	})
	if !errors.Is(err, errRollBack) {
		t.Fatal(err)
	}
	if removed < counterSales {
		t.Fatalf("took %d entries out of the journal, fewer than the %d counter sales", removed, counterSales)
	}
	if got != kiosk.Number {
		t.Fatalf("with the %d entries of the counter's %d sales out of the journal, the kiosk's last order is %q, want %s", removed, counterSales, got, kiosk.Number)
	}
	if got, err := r.LastKioskOrder(); err != nil || got != kiosk.Number {
		t.Fatalf("the kiosk's last order %q %v, want %s", got, err, kiosk.Number)
	}
}
