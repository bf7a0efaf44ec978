package counter

import (
	"guichet/internal/syncbuf"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// fullPrinterService is a register whose printer takes no byte: its
// writes fail (file:/dev/full, a disk full).
func fullPrinterService(t *testing.T, now func() time.Time, log *slog.Logger) *Service {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := printers.Open("file:/dev/full")
	if err != nil {
		t.Skip("no /dev/full here:", err)
	}
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: now, Lang: "fr", Printer: tr, Receipts: ReceiptsAsk,
		PrintInterval: 10 * time.Millisecond, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close(); tr.Close() })
	return svc
}

// A ticket that could not be written is told as a value naming it by its
// number, the write refused, and that it stays in the queue; the screens
// say it in their language and the event log keeps the error's own words.
// Before, the status line and the kiosk's staff menu read "4 was not
// printed: writing the print job to /dev/full: write /dev/full: no space
// left on device; it stays in the queue", and the printer "unreachable:
// check the cable or network".
func TestATicketThatCouldNotBeWrittenIsNamedByItsNumber(t *testing.T) {
	var clock atomic.Int64
	clock.Store(saleDay.UnixNano())
	var logOut syncbuf.Buffer
	svc := fullPrinterService(t, func() time.Time { return time.Unix(0, clock.Load()) }, slog.New(slog.NewTextHandler(&logOut, nil)))
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	// the float's drawer kick fails first, and holds the queue until it
	// is too old to open the drawer
	waitFailure(t, svc, printers.JobDrawer, "")
	clock.Add(int64(DrawerKickTTL + time.Second))
	if err := till.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		t.Fatal(err)
	}
	sale, err := till.Checkout([]pos.Tender{card()})
	if err != nil {
		t.Fatal(err)
	}
	number := sale.Order.Tickets[0].Number
	p := waitFailure(t, svc, printers.JobTicket, number)
	want := printers.Failure{Kind: printers.FailSend, Job: printers.JobRef{Kind: printers.JobTicket, Ref: number, ID: p.Failure.Job.ID},
		Problem: printers.ProblemWriteFailed, Again: true, Err: p.Failure.Err}
	if p.Failure != want || !strings.Contains(p.Failure.Err, "no space left on device") {
		t.Errorf("failure %+v, want %+v with the error's words", p.Failure, want)
	}
	if p.Problem != PrinterWriteFailed {
		t.Errorf("the printer's problem is %q, want %q (not unreachable: the cable is fine)", p.Problem, PrinterWriteFailed)
	}
	for lang, words := range map[pos.Lang]string{
		"fr": "billet " + number + " : écriture refusée, reste en attente",
		"en": "ticket " + number + ": write failed, stays in the queue",
	} {
		if got := FailureWords(p.Failure, lang); got != words {
			t.Errorf("%s: %q, want %q", lang, got, words)
		}
	}
	events, err := local.Events(svc.Register().Path())
	if err != nil {
		t.Fatal(err)
	}
	logged, faults := false, 0
	for _, e := range events {
		logged = logged || e.Kind == local.EventPrinterFault && strings.Contains(e.Detail, number) && strings.Contains(e.Detail, "no space left on device")
		if e.Kind == local.EventPrinterFault && strings.HasPrefix(e.Detail, "writing the print job") {
			faults++
		}
	}
	if !logged {
		t.Errorf("the event log has no failure of %s with its error: %+v", number, events)
	}
	// the operator's log (an SSH server's) has each failure once, with
	// the job and the error's own words
	var lines []string
	for _, l := range strings.Split(logOut.String(), "\n") {
		if strings.Contains(l, "ref="+number) {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], `msg="a print job failed" job=ticket`) || !strings.Contains(lines[0], "no space left on device") {
		t.Errorf("the log says of %s:\n%s", number, strings.Join(lines, "\n"))
	}
	// the printer's fault began once: logged once, not at every pass
	// (it was, every PrintInterval, as the printer read ready between)
	if faults != 1 {
		t.Errorf("the fault is logged %d times, want once: %+v", faults, events)
	}
}

// waitFailure waits for the printer's state to tell a failure of a job
// of kind k (and ref, unless "").
func waitFailure(t *testing.T, svc *Service, k printers.JobKind, ref string) PrinterState {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		p := svc.Printer()
		if p.Failure.Job.Kind == k && (ref == "" || p.Failure.Job.Ref == ref) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("no failure of a %s %s: %+v", k, ref, p)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Every failure is said in both languages, naming the job as staff find
// it: a ticket by its number, the other papers by what they are and
// their order, shift or voucher, a drawer kick as the drawer.
func TestFailureWordsNameTheJobAndWhatHappened(t *testing.T) {
	job := func(k printers.JobKind, ref string) printers.JobRef {
		return printers.JobRef{Kind: k, Ref: ref, ID: "17"}
	}
	for _, tc := range []struct {
		f      printers.Failure
		fr, en string
	}{
		{printers.Failure{Kind: printers.FailSend, Job: job(printers.JobTicket, "K01-000001-01"), Problem: printers.ProblemUnreachable, Again: true},
			"billet K01-000001-01 : imprimante injoignable, reste en attente",
			"ticket K01-000001-01: printer unreachable, stays in the queue"},
		{printers.Failure{Kind: printers.FailUnconfirmed, Job: job(printers.JobReceipt, "K01-000002"), Problem: printers.ProblemCoverOpen, Again: true},
			"reçu de la commande K01-000002 : impression non confirmée (capot ouvert), reste en attente",
			"receipt of order K01-000002: printing not confirmed (cover open), stays in the queue"},
		{printers.Failure{Kind: printers.FailLayout, Job: job(printers.JobRefundSlip, "K01-000003"), Again: true},
			"bon de remboursement de la commande K01-000003 : mise en page impossible, reste en attente",
			"refund slip of order K01-000003: cannot be laid out, stays in the queue"},
		{printers.Failure{Kind: printers.FailStopped, Job: job(printers.JobZReport, "K01-S0002"), Again: true},
			"clôture Z du service K01-S0002 : impression interrompue, reste en attente",
			"Z closure of shift K01-S0002: printing interrupted, stays in the queue"},
		{printers.Failure{Kind: printers.FailRecord, Job: job(printers.JobTicket, "K01-000004-01"), Others: 2},
			"billet K01-000004-01 et 2 autres : imprimé, enregistrement en attente",
			"ticket K01-000004-01 and 2 more: printed, record pending"},
		{printers.Failure{Kind: printers.FailSend, Job: job(printers.JobDrawer, "K01-000005"), Problem: printers.ProblemWriteFailed, Again: true},
			"tiroir-caisse : pas ouvert (écriture refusée), reste en attente",
			"cash drawer: not opened (write failed), stays in the queue"},
		{printers.Failure{Kind: printers.FailSend, Job: job(printers.JobXReport, "K01-S0001"), Problem: printers.ProblemPaperOut, Again: true},
			"rapport X du service K01-S0001 : plus de papier, reste en attente",
			"X report of shift K01-S0001: out of paper, stays in the queue"},
		{printers.Failure{Kind: printers.FailSend, Job: job(printers.JobVoucherSlip, "AV-0001"), Again: true},
			"bon d'avoir AV-0001 : envoi impossible, reste en attente",
			"credit voucher AV-0001: not sent, stays in the queue"},
		{printers.Failure{Kind: printers.FailSend, Job: printers.JobRef{ID: "17"}, Again: true},
			"tâche d'impression 17 : envoi impossible, reste en attente",
			"print job 17: not sent, stays in the queue"},
		{printers.Failure{Kind: printers.FailQueue, Err: "closed"}, "file d'impression illisible", "the print queue cannot be read"},
		{printers.Failure{}, "", ""},
	} {
		if got := FailureWords(tc.f, "fr"); got != tc.fr {
			t.Errorf("fr: %q, want %q", got, tc.fr)
		}
		if got := FailureWords(tc.f, "en"); got != tc.en {
			t.Errorf("en: %q, want %q", got, tc.en)
		}
	}
	for p := range printerCause {
		if printerCause[p].In("fr") == printerCause[p].In("en") {
			t.Errorf("the cause %s has no French words", p)
		}
	}
}
