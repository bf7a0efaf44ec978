package local

import (
	"errors"
	"strings"
	"testing"

	"guichet/pos"
)

// TestAZPaperIsNeverDropped: a Z's papers are numbered as they are
// queued (the second says DUPLICATA 1), so one that left the print queue
// unprinted would make the next a duplicate of an original no printer
// ever printed. Nothing drops one (the spooler drops only drawer kicks),
// and DropPrintJob now refuses it, writing nothing: it waits for the
// printer, and prints before the paper numbered after it. An X, which is
// not numbered, may still be dropped. The test failed before: the Z's
// paper was dropped and the next one queued said DUPLICATA 1 all the same.
func TestAZPaperIsNeverDropped(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	sh, ok, err := till.Shift()
	must(t, err)
	if !ok {
		t.Fatal("no shift open")
	}
	must(t, till.QueueShiftReport(sh.ID)) // the X, the printer out of paper
	_, err = till.CloseShift(chf(20000))
	must(t, err)
	must(t, till.QueueShiftReport(sh.ID)) // the Z
	q, err := r.PrintQueue()
	must(t, err)
	var x, z PrintJob
	for _, j := range q {
		if j.Kind == JobReport && j.Z {
			z = j
		} else if j.Kind == JobReport {
			x = j
		}
	}
	if x.ID == "" || z.ID == "" || z.Copy != 0 {
		t.Fatalf("want the X and the original Z waiting: %+v", q)
	}

	must(t, r.DropPrintJob(x.ID, "printed the figures from the screen instead"))
	before := len(journalEntries(t, r))
	err = r.DropPrintJob(z.ID, "paper jam")
	if err == nil {
		t.Fatal("the Z's paper was dropped")
	}
	if errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "Z closure: it is never dropped") {
		t.Errorf("refusing to drop the Z's paper: %v", err)
	}
	if fr := pos.Say(err, pos.French); !strings.Contains(fr, "clôture Z du service "+sh.ID+" : elle n'est jamais abandonnée") {
		t.Errorf("in French: %s", fr)
	}
	if n := len(journalEntries(t, r)); n != before {
		t.Errorf("the refusal wrote %d entries", n-before)
	}

	// It still waits; the paper queued after it is its duplicate, and
	// prints after it.
	must(t, till.QueueShiftReport(sh.ID))
	q, err = r.PrintQueue()
	must(t, err)
	var papers []PrintJob
	for _, j := range q {
		if j.Kind == JobReport {
			papers = append(papers, j)
		}
	}
	if len(papers) != 2 || papers[0].ID != z.ID || papers[0].Copy != 0 || !papers[1].Z || papers[1].Copy != 1 {
		t.Errorf("the Z's papers waiting: want the original, then DUPLICATA 1: %+v", papers)
	}
	if n, err := r.ZPapers(sh.ID); err != nil || n != 2 {
		t.Errorf("ZPapers = %d, %v; want 2", n, err)
	}
	inc, reb := viewsAfterRebuild(t, r)
	if inc != reb {
		t.Fatal("the views differ from a rebuild")
	}
}
