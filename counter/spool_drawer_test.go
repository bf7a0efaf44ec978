package counter

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// recordFails is the journal's print queue whose records of printed jobs
// fail while broken is set (a disk that refuses writes for a while), as
// printers' memQueue.failMark: the spooler retries them.
type recordFails struct {
	printQueue

	mu     sync.Mutex
	broken bool
	tries  int // records refused
}

func (q *recordFails) fail() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.broken {
		return nil
	}
	q.tries++
	return errors.New("disk I/O error")
}

func (q *recordFails) setBroken(b bool) {
	q.mu.Lock()
	q.broken = b
	q.mu.Unlock()
}

func (q *recordFails) refused() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.tries
}

func (q *recordFails) MarkPrinted(id string) error {
	if err := q.fail(); err != nil {
		return err
	}
	return q.printQueue.MarkPrinted(id)
}

func (q *recordFails) MarkPrintedAll(ids []string) error {
	if err := q.fail(); err != nil {
		return err
	}
	return q.printQueue.MarkPrintedAll(ids)
}

// spoolRig is a register whose printer connection is gated and whose
// records of printed jobs can fail, on a clock the test moves.
type spoolRig struct {
	*rig
	gate  *gate
	queue *recordFails
	clk   *fakeclock.Clock
	path  string
}

func newSpoolRig(t *testing.T) *spoolRig {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	fake := printertest.New(t)
	g := &gate{Transport: fake.Open(), reached: make(chan struct{}), release: make(chan struct{})}
	prof, _ := printers.LookupProfile("tm-t20")
	sr := &spoolRig{gate: g, clk: fakeclock.New(saleDay), path: filepath.Join(t.TempDir(), "guichet.db")}
	svc, err := Open(Options{Path: sr.path, Register: "K01", Catalog: cat, Now: sr.clk.Now, Lang: "fr",
		Printer: g, Profile: &prof, Receipts: ReceiptsAsk, PrintInterval: 10 * time.Millisecond,
		spoolQueue: func(q printQueue) printers.Queue {
			sr.queue = &recordFails{printQueue: q}
			return sr.queue
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	sr.rig = &rig{t: t, svc: svc, till: till, printer: fake}
	sr.printed() // the float's drawer
	return sr
}

// waitUntil waits for cond, failing the test after some seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// entriesOf counts the journal's entries of each type.
func entriesOf(t *testing.T, reg *local.Register) map[string]int {
	t.Helper()
	raw, err := reg.Entries(1, 10000)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, v := range raw {
		e, err := local.DecodeEntry(v)
		if err != nil {
			t.Fatal(err)
		}
		n[e.Type]++
	}
	return n
}

// A cash move opens the drawer. The kick printed (the drawer opened) and
// its record failed, and the journal could take it only minutes later:
// the drawer's opening is recorded then, once, not dropped as a kick that
// "waited more than 2 minutes" (the journal would say the drawer never
// opened, and the cash count would miss it). A kick that never reached
// the printer in 2 minutes is still given up, and does not open the
// drawer later.
func TestADrawerThatOpenedIsRecordedOpenedHoweverLateItsRecord(t *testing.T) {
	for _, tc := range []struct {
		name    string
		reached bool   // the kick reached the printer before the 2 minutes
		printed string // what the printer got for the cash move
		opened  int    // drawer.opened entries, the float's included
		dropped int    // print.dropped entries
	}{
		{"opened, recorded late", true, "drawer", 2, 0},
		{"never reached the printer", false, "", 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newSpoolRig(t)
			if tc.reached {
				r.queue.setBroken(true)
				r.gate.mu.Lock()
				r.gate.hold = 1
				r.gate.mu.Unlock()
			} else {
				r.printer.Off()
			}
			if err := r.till.CashMove(pos.M(5000, "CHF"), "change"); err != nil {
				t.Fatal(err)
			}
			if tc.reached {
				<-r.gate.reached // the kick is being sent
				r.clk.Add(3 * time.Minute)
				close(r.gate.release)
				waitUntil(t, "the kick to print and its record to fail", func() bool {
					return r.svc.spool.State().Unrecorded == 1
				})
				tried := r.queue.refused()
				waitUntil(t, "two more tries to record it", func() bool { return r.queue.refused() >= tried+2 })
				r.queue.setBroken(false) // the disk is back
				waitUntil(t, "the kick to be recorded", func() bool {
					return r.svc.spool.State().Unrecorded == 0
				})
			} else {
				r.clk.Add(3 * time.Minute)
				r.printer.On()
			}
			if got := printertest.Sequence(r.printed()); got != tc.printed {
				t.Errorf("the printer got %q, want %q", got, tc.printed)
			}
			n := entriesOf(t, r.svc.reg)
			if n[local.TypeDrawerOpened] != tc.opened || n[local.TypePrintDropped] != tc.dropped {
				t.Errorf("the journal has %d drawer.opened and %d print.dropped, want %d and %d",
					n[local.TypeDrawerOpened], n[local.TypePrintDropped], tc.opened, tc.dropped)
			}
			r.svc.Close()
			if _, err := local.Verify(r.path); err != nil {
				t.Errorf("the journal does not verify: %v", err)
			}
		})
	}
}

// A sale printed while the journal refuses its records: the printer's
// state says how many jobs printed unrecorded (the status line warns of
// them), and the screens are told when that changes, as they are of the
// jobs waiting; once the journal takes them, none is left.
func TestThePrinterStateCountsWhatPrintedUnrecorded(t *testing.T) {
	r := newSpoolRig(t)
	changed, stop := r.svc.PrinterChanges()
	defer stop()
	r.queue.setBroken(true)
	r.sell(cash(10000)) // two tickets and the drawer, recorded together
	waitUntil(t, "the sale to print", func() bool { return r.svc.spool.State().Unrecorded == 3 })
	for len(changed) > 0 {
		<-changed
	}
	tried := r.queue.refused()
	waitUntil(t, "another try to record the sale", func() bool { return r.queue.refused() > tried })
	if p := r.svc.Printer(); p.Unrecorded != 3 || p.Failed == "" {
		t.Errorf("while the sale's records fail the printer's state is %+v, want 3 unrecorded and the failure", p)
	}
	r.queue.setBroken(false)
	waitUntil(t, "the sale to be recorded", func() bool { return r.svc.Printer().Unrecorded == 0 })
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Error("the screens were not told that the sale's jobs were recorded")
	}
	if p := r.svc.Printer(); p.Unrecorded != 0 || p.Pending != 0 {
		t.Errorf("once recorded the printer's state is %+v", p)
	}
}

// guichet order place --printer waits for the printer: when it gives up,
// it says what happened. A sale that printed but whose record the
// journal refused printed (its paper is out); saying it "stays in the
// print queue" sent the staff to print it again. A sale that did not
// print stays in the queue. Once recorded, the wait ends without error.
func TestWaitPrintedSaysAJobPrintedWhoseRecordWaits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		off     bool     // the printer is off
		broken  bool     // the journal refuses the records
		want    []string // in the error
		wantNot string
	}{
		{"printed, record refused", false, true,
			[]string{"printed everything", "3 printed jobs wait for their record in the journal", "disk I/O error", "tried again as the register closes"},
			"stays in the print queue"},
		{"not printed", true, false, []string{"did not print everything", "stays in the print queue"}, "record"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newSpoolRig(t)
			r.queue.setBroken(tc.broken)
			if tc.off {
				r.printer.Off()
			}
			r.sell(cash(10000))
			if tc.broken {
				waitUntil(t, "the sale to print", func() bool { return r.svc.spool.State().Unrecorded == 3 })
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			err := r.svc.WaitPrinted(ctx)
			cancel()
			if err == nil {
				t.Fatal("WaitPrinted said all printed")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("WaitPrinted: %q, want it to say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), tc.wantNot) {
				t.Errorf("WaitPrinted: %q, should not say %q", err, tc.wantNot)
			}
			r.queue.setBroken(false)
			if tc.off {
				r.printer.On()
			}
			ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := r.svc.WaitPrinted(ctx); err != nil {
				t.Errorf("once the journal and the printer are back: %v", err)
			}
		})
	}
}

// What WaitPrinted says it left undone, for each mix of jobs to print
// and jobs printed whose record waits.
func TestNotAllPrintedSaysWhatWasLeft(t *testing.T) {
	for _, tc := range []struct {
		p    PrinterState
		want string
	}{
		{PrinterState{Online: true, Unrecorded: 1, Failed: "7 printed but could not be recorded as printed: disk full"},
			"the printer printed everything, but 1 printed job waits for its record in the journal (the last failure: 7 printed but could not be recorded as printed: disk full): it is tried again as the register closes; if it fails, it prints again at the next start"},
		{PrinterState{Problem: PrinterPaperOut, Pending: 2, Unrecorded: 3, Failed: "x"},
			"the printer did not print everything (out of paper: load a new roll): it stays in the print queue; 3 printed jobs wait for their record in the journal (the last failure: x): it is tried again as the register closes; if it fails, they print again at the next start"},
		{PrinterState{Online: true, Pending: 2},
			"the printer did not print everything (2 waiting): it stays in the print queue"},
	} {
		if got := notAllPrinted(tc.p).Error(); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.p, got, tc.want)
		}
	}
}

// TestNotAllPrintedIsSaidInFrench: guichet order place --printer on a
// French command line said what the printer left undone in English, its
// last failure too ("ticket K01-000001-01 and 1 more printed but could not
// be recorded as printed: …") and the printer's problem by its name
// ("paperout").
func TestNotAllPrintedIsSaidInFrench(t *testing.T) {
	f := printers.Failure{Kind: printers.FailRecord, Job: printers.JobRef{Kind: printers.JobTicket, Ref: "K01-000001-01"}, Others: 1,
		Err: "writing the print job to /dev/full: no space left on device"}
	for _, tc := range []struct {
		p    PrinterState
		want string
	}{
		{PrinterState{Problem: PrinterPaperOut, Pending: 2},
			"l'imprimante n'a pas tout imprimé (plus de papier : mettez un rouleau) : le reste attend dans la file d'impression"},
		{PrinterState{Online: true, Pending: 2},
			"l'imprimante n'a pas tout imprimé (2 en attente) : le reste attend dans la file d'impression"},
		{PrinterState{Online: true, Unrecorded: 2, Failure: f, Failed: f.String()},
			"l'imprimante a tout imprimé, mais 2 impressions faites attendent leur enregistrement dans le journal (dernier échec : " +
				"billet K01-000001-01 et 1 autre : impression faite, mais pas enregistrée (l'impression n'a pas pu être écrite dans /dev/full : no space left on device)) : " +
				"il est retenté à la fermeture de la caisse ; s'ils échouent, elles s'impriment de nouveau au prochain démarrage"},
		{PrinterState{Pending: 1, Unrecorded: 1, Failure: f, Failed: f.String()},
			"l'imprimante n'a pas tout imprimé (hors ligne) : le reste attend dans la file d'impression ; 1 impression faite attend son enregistrement dans le journal (dernier échec : " +
				"billet K01-000001-01 et 1 autre : impression faite, mais pas enregistrée (l'impression n'a pas pu être écrite dans /dev/full : no space left on device)) : " +
				"il est retenté à la fermeture de la caisse ; s'il échoue, elle s'imprime de nouveau au prochain démarrage"},
	} {
		err := notAllPrinted(tc.p)
		if got := pos.Say(err, pos.French); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.p, got, tc.want)
		}
		if en := err.Error(); tc.p.Failed != "" && !strings.Contains(en, "(the last failure: "+tc.p.Failed+")") {
			t.Errorf("the English lost the failure's words: %q", en)
		}
	}
}
