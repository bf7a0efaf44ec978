package local

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TestMemoReadsWhatTheJournalSays: the print queue, the orders and the
// tickets' issued entries read through the memos of the entries just
// appended are what decoding the journal gives; an entry of a write that
// failed (rolled back, its sequence number then taken by another entry)
// is not found in the memo.
func TestMemoReadsWhatTheJournalSays(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 3))
	o, err := till.Checkout(cash(), PrintAlso{Receipt: true})
	must(t, err)
	type read struct {
		Queue  []PrintJob
		Order  OrderView
		Issued []ticketIssued
		Times  []string
		Refs   []string
	}
	readAll := func() read {
		var rd read
		var err error
		rd.Queue, err = r.PrintQueue()
		must(t, err)
		rd.Order, _, err = r.Order(o.Number)
		must(t, err)
		must(t, r.read(func(tx *bolt.Tx) error {
			for _, tk := range o.Tickets {
				seq, _, err := issuedSeq(tx, tk.Number)
				if err != nil {
					return err
				}
				p, e, err := issuedAt(tx, seq)
				if err != nil {
					return err
				}
				order, number, err := issuedRefAt(tx, seq)
				if err != nil {
					return err
				}
				rd.Issued = append(rd.Issued, p)
				rd.Times = append(rd.Times, e.Time.String()+" "+e.Type)
				rd.Refs = append(rd.Refs, order+" "+number)
			}
			return nil
		}))
		return rd
	}
	memo := readAll()
	if _, ok := issuedMemo.get(nil); ok {
		t.Fatal("the memo found an entry in nothing")
	}
	must(t, r.read(func(tx *bolt.Tx) error {
		rec, _, err := getRec(view(tx, vOrders), o.Number)
		if _, ok := placedMemo.get(tx.Bucket(bucketJournal).Get(seqKey(rec.Placed))); !ok || err != nil {
			t.Errorf("the order just placed is not in the memo (%v)", err)
		}
		return nil
	}))
	// A reader changes what the memo gave it: the next reader does not see
	// it.
	memo = readAll()
	memo.Order.Order.Lines[0].Name = "changed by its reader"
	memo.Order.Order.Tickets[0].Seat = "Z-99"
	memo.Order.Order.Payments[0].Method = "changed"
	memo = readAll()
	issuedMemo.forget()
	customerMemo.forget()
	recMemo.forget()
	placedMemo.forget()
	decoded := readAll()
	if !reflect.DeepEqual(memo, decoded) {
		t.Fatalf("read through the memo:\n%+v\ndecoded:\n%+v", memo, decoded)
	}
	if len(memo.Queue) != 4 || memo.Refs[0] != o.Number+" "+o.Tickets[0].Number {
		t.Fatalf("queue %d jobs, refs %v", len(memo.Queue), memo.Refs)
	}

	// A write that fails after appending a ticket.issued entry: the next
	// entry takes its number, with other bytes, and is read as itself.
	var failed Entry
	err = r.commit(func(tx *bolt.Tx) error {
		w := r.newWriter(tx, r.now(), "", "claire")
		e, err := w.append(TypeTicketIssued, ticketIssued{Order: o.Number, Ticket: o.Tickets[0]})
		if err != nil {
			return err
		}
		failed = e
		return errTestRollback
	}, nil)
	if err != errTestRollback {
		t.Fatalf("the failing write: %v", err)
	}
	must(t, till.QueueDrawer())
	must(t, r.read(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketJournal).Get(seqKey(failed.Seq))
		if _, ok := issuedMemo.get(v); ok {
			t.Errorf("entry %d (a drawer kick) found in the memo as the ticket.issued rolled back", failed.Seq)
		}
		if _, _, err := issuedAt(tx, failed.Seq); err == nil {
			t.Errorf("entry %d read as a ticket.issued", failed.Seq)
		}
		return nil
	}))
}

var errTestRollback = errorString("rolled back on purpose")

type errorString string

func (e errorString) Error() string { return string(e) }

// TestOrderAsDecodedIsWhatJSONGives: the order a sale's append keeps in
// placedMemo (pos.Order.AsDecoded) is what decoding its order.placed
// payload gives, for orders whose every field takes values of every shape
// (the filler of TestMarshalPayloadIsJSON), half of them with amounts all
// readable, times in UTC, in a zone, in time.Local, with a monotonic
// reading, around a change of summer time; where decoding fails (an
// unknown currency, 19 digits), AsDecoded says it cannot tell. It runs
// again in a process whose time.Local is Europe/Zurich (a time read back
// with Zurich's offset is then in time.Local, else in a zone of its
// offset).
func TestOrderAsDecodedIsWhatJSONGives(t *testing.T) {
	zurich, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	rng := rand.New(rand.NewPCG(16, 14))
	f := &filler{rng: rng}
	now := time.Now() // with its monotonic reading
	times := []time.Time{now, now.In(zurich), now.UTC(), time.Date(2026, 3, 29, 1, 59, 59, 999, zurich),
		time.Date(2026, 3, 29, 3, 0, 0, 0, zurich), time.Date(2026, 10, 25, 2, 30, 0, 0, zurich),
		time.Date(2026, 12, 4, 20, 0, 0, 0, time.Local), time.Date(1, 1, 1, 0, 0, 0, 0, zurich),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", -5*3600)), time.Date(1900, 1, 1, 0, 0, 0, 0, zurich)}
	kept, refused := 0, 0
	for i := range 6000 {
		var p orderPlaced
		f.fill(reflect.ValueOf(&p).Elem(), 0)
		if i%2 == 0 {
			readableAmounts(reflect.ValueOf(&p).Elem())
		}
		o := &p.Order
		for _, at := range []*time.Time{&o.Placed, &o.Deadline} {
			if rng.IntN(2) == 0 {
				*at = times[rng.IntN(len(times))]
			}
		}
		for k := range o.Tickets {
			if rng.IntN(2) == 0 {
				o.Tickets[k].Expires = times[rng.IntN(len(times))]
			}
		}
		data, err := marshalPayload(&p)
		if err != nil || bytes.Contains(data, []byte(`\ufffd`)) {
			continue // not appended, or not kept by its append
		}
		got, ok := o.AsDecoded()
		var want orderPlaced
		derr := json.Unmarshal(data, &want)
		switch {
		case !ok:
			refused++
			continue
		case derr != nil:
			t.Fatalf("AsDecoded kept an order whose JSON does not decode (%v):\n%s", derr, data)
		case !reflect.DeepEqual(got, want.Order):
			t.Fatalf("AsDecoded:\n%#v\nJSON decoded:\n%#v\nfrom %s", got, want.Order, data)
		}
		kept++
	}
	if kept < 300 || refused < 300 {
		t.Errorf("%d orders kept, %d refused: the test must try both", kept, refused)
	}
	if os.Getenv("TZ") == "Europe/Zurich" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestOrderAsDecodedIsWhatJSONGives$", "-test.count=1")
	cmd.Env = childEnv("TZ=Europe/Zurich")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("with time.Local in Europe/Zurich: %v\n%s", err, out)
	}
}

// readableAmounts gives every amount of v that decoding would refuse (an
// unknown currency, too many digits) one it reads back.
func readableAmounts(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if m, ok := v.Interface().(pos.Money); ok {
			if !m.Currency.Known() || m.Amount <= -1e15 || m.Amount >= 1e15 {
				v.Set(reflect.ValueOf(pos.M(m.Amount%100000, "CHF")))
			}
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				readableAmounts(v.Field(i))
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			readableAmounts(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			readableAmounts(v.Index(i))
		}
	}
}

// TestASaleKeepsItsOrderForItsReceipt: a sale's order.placed is in
// placedMemo once the sale is committed, before anything read it: the
// spooler's read of the receipt's order right after does not decode it.
// The order a read then gives is the one decoding gives.
func TestASaleKeepsItsOrderForItsReceipt(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	must(t, till.AddItem(pos.LineProduct, "programme", 1))
	placedMemo.forget()
	o, err := till.Checkout(cash(), PrintAlso{Receipt: true})
	must(t, err)
	var placed uint64
	must(t, r.read(func(tx *bolt.Tx) error {
		rec, _, err := getRec(view(tx, vOrders), o.Number)
		placed = rec.Placed
		if _, ok := placedMemo.get(tx.Bucket(bucketJournal).Get(seqKey(rec.Placed))); !ok || err != nil {
			t.Errorf("order %s, just sold, is not in the memo (%v)", o.Number, err)
		}
		return nil
	}))
	var memo, decoded orderPlaced
	must(t, r.read(func(tx *bolt.Tx) (err error) { memo, err = placedAt(tx, placed); return err }))
	placedMemo.forget()
	must(t, r.read(func(tx *bolt.Tx) (err error) { decoded, err = placedAt(tx, placed); return err }))
	if !reflect.DeepEqual(memo, decoded) {
		t.Fatalf("kept by the sale:\n%#v\ndecoded:\n%#v", memo, decoded)
	}
}
