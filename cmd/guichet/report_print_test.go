package main

import (
	"path/filepath"
	"strings"
	"testing"

	"guichet/printers"
	"guichet/printers/printertest"
)

// TestReportTicketsPrintSaysAPrinterThatCannotPrint: guichet report
// tickets --print on a printer out of paper wrote the statement into the
// printer's buffer and exited 0, saying nothing: the box office took the
// daily statement for printed. It reads the printer's state first, as
// print-test does, and says what keeps it from printing; a ready printer
// prints it.
func TestReportTicketsPrintSaysAPrinterThatCannotPrint(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	placeCash(t, db, 1)
	p := printertest.New(t)
	p.SetPaperOut(true)
	out, stderr, code := guichet(t, "", "report", "tickets", "--db", db, "--print", p.Spec())
	if code == 0 || !strings.Contains(stderr, "l'impression a échoué (relevé) : l'imprimante "+p.Spec()+" ne peut pas imprimer : plus de papier : mettez un rouleau") {
		t.Fatalf("out of paper, in the demo's French: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = guichet(t, "", "report", "tickets", "--db", db, "--print", p.Spec(), "--lang", "en")
	if code == 0 || !strings.Contains(stderr, "the statement was not printed: the printer "+p.Spec()+" cannot print: out of paper: load a new roll") {
		t.Fatalf("out of paper: exit %d\n%s%s", code, out, stderr)
	}
	p.SetPaperOut(false)
	if out, stderr, code := guichet(t, "", "report", "tickets", "--db", db, "--print", p.Spec()); code != 0 {
		t.Fatalf("ready: exit %d\n%s%s", code, out, stderr)
	}
	doc, err := printers.Decode(p.Printed())
	if err != nil {
		t.Fatal(err)
	}
	if text := doc.Plain(); strings.Count(text, "RELEVÉ JOURNALIER DES BILLETS") != 1 {
		t.Fatalf("the printer got:\n%s", text)
	}
}

// TestReportTicketsTakesThePrinterFlag: the README said to print the daily
// statement with --printer, the counter's name for a printer; report tickets
// named it --print and refused --printer ("flag provided but not defined").
// Both print it now.
func TestReportTicketsTakesThePrinterFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	placeCash(t, db, 1)
	p := printertest.New(t)
	if out, stderr, code := guichet(t, "", "report", "tickets", "--db", db, "--printer", p.Spec()); code != 0 {
		t.Fatalf("report tickets --printer: exit %d\n%s%s", code, out, stderr)
	}
	doc, err := printers.Decode(p.Printed())
	if err != nil {
		t.Fatal(err)
	}
	if text := doc.Plain(); strings.Count(text, "RELEVÉ JOURNALIER DES BILLETS") != 1 {
		t.Fatalf("the printer got:\n%s", text)
	}
}

// TestReportTicketsHelpListsOnlyPrinters: report -h pasted every printer
// spec, preview included ("keep the ticket to show it on screen"), which
// a report already on screen has no use for; --print preview printed
// nowhere and exited 0. The help lists printers and files only, and
// --print preview is refused with the specs it takes.
func TestReportTicketsHelpListsOnlyPrinters(t *testing.T) {
	out, _, code := guichet(t, "", "report", "-h")
	if code != 0 || !strings.Contains(out, "tcp://192.168.1.50:9100") || !strings.Contains(out, "file:out.bin") {
		t.Fatalf("report -h: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "preview") {
		t.Errorf("report -h offers preview:\n%s", out)
	}
	db := filepath.Join(t.TempDir(), "r.db")
	placeCash(t, db, 1)
	_, stderr, code := guichet(t, "", "report", "tickets", "--db", db, "--print", "preview", "--lang", "en")
	if code == 0 || !strings.Contains(stderr, "already shown here") || strings.Contains(stderr, "preview (") {
		t.Errorf("--print preview: exit %d\n%s", code, stderr)
	}
}
