package kiosk

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
	"guichet/printers"
)

// TestEveryTextHasBothLanguages: no text is left empty in one language,
// and a text with plural forms has them in both.
func TestEveryTextHasBothLanguages(t *testing.T) {
	for key, t2 := range texts {
		if t2[0] == "" || t2[1] == "" {
			t.Errorf("%s: %q", key, t2)
		}
		if strings.Contains(t2[0], "|") != strings.Contains(t2[1], "|") {
			t.Errorf("%s has plural forms in one language only: %q", key, t2)
		}
	}
}

// TestACountChoosesItsForm: "1 ticket(s)" became one form or the other
// (French takes the singular for 0 and 1, English for 1 alone).
func TestACountChoosesItsForm(t *testing.T) {
	for _, c := range []struct {
		lang pos.Lang
		n    int
		want string
	}{
		{"en", 1, "1 ticket taken back: CHF 45.00."},
		{"en", 2, "2 tickets taken back: CHF 90.00."},
		{"en", 0, "0 tickets taken back"},
		{"fr", 1, "1 billet repris : CHF 45.00."},
		{"fr", 0, "0 billet repris"},
		{"fr", 3, "3 billets repris"},
	} {
		amount := map[int]string{0: "CHF 0.00", 1: "CHF 45.00", 2: "CHF 90.00", 3: "CHF 135.00"}[c.n]
		if got := T(c.lang, "ex.ok", c.n, amount); !strings.HasPrefix(got, c.want) || strings.Contains(got, "|") {
			t.Errorf("%s %d: %q, want it to start with %q", c.lang, c.n, got, c.want)
		}
	}
}

// The exchange screen's sentence is wrapped once a width: a new width (the
// kiosk's screen resized) wraps it again, to that width.
func TestAWrappedSentenceFollowsTheWidth(t *testing.T) {
	m := &Model{w: 80}
	text := "Scan the QR code of each ticket you bring back, one after the other, then press Enter to see what they are worth."
	wide := m.wrapped(text, "  ")
	if again := m.wrapped(text, "  "); &again[0] != &wide[0] {
		t.Errorf("the same width wrapped the sentence again")
	}
	m.w = 40
	narrow := m.wrapped(text, "  ")
	if len(narrow) <= len(wide) {
		t.Fatalf("at 40 columns the sentence takes %d lines, as at 80 (%d): the width was not followed", len(narrow), len(wide))
	}
	for _, l := range narrow {
		if len(l) > 40 {
			t.Errorf("a line of %d columns at 40: %q", len(l), l)
		}
	}
}

// TestTheStaffMenuSaysWhatPrintedUnrecorded: jobs that printed but whose
// record the journal refused so far were not on the staff menu (its
// printer line said only "ready"): staff seeing no record of the tickets
// might print them again. The menu says how many, in a short line that
// fits 80 columns; with none it says nothing more.
func TestTheStaffMenuSaysWhatPrintedUnrecorded(t *testing.T) {
	for _, c := range []struct {
		lang pos.Lang
		p    counter.PrinterState
		want []string
	}{
		{pos.English, counter.PrinterState{Online: true}, []string{"  Printer: ready"}},
		{pos.English, counter.PrinterState{Online: true, Unrecorded: 3, Failed: "disk full",
			Failure: printers.Failure{Kind: printers.FailRecord, Job: printers.JobRef{Kind: printers.JobTicket, Ref: "K01-000002-01"}, Others: 2, Err: "disk full"}},
			[]string{"  Printer: ready", "  Printed, not recorded yet: 3 (retried; do not reprint)",
				"  Last failure: ticket K01-000002-01 and 2 more: printed, record pending"}},
		{pos.French, counter.PrinterState{Online: true, Unrecorded: 2},
			[]string{"  Imprimante : prête", "  Imprimés, pas encore enregistrés : 2 (réessayé ; ne pas réimprimer)"}},
		{pos.French, counter.PrinterState{Problem: counter.PrinterPaperOut, Pending: 1, Unrecorded: 1},
			[]string{"  Imprimante : plus de papier : mettez un rouleau", "  En attente d'impression : 1 (il sortira seul ; ne pas réimprimer)",
				"  Imprimé, pas encore enregistré : 1 (réessayé ; ne pas réimprimer)"}},
		// the problem in the staff's words: "cannot print (cover)" showed its code
		{pos.English, counter.PrinterState{Problem: counter.PrinterCover}, []string{"  Printer: cover open: close it"}},
		{pos.French, counter.PrinterState{Problem: counter.PrinterCutter},
			[]string{"  Imprimante : coupe-papier bloqué : ouvrez le capot et dégagez-le"}},
		{pos.English, counter.PrinterState{Detail: "ERR 42"}, []string{"  Printer: cannot print (ERR 42)"}},
		{pos.French, counter.PrinterState{Failed: "write: broken pipe", Failure: printers.Failure{Kind: printers.FailSend,
			Job: printers.JobRef{Kind: printers.JobDrawer}, Problem: printers.ProblemUnreachable, Again: true, Err: "write: broken pipe"}},
			[]string{"  Imprimante : hors ligne", "  Dernier échec : tiroir-caisse : pas ouvert (imprimante injoignable), reste",
				"  en attente"}},
	} {
		got := staffPrinter(c.lang, c.p, 80)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s %+v: the staff menu says\n%q\nwant\n%q", c.lang, c.p, got, c.want)
		}
		for _, l := range got {
			if w := ansi.StringWidth(l); w > 78 {
				t.Errorf("%q is %d columns: wider than the menu at 80", l, w)
			}
		}
	}
}

// TestTheStaffMenuSaysThePrintersLastFailure: the staff menu said
// "Printer: ready" and nothing else while every ticket failed to print
// (a printer file it could not write, a ticket it could not lay out): the
// till's status line said "failed: ...", the kiosk's staff, who service
// it, learnt nothing. The menu says the last failure in the spooler's
// words, wrapped to the screen (not cut), and how many jobs wait to print
// (they come out by themselves: a reprint would print them twice).
func TestTheStaffMenuSaysThePrintersLastFailure(t *testing.T) {
	// the till's printer state after a sale on a printer whose writes
	// fail (file:/dev/full): the spooler named the job by its queue id
	// in English, with the error chain ("4 was not printed: writing the
	// print job to /var/spool/kiosk/out.bin: no space left on device; it
	// stays in the queue"), and so did this menu
	failure := printers.Failure{Kind: printers.FailSend, Job: printers.JobRef{Kind: printers.JobTicket, Ref: "K01-000002-01", ID: "4"},
		Problem: printers.ProblemWriteFailed, Again: true, Err: "writing the print job to /var/spool/kiosk/out.bin: no space left on device"}
	failed := failure.String()
	for _, c := range []struct {
		lang  pos.Lang
		p     counter.PrinterState
		width int
		want  []string
	}{
		{pos.English, counter.PrinterState{Online: true, Pending: 3, Failure: failure, Failed: failed}, 80, []string{
			"  Printer: ready",
			"  Waiting to print: 3 (they will print by themselves; do not reprint)",
			"  Last failure: ticket K01-000002-01: write failed, stays in the queue",
		}},
		{pos.French, counter.PrinterState{Problem: counter.PrinterWriteFailed, Pending: 1, Failure: failure, Failed: failed}, 80, []string{
			"  Imprimante : écriture refusée : vérifiez l'imprimante",
			"  En attente d'impression : 1 (il sortira seul ; ne pas réimprimer)",
			"  Dernier échec : billet K01-000002-01 : écriture refusée, reste en attente",
		}},
		// paper out during a sale: the problem, what waits, and why
		{pos.French, counter.PrinterState{Problem: counter.PrinterPaperOut, Pending: 2,
			Failure: printers.Failure{Kind: printers.FailUnconfirmed, Job: printers.JobRef{Kind: printers.JobReceipt, Ref: "K01-000002"}, Problem: printers.ProblemPaperOut, Again: true},
			Failed:  "the printer stopped while K01-000002 was sent; it stays in the queue and will print again"}, 80, []string{
			"  Imprimante : plus de papier : mettez un rouleau",
			"  En attente d'impression : 2 (ils sortiront seuls ; ne pas réimprimer)",
			"  Dernier échec : reçu de la commande K01-000002 : impression non confirmée",
			"  (plus de papier), reste en attente",
		}},
	} {
		got := staffPrinter(c.lang, c.p, c.width)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s %d columns: the staff menu says\n%s\nwant\n%s", c.lang, c.width, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
		for _, l := range got {
			if w := ansi.StringWidth(l); w > c.width-2 {
				t.Errorf("%q is %d columns: wider than the menu at %d", l, w, c.width)
			}
		}
	}
}

// TestEveryPrinterProblemHasStaffWords: each problem the register names
// (counter.Printer*) has words in both languages, which the kiosk's staff
// menu shows as the till's status line does (the menu showed "paperout").
func TestEveryPrinterProblemHasStaffWords(t *testing.T) {
	for _, p := range []string{counter.PrinterPaperOut, counter.PrinterPaperLow, counter.PrinterCover, counter.PrinterCutter,
		counter.PrinterError, counter.PrinterHot, counter.PrinterFeeding, counter.PrinterOffline, counter.PrinterUnreachable, counter.PrinterWriteFailed} {
		for _, lang := range []pos.Lang{pos.French, pos.English} {
			if got := counter.PrinterProblemWords(p, lang); got == p && p != counter.PrinterOffline {
				t.Errorf("%s: no %s words for the printer problem %q", lang, lang, p)
			}
		}
	}
}
