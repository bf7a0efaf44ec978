package counter

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
	"guichet/printers"
)

// TestAShiftsReportPrintsThroughTheSpooler: a cashier closing the day saw
// her X and Z on the screen and had no paper to put in the cash bag with
// the cash counted. Her till now queues the report as it queues a
// receipt (the spooler owns the printer): the X while the shift is open,
// the Z once closed, a second Z a numbered DUPLICATA. The paper's amounts
// are the report's, to the cent, in the register's language. The test
// failed before: the till had no way to print a report.
func TestAShiftsReportPrintsThroughTheSpooler(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	r.sell(cash(3000), card())
	r.printed()
	if err := r.till.CashMove(pos.M(-5000, "CHF"), "banque"); err != nil {
		t.Fatal(err)
	}
	r.printed()
	x, err := r.till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.till.PrintShiftReport(""); err != nil {
		t.Fatal(err)
	}
	doc := r.printed()
	got := words(text(doc))
	fr := func(m pos.Money) string { return m.Format(pos.French) }
	for _, w := range []string{"Théâtre du Lac", "Rapport X", "Service : " + x.Shift, "Caissier : Claire Dubois", "Caisse K01",
		"Ouverture :", "Relevé à :", "Commandes : 1", "Billets : 2",
		"Fond de caisse " + fr(x.Float), "Ventes en espèces " + fr(x.CashSales), "Retraits d'espèces " + fr(x.CashOut.Neg()),
		"Espèces attendues " + fr(x.Expected), "Par moyen de paiement", "1 x Espèces " + fr(x.ByMethod[0].Amount),
		"1 x Carte de crédit " + fr(x.ByMethod[1].Amount), "Journal "} {
		if !strings.Contains(got, w) {
			t.Errorf("the X does not say %q:\n%s", w, got)
		}
	}
	for _, w := range []string{"Clôture Z", "Espèces comptées", "DUPLICATA", "TOTAL", "Merci"} {
		if strings.Contains(got, w) {
			t.Errorf("the X says %q:\n%s", w, got)
		}
	}
	counted := x.Expected.Minus(pos.M(250, "CHF"))
	z, err := r.till.CloseShift(counted)
	if err != nil {
		t.Fatal(err)
	}
	r.printed() // the count opened nothing; the close may have
	for copy, dup := range []bool{false, true} {
		if err := r.till.PrintShiftReport(z.Shift); err != nil {
			t.Fatal(err)
		}
		got := words(text(r.printed()))
		for _, w := range []string{"Clôture Z", "Service : " + z.Shift, "Clôture :", "Espèces attendues " + fr(z.Expected),
			"Espèces comptées " + fr(counted), "Écart (manque) " + fr(pos.M(-250, "CHF"))} {
			if !strings.Contains(got, w) {
				t.Errorf("Z paper %d does not say %q:\n%s", copy, w, got)
			}
		}
		if strings.Contains(got, "DUPLICATA 1") != dup {
			t.Errorf("Z paper %d: DUPLICATA 1 said %v, want %v:\n%s", copy, !dup, dup, got)
		}
	}
}

// TestAShiftsReportPrintsOnlyForItsCashier: Marc's till cannot print
// Claire's shift's report, nor a till with no printer any.
func TestAShiftsReportPrintsOnlyForItsCashier(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	x, err := r.till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	marc, err := r.svc.Unlock("marc", "5678")
	if err != nil {
		t.Fatal(err)
	}
	if err := marc.PrintShiftReport(x.Shift); err == nil || !strings.Contains(err.Error(), "another staff member's") {
		t.Errorf("Marc printed Claire's report: %v", err)
	}
}

// TestAShiftsReportPaperSaysItsDetail: the X and the Z on paper stopped at
// the drawer and the payment methods, while the till's screen and guichet
// report x|z go on with the tickets by performance and category, the
// discounts by offer with their codes, the comps with their reasons and
// the gift vouchers sold: the paper in the cash bag said none of it. It
// says each, with its count and its amount, in the screen's words.
func TestAShiftsReportPaperSaysItsDetail(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	r.sell(cash(10000))
	if err := r.till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	if err := r.till.SetComp(0, "presse"); err != nil {
		t.Fatal(err)
	}
	if err := r.till.AddVoucher("bon-libre", pos.M(4000, "CHF")); err != nil {
		t.Fatal(err)
	}
	comp, err := r.till.Checkout([]pos.Tender{cash(4000)})
	if err != nil {
		t.Fatal(err)
	}
	r.printed()
	if err := r.till.PrintShiftReport(""); err != nil {
		t.Fatal(err)
	}
	got := words(text(r.printed()))
	cat := r.svc.Catalog()
	perf, _ := cat.PerformanceByID("hamlet-00")
	hamlet := "Hamlet " + pos.FormatDateTime(perf.Start.In(cat.Location()), pos.French)
	for _, w := range []string{
		"Billets par représentation et catégorie, abonnements et pass :",
		"2 x " + hamlet + " · Adulte CHF 40.00", "1 x " + hamlet + " · Enfant CHF 15.00", // the comp's, free
		"Réductions par offre : 2 x Bienvenue : CHF 5.- par billet (1 code utilisé) CHF -10.00",
		"Invitations : 1 " + comp.Order.Number + " " + comp.Order.Tickets[0].Number + " - presse", // cp850 has no dash
		"1 x Bons cadeaux vendus CHF 40.00",
		"Par moyen de paiement",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("the X does not say %q:\n%s", w, got)
		}
	}
}

// TestAnXIsNeverTakenForAZ: the print queue named a report job an X or a
// Z by comparing its paper's title with the Z's in the register's
// language; the job is a Z because its shift's report is, whatever the
// words. An X queued twice, in English and in French, is an X each time
// (its failures name an X report), never numbered nor marked DUPLICATA;
// the Z after it is a Z, its second paper DUPLICATA 1.
func TestAnXIsNeverTakenForAZ(t *testing.T) {
	prof, _ := printers.LookupProfile("tm-t20")
	for _, lang := range []pos.Lang{pos.English, pos.French} {
		t.Run(string(lang), func(t *testing.T) {
			cat, err := fixtures.DemoCatalog(saleDay)
			if err != nil {
				t.Fatal(err)
			}
			// no printer: the jobs wait in the queue, read as the
			// spooler reads them
			svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
				Now: func() time.Time { return saleDay }, Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			defer svc.Close()
			till, err := svc.Unlock("claire", "1234")
			if err != nil {
				t.Fatal(err)
			}
			x, err := till.OpenShift(pos.M(20000, "CHF"))
			if err != nil {
				t.Fatal(err)
			}
			papers := func(want printers.JobKind, title string, copies ...int) {
				t.Helper()
				jobs, err := printQueue{svc}.Pending()
				if err != nil {
					t.Fatal(err)
				}
				var got []printers.Job
				for _, j := range jobs {
					if j.Ref == x.ID {
						got = append(got, j)
					}
				}
				if len(got) != len(copies) {
					t.Fatalf("%d report jobs waiting, want %d: %+v", len(got), len(copies), jobs)
				}
				for i, j := range got {
					if j.Kind != want || j.Receipt == nil || j.Receipt.Copy != copies[i] {
						t.Errorf("paper %d: kind %v, copy %v; want kind %v, copy %d", i, j.Kind, j.Receipt, want, copies[i])
						continue
					}
					b, err := printers.EncodeReceipt(*j.Receipt, prof)
					if err != nil {
						t.Fatal(err)
					}
					doc, err := printers.Decode(b)
					if err != nil {
						t.Fatal(err)
					}
					printed := words(text(doc))
					if !strings.Contains(printed, title) {
						t.Errorf("paper %d does not say %q:\n%s", i, title, printed)
					}
					if dup := strings.Contains(printed, "DUPLICAT"); dup != (copies[i] > 0) {
						t.Errorf("paper %d: DUPLICATA said %v, want %v:\n%s", i, dup, copies[i] > 0, printed)
					}
				}
				for _, j := range got {
					if err := svc.reg.MarkPrinted(j.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
			for range 2 {
				if err := till.Till.QueueShiftReport(x.ID); err != nil {
					t.Fatal(err)
				}
			}
			papers(printers.JobXReport, rw("x", lang), 0, 0)
			if _, err := till.CloseShift(x.Float); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := till.Till.QueueShiftReport(x.ID); err != nil {
					t.Fatal(err)
				}
			}
			papers(printers.JobZReport, rw("z", lang), 0, 1)
		})
	}
}

// TestAnXQueuedBeforeTheCloseStaysAnX: an X queued while the shift was
// open (the printer out of paper) and printed once the shift had closed
// came out as the Z, titled "Clôture Z", counted and unnumbered: the
// journal had counted no Z paper for it, so the Z the cashier printed
// next was a second original. The X prints as an X now, its figures
// those of the close, without the count (a reading, not the closure), and
// the Z queued after it is the original. The test failed before: the X
// job was a Z job that said "Clôture Z".
func TestAnXQueuedBeforeTheCloseStaysAnX(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }, Lang: pos.French}) // no printer: the jobs wait
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	sh, err := till.OpenShift(pos.M(20000, "CHF"))
	if err != nil {
		t.Fatal(err)
	}
	if err := till.Till.QueueShiftReport(sh.ID); err != nil { // the X
		t.Fatal(err)
	}
	if _, err := till.CloseShift(pos.M(19000, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := till.Till.QueueShiftReport(sh.ID); err != nil { // the Z
		t.Fatal(err)
	}
	jobs, err := printQueue{svc}.Pending()
	if err != nil {
		t.Fatal(err)
	}
	prof, _ := printers.LookupProfile("tm-t20")
	var got []string
	for _, j := range jobs {
		if j.Ref != sh.ID {
			continue
		}
		b, err := printers.EncodeReceipt(*j.Receipt, prof)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := printers.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%v %s", j.Kind, words(text(doc))))
	}
	if len(got) != 2 {
		t.Fatalf("%d report papers waiting, want the X and the Z: %q", len(got), got)
	}
	x, z := got[0], got[1]
	if !strings.HasPrefix(x, fmt.Sprint(printers.JobXReport)+" ") || !strings.Contains(x, "Rapport X") || !strings.Contains(x, "Relevé à") {
		t.Errorf("the X queued before the close: want an X report job titled Rapport X, got:\n%s", x)
	}
	for _, w := range []string{"Clôture Z", "Espèces comptées", "Écart", "DUPLICATA"} {
		if strings.Contains(x, w) {
			t.Errorf("the X queued before the close says %q:\n%s", w, x)
		}
	}
	if !strings.HasPrefix(z, fmt.Sprint(printers.JobZReport)+" ") || !strings.Contains(z, "Clôture Z") || !strings.Contains(z, "Espèces comptées") ||
		strings.Contains(z, "DUPLICATA") {
		t.Errorf("the Z queued after it: want the original Z, got:\n%s", z)
	}
}

// TestAZWaitingForPaperPrintsAsTheOriginal: a Z's papers are numbered as
// they are queued, so a first one the printer never printed would leave
// "DUPLICATA 1" with no original. It never does: a Z queued while the
// printer is out of paper waits in the queue (nothing drops it), the
// cashier's second press queues DUPLICATA 1 behind it, and once a roll is
// loaded the first paper out is the original, the second DUPLICATA 1.
func TestAZWaitingForPaperPrintsAsTheOriginal(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	z, err := r.till.CloseShift(pos.M(20000, "CHF"))
	if err != nil {
		t.Fatal(err)
	}
	r.printed()
	r.printer.SetPaperOut(true)
	for range 2 { // nothing came out: she presses p again
		if err := r.till.PrintShiftReport(z.Shift); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for r.svc.Printer().Problem != PrinterPaperOut {
		if time.Now().After(deadline) {
			t.Fatalf("the printer's state never said paper out: %+v", r.svc.Printer())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if q, _ := r.svc.reg.PrintQueue(); len(q) != 2 {
		t.Fatalf("%d jobs waiting for paper, want the Z's two papers: %+v", len(q), q)
	}
	r.printer.SetPaperOut(false)
	var papers []string
	var b strings.Builder
	for _, it := range r.printed().Items {
		switch it.Kind {
		case printers.ItemCut:
			papers = append(papers, words(b.String()))
			b.Reset()
		case printers.ItemLine:
			for _, sp := range it.Spans {
				b.WriteString(sp.Text)
			}
			b.WriteString("\n")
		}
	}
	if len(papers) != 2 {
		t.Fatalf("%d papers after loading a roll, want 2: %q", len(papers), papers)
	}
	for i, p := range papers {
		if !strings.Contains(p, "Clôture Z") || !strings.Contains(p, "Service : "+z.Shift) {
			t.Errorf("paper %d is not the Z:\n%s", i, p)
		}
	}
	if strings.Contains(papers[0], "DUPLICATA") {
		t.Errorf("the first paper out says DUPLICATA, want the original:\n%s", papers[0])
	}
	if strings.Count(papers[1], "DUPLICATA 1") != 2 {
		t.Errorf("the second paper out: want DUPLICATA 1 at the top and the end:\n%s", papers[1])
	}
}
