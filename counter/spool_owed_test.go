package counter

import (
	"errors"
	"regexp"
	"testing"

	"guichet/printers"
)

// The spooler retries the record of a job that printed until the queue
// says it needs none (printers.ErrNotWaiting): a job recorded already is
// refused so, as is an order's batch holding one; else the spooler would
// retry it for ever, its status line saying a failure.
func TestAJobRecordedAlreadyIsNotWaitingForTheSpooler(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	o := r.sell(cash(10000)).Order
	r.printed()
	ov, _, err := r.svc.reg.Order(o.Number)
	if err != nil || ov.Tickets[0].Printed != 1 {
		t.Fatalf("the sale's ticket printed %d times (%v)", ov.Tickets[0].Printed, err)
	}
	q := printQueue{r.svc}
	es, err := r.svc.reg.Entries(1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	job := ""
	for _, e := range es {
		if m := recordedJob.FindSubmatch(e); m != nil {
			job = string(m[1]) // the sale's first ticket, recorded printed
			break
		}
	}
	if job == "" {
		t.Fatal("no ticket.printed in the journal")
	}
	for name, err := range map[string]error{
		"one":     q.MarkPrinted(job),
		"a batch": q.MarkPrintedAll([]string{job, job}),
		"no job":  q.MarkPrinted("x"),
	} {
		if !errors.Is(err, printers.ErrNotWaiting) {
			t.Errorf("recording %s again: %v, want printers.ErrNotWaiting", name, err)
		}
	}
}

var recordedJob = regexp.MustCompile(`ticket\.printed[^{]*\{"job":"(\d+)"`)
