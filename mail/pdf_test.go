package mail_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"guichet/mail"
	"guichet/pos"
)

// pdfWords are the words of a PDF's first page with their right edge
// (points from the left), as pdftotext -bbox reads them.
func pdfWordsAt(t *testing.T, pdf []byte) (words []string, right []float64) {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	prog, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is missing: install Debian's poppler-utils (.ci/tools.sh does it)")
	}
	out, err := exec.Command(prog, "-bbox", "-f", "1", "-l", "1", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	re := regexp.MustCompile(`<word xMin="[0-9.]+" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		x, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		words, right = append(words, m[2]), append(right, x)
	}
	return words, right
}

// TestAnInvoiceLineLongerThanItsCellWraps: an invoice line's text was
// one cell 140 mm wide, never wrapped: a seated line of the demo (event,
// zone, row, seats, category, offer) ran on under its amount. It wraps
// within its column: every word is there and none reaches the amounts'.
func TestAnInvoiceLineLongerThanItsCellWraps(t *testing.T) {
	long := "2 × Le Voyage extraordinaire, ciné-concert — Grande salle, parterre, rang F, places 9 et 10 — adulte, tarif réduit (Bienvenue : CHF 5.00 de moins par billet)"
	pdf, err := mail.InvoicePDF(mail.Invoice{
		Organiser: "Théâtre du Lac", Customer: "Mme Zoé Müller", Order: "K01-000042",
		Date: "23.11.2026", Deadline: "3.12.2026", Total: "CHF 139.00", Lang: pos.French,
		Lines: []mail.InvoiceLine{{Text: long, Amount: "CHF 130.00"}, {Text: "Frais de dossier", Amount: "CHF 9.00"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	words, right := pdfWordsAt(t, pdf)
	const column = 150 * 72 / 25.4 // the amounts' column starts 150 mm from the page's edge
	amounts := map[string]bool{"CHF": true, "130.00": true, "9.00": true, "139.00": true}
	got := map[string]bool{}
	for i, w := range words {
		got[w] = true
		if amounts[w] {
			continue
		}
		if right[i] > column {
			t.Errorf("%q ends %.0f pt from the edge, in the amounts' column (from %.0f pt)", w, right[i], column)
		}
	}
	for _, w := range strings.Fields(long) {
		if !got[w] {
			t.Errorf("the invoice lost the word %q of its line", w)
		}
	}
}
