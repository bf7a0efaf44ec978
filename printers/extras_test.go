package printers

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// orderQueue is a memQueue whose jobs belong to orders.
func orderQueue(jobs ...[2]string) *memQueue {
	q := newMemQueue()
	for _, j := range jobs {
		q.add(j[0])
		q.jobs[len(q.jobs)-1].Order = j[1]
	}
	return q
}

func jobIDs(jobs []Job) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, j.ID)
	}
	return out
}

func TestExtrasPrintRightAfterTheirOrdersTickets(t *testing.T) {
	q := orderQueue([2]string{"1", "A"}, [2]string{"2", "A"}, [2]string{"3", "B"})
	x := NewExtras(q)
	x.Add(Job{ID: "drawer-A", Drawer: true, Order: "A"}, time.Time{})
	x.Add(Job{ID: "receipt-A", Receipt: &Receipt{}, Order: "A"}, time.Time{})
	x.Add(Job{ID: "receipt-C", Receipt: &Receipt{}, Order: "C"}, time.Time{}) // its tickets printed long ago
	x.Add(Job{ID: "drawer", Drawer: true}, time.Time{})                       // a cash in/out
	jobs, err := x.Pending()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"receipt-C#3", "drawer#4", "1", "2", "drawer-A#1", "receipt-A#2", "3"}
	if got := jobIDs(jobs); !slices.Equal(got, want) {
		t.Fatalf("pending %v, want %v", got, want)
	}
}

func TestAnExtraPrintsOnceAndAReceiptAskedTwicePrintsTwice(t *testing.T) {
	q := orderQueue([2]string{"1", "A"})
	x := NewExtras(q)
	a := x.Add(Job{ID: "receipt-A", Receipt: &Receipt{}, Order: "A"}, time.Time{})
	b := x.Add(Job{ID: "receipt-A", Receipt: &Receipt{}, Order: "A"}, time.Time{})
	if a == b {
		t.Fatalf("two receipts share the ID %q", a)
	}
	for _, id := range []string{"1", a} {
		if err := x.MarkPrinted(id); err != nil {
			t.Fatal(err)
		}
	}
	jobs, _ := x.Pending()
	if got := jobIDs(jobs); !slices.Equal(got, []string{b}) {
		t.Fatalf("pending %v, want only %s", got, b)
	}
	if q.markCount("1") != 1 || q.markCount(a) != 0 {
		t.Errorf("the journaled queue saw marks %v", q.marked)
	}
	// an extra that went away meanwhile is not the journal's business
	if err := x.MarkPrinted("drawer#99"); err != nil || q.markCount("drawer#99") != 0 {
		t.Errorf("marking a forgotten extra: %v, journal marks %v", err, q.marked)
	}
}

func TestAnExpiredDrawerKickNeverOpensTheDrawer(t *testing.T) {
	now := time.Date(2026, 12, 12, 20, 0, 0, 0, time.UTC)
	x := NewExtras(newMemQueue())
	x.Now = func() time.Time { return now }
	x.Add(Job{ID: "drawer", Drawer: true, Order: "A"}, now.Add(2*time.Minute))
	x.Add(Job{ID: "receipt", Receipt: &Receipt{}, Order: "A"}, time.Time{})
	now = now.Add(2 * time.Minute)
	jobs, _ := x.Pending()
	if got := jobIDs(jobs); !slices.Equal(got, []string{"receipt#2"}) || x.Len() != 1 {
		t.Fatalf("pending %v (%d kept), want only the receipt", got, x.Len())
	}
}

func TestADrawerKickIsOnlyADrawerKick(t *testing.T) {
	b, err := EncodeJob(Job{ID: "d", Drawer: true}, profiles["tm-t20"])
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []ItemKind
	for _, it := range doc.Items {
		kinds = append(kinds, it.Kind)
	}
	if !slices.Equal(kinds, []ItemKind{ItemCodePage, ItemDrawer}) || len(doc.Unknown) != 0 {
		t.Fatalf("a drawer kick decodes as %v (unknown %v):\n%s", kinds, doc.Unknown, doc.Text())
	}
	if _, err := EncodeJob(Job{ID: "empty"}, profiles["tm-t20"]); err == nil {
		t.Error("a job with nothing in it was encoded")
	}
}

// recorder is a printer that keeps every byte (a file printer).
type recorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.Write(p)
}
func (r *recorder) Close() error   { return nil }
func (r *recorder) String() string { return "recorder" }
func (r *recorder) doc(t *testing.T) Document {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, err := Decode(r.buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestTheSpoolerPrintsExtrasBehindTheTickets: through a real spooler, a
// cash sale's two tickets come out, then the drawer opens, then the
// receipt prints; nothing is printed twice.
func TestTheSpoolerPrintsExtrasBehindTheTickets(t *testing.T) {
	q := orderQueue([2]string{"T-1", "A"}, [2]string{"T-2", "A"})
	x := NewExtras(q)
	x.Add(Job{ID: "drawer", Drawer: true, Order: "A"}, time.Now().Add(time.Minute))
	x.Add(Job{ID: "receipt", Order: "A", Receipt: &Receipt{OrderNumber: "A", Total: "CHF 10.00"}}, time.Time{})
	rec := &recorder{}
	s := NewSpooler(x, rec, profiles["tm-t20"], SpoolerOptions{Interval: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "everything printed", func() bool { return q.pending() == 0 && x.Len() == 0 })
	cancel()
	<-done

	doc := rec.doc(t)
	var seq []string
	for _, it := range doc.Items {
		switch it.Kind {
		case ItemQR:
			seq = append(seq, it.Text)
		case ItemDrawer:
			seq = append(seq, "drawer")
		case ItemLine:
			if len(it.Spans) > 0 && strings.Contains(it.Spans[0].Text, "Receipt") {
				seq = append(seq, "receipt")
			}
		}
	}
	if want := []string{"T-1", "T-2", "drawer", "receipt"}; !slices.Equal(seq, want) {
		t.Fatalf("printed %v, want %v:\n%s", seq, want, doc.Text())
	}
}
