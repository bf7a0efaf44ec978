package counter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// TestStatementPrintsOnTheReceiptPrinter lays a daily ticket statement out
// for the receipt printer and reads the bytes back: every row's series,
// count and takings, "gratuit" for invitations, the day's total.
func TestStatementPrintsOnTheReceiptPrinter(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	rows := []local.StatementRow{
		{Performance: "hamlet-00", Category: "adult", Price: pos.M(3800, "CHF"), First: "K01-000001-01", Last: "K01-000004-01",
			Issued: 3, Canceled: 1, Count: 2, Takings: pos.M(7600, "CHF")},
		{Performance: "hamlet-00", Category: "invitation", Price: pos.M(0, "CHF"), First: "K01-000003-01", Last: "K01-000003-02",
			Issued: 2, Count: 2, Takings: pos.M(0, "CHF")},
	}
	prof, _ := printers.LookupProfile("tm-t20")
	data, err := printers.EncodeReceipt(StatementLayout(cat, Statement{Register: "K01", Day: "2026-11-23", Closed: true, Rows: rows}, "fr"), prof)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := printers.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Plain()
	for _, want := range []string{"RELEVÉ JOURNALIER DES BILLETS", "2026-11-23", "HAMLET", "Adulte CHF 38.00", "K01-000001-01...K01-000004-01",
		"émis 3, annulés 1, comptés 2", "Invitation gratuit", "K01-000003-01...K01-000003-02", "comptés 2 ",
		"TOTAL                                  CHF 76.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed statement does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Reçu") || strings.Contains(text, "Merci") || strings.Contains(text, "Commande") {
		t.Errorf("the statement reads like a receipt:\n%s", text)
	}
}

// TestStatementNamesItsPasses: a pass sold is a row of the statement
// under "pass:ID" and no performance; the statement, shown and printed,
// named it by that id ("pass:abonnement-saison"). It names the pass.
// Its rows came first with no head, indented under nothing: they are
// headed "Abonnements et pass", before the performances' heads.
func TestStatementNamesItsPasses(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	rows := []local.StatementRow{
		{Category: "pass:abonnement-saison", Price: pos.M(18000, "CHF"), First: "K01-000002-01", Last: "K01-000002-01",
			Issued: 1, Count: 1, Takings: pos.M(18000, "CHF")},
		{Performance: "hamlet-01", Category: "adult", Price: pos.M(2500, "CHF"), First: "K01-000001-01", Last: "K01-000001-01",
			Issued: 1, Count: 1, Takings: pos.M(2500, "CHF")},
	}
	for _, tc := range []struct {
		lang       pos.Lang
		name, head string
	}{
		{"fr", "Abonnement saison théâtre", "Abonnements et pass"},
		{"en", "Theatre season subscription", "Passes"},
	} {
		text := StatementText(cat, Statement{Register: "K01", Day: "2026-11-23", Closed: true, Rows: rows}, tc.lang)
		lines := strings.Split(text, "\n")
		if !strings.Contains(text, tc.name) || strings.Contains(text, "pass:") || len(lines) < 4 ||
			lines[1] != tc.head || !strings.HasPrefix(lines[2], "  "+tc.name) || !strings.HasPrefix(lines[3], "Hamlet, ") {
			t.Errorf("%s: the statement of a pass sold:\n%s", tc.lang, text)
		}
		prof, _ := printers.LookupProfile("tm-t20")
		data, err := printers.EncodeReceipt(StatementLayout(cat, Statement{Register: "K01", Day: "2026-11-23", Closed: true, Rows: rows}, tc.lang), prof)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := printers.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if printed := doc.Plain(); strings.Contains(printed, "pass:") || !strings.Contains(printed, tc.name) || !strings.Contains(printed, "\n"+strings.ToUpper(tc.head)+" ") {
			t.Errorf("%s: the printed statement of a pass sold:\n%s", tc.lang, printed)
		}
	}
}

// TestAStatementRowOfCancellationsOnlyHasNoSeries: a day whose row only
// takes back tickets issued another day has no series; guichet report
// tickets printed a bare "…" where the series goes. It says none, as the
// printed statement does.
func TestAStatementRowOfCancellationsOnlyHasNoSeries(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	rows := []local.StatementRow{
		{Performance: "hamlet-00", Category: "adult", Price: pos.M(3800, "CHF"), Canceled: 1, Count: -1, Takings: pos.M(-3800, "CHF")},
	}
	for _, lang := range []pos.Lang{"fr", "en"} {
		text := StatementText(cat, Statement{Register: "K01", Day: "2026-11-23", Closed: true, Rows: rows}, lang)
		if strings.Contains(text, "…") {
			t.Errorf("%s: a row with no ticket issued prints a series:\n%s", lang, text)
		}
		if !strings.Contains(text, "CHF -38.00") {
			t.Errorf("%s: the row's takings are missing:\n%s", lang, text)
		}
	}
}

// TestThePrintedStatementSaysEveryCount: the printed statement gave a
// row's count as its quantity ("2 x Adulte") and its cancellations, never
// the tickets issued, and nothing at all for a row that took back as many
// tickets as it issued or more (a quantity of 0 or less is not printed):
// on paper, a day that issued one child's ticket and took back two showed
// neither the one issued nor the count of -1. It prints the three counts,
// as guichet report tickets shows them.
func TestThePrintedStatementSaysEveryCount(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	rows := []local.StatementRow{
		{Performance: "hamlet-00", Category: "child", Price: pos.M(1200, "CHF"), First: "K01-000010-01", Last: "K01-000010-01",
			Issued: 1, Canceled: 2, Count: -1, Takings: pos.M(-1200, "CHF")},
		{Performance: "hamlet-00", Category: "adult", Price: pos.M(3800, "CHF"), First: "K01-000011-01", Last: "K01-000011-01",
			Issued: 1, Canceled: 1, Count: 0, Takings: pos.M(0, "CHF")},
	}
	for _, tc := range []struct {
		lang pos.Lang
		want []string
	}{
		{"fr", []string{"émis 1, annulés 2, comptés -1", "émis 1, annulés 1, comptés 0"}},
		{"en", []string{"issued 1, canceled 2, count -1", "issued 1, canceled 1, count 0"}},
	} {
		prof, _ := printers.LookupProfile("tm-t20")
		data, err := printers.EncodeReceipt(StatementLayout(cat, Statement{Register: "K01", Day: "2026-11-23", Closed: true, Rows: rows}, tc.lang), prof)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := printers.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		printed := strings.Join(strings.Fields(doc.Plain()), " ") // a row wraps on the roll
		for _, want := range tc.want {
			if !strings.Contains(printed, want) {
				t.Errorf("%s: the printed statement does not say %q:\n%s", tc.lang, want, doc.Plain())
			}
		}
	}
}

// TestATrainingStatementSaysSo: the daily ticket statement of the
// training register (guichet report tickets --db guichet.db.training) was
// shown and printed as the real one's, with no mark, while its tickets and
// receipts say TRAINING — NOT VALID. Shown and printed, it says so at the
// top and at the end; the real register's does not.
func TestATrainingStatementSaysSo(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	rows := []local.StatementRow{
		{Performance: "hamlet-00", Category: "adult", Price: pos.M(3800, "CHF"), First: "K01T-000001-01", Last: "K01T-000001-01",
			Issued: 1, Count: 1, Takings: pos.M(3800, "CHF")},
	}
	prof, _ := printers.LookupProfile("tm-t20")
	for _, tc := range []struct {
		lang     pos.Lang
		training bool
		mark     string
	}{
		{"fr", true, "FORMATION — NON VALABLE"},
		{"en", true, "TRAINING — NOT VALID"},
		{"fr", false, "FORMATION"},
		{"en", false, "TRAINING"},
	} {
		st := Statement{Register: "K01T", Day: "2026-11-23", Closed: true, Training: tc.training, Rows: rows}
		text := StatementText(cat, st, tc.lang)
		lines := strings.Split(strings.TrimSpace(text), "\n")
		if tc.training && (lines[0] != tc.mark || lines[len(lines)-1] != tc.mark) {
			t.Errorf("%s: the training statement is not marked %q first and last:\n%s", tc.lang, tc.mark, text)
		}
		if !tc.training && strings.Contains(text, tc.mark) {
			t.Errorf("%s: the real statement says %q:\n%s", tc.lang, tc.mark, text)
		}
		data, err := printers.EncodeReceipt(StatementLayout(cat, st, tc.lang), prof)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := printers.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		printed := doc.Plain()
		mark := strings.ReplaceAll(tc.mark, "—", "-") // the roll's code page has no dash
		if n := strings.Count(printed, mark); tc.training && n != 2 || !tc.training && n != 0 {
			t.Errorf("%s (training %v): the printed statement says %q %d times:\n%s", tc.lang, tc.training, mark, n, printed)
		}
		if tc.training {
			if i, j := strings.Index(printed, mark), strings.Index(printed, "HAMLET"); i < 0 || i > j {
				t.Errorf("%s: the mark is not above the rows:\n%s", tc.lang, printed)
			}
		}
	}
}

// TestIsTrainingRegister: the training register is told by its file,
// which the counter's training mode marks, whatever it is named after; a
// file of an older version by where the counter opens it. Not by its id:
// a real register named EST (ending in T, as K01's training K01T does)
// is no training register.
func TestIsTrainingRegister(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	open := func(path, id string) *local.Register {
		r, err := local.Open(local.Options{Path: path, Register: id, Catalog: cat, Now: func() time.Time { return saleDay }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	svc, err := Open(Options{Path: filepath.Join(dir, "guichet.db"), Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	trainee, err := svc.Training()
	if err != nil {
		t.Fatal(err)
	}
	if !IsTrainingRegister(trainee.Register()) {
		t.Error("the counter's training register is not told as one")
	}
	if IsTrainingRegister(svc.Register()) {
		t.Error("the real register is told as a training one")
	}
	svc.Close()
	copied := filepath.Join(dir, "copy.db")
	for _, ext := range []string{"", ".journal", ".key", ".pub"} {
		data, err := os.ReadFile(TrainingPath(filepath.Join(dir, "guichet.db")) + ext)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copied+ext, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if !IsTrainingRegister(open(copied, "")) {
		t.Error("a copy of the training register's file under another name is not told as one")
	}
	if IsTrainingRegister(open(filepath.Join(dir, "est.db"), "EST")) {
		t.Error("register EST is told as a training register")
	}
}

// TestAPerformanceGoneFromTheCatalogIsNamedAsSold: a past day's statement
// named its performances with the catalog given to the command: one
// removed from it since showed as a bare id. It is named as sold; a
// performance the catalog has keeps the catalog's name.
func TestAPerformanceGoneFromTheCatalogIsNamedAsSold(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	rows := []local.StatementRow{
		{Performance: "gone-01", Category: "adult", Price: pos.M(3800, "CHF"), First: "K01-000001-01", Last: "K01-000001-01",
			Issued: 1, Count: 1, Takings: pos.M(3800, "CHF")},
		{Performance: "hamlet-00", Category: "adult", Price: pos.M(3800, "CHF"), First: "K01-000002-01", Last: "K01-000002-01",
			Issued: 1, Count: 1, Takings: pos.M(3800, "CHF")},
	}
	sold := map[string]string{"gone-01": "Le Misanthrope, 12.11.2026 20:00", "hamlet-00": "Hamlet (as sold)"}
	lines := StatementLines(cat, rows, sold, "fr")
	if lines[0].PerformanceName != "Le Misanthrope, 12.11.2026 20:00" {
		t.Errorf("a performance gone from the catalog is named %q", lines[0].PerformanceName)
	}
	if lines[1].PerformanceName == "Hamlet (as sold)" || !strings.HasPrefix(lines[1].PerformanceName, "Hamlet, ") {
		t.Errorf("a performance of the catalog is named %q, not by the catalog", lines[1].PerformanceName)
	}
	if l := StatementLines(cat, rows, nil, "fr"); l[0].PerformanceName != "gone-01" {
		t.Errorf("without its name as sold: %q", l[0].PerformanceName)
	}
	text := StatementText(cat, Statement{Register: "K01", Day: "2026-11-23", Closed: true, Rows: rows, Sold: sold}, "fr")
	if !strings.Contains(text, "\nLe Misanthrope, 12.11.2026 20:00\n") {
		t.Errorf("the statement:\n%s", text)
	}
}
