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

// TestAFreePlacementTicketPageSaysSo: the e-mailed ticket of a zone with
// free placement showed the zone alone ("Parterre"), where the printed
// ticket says "Placement libre": the customer could not tell whether a
// seat was missing. The page says it, in the customer's language; a
// seated ticket names its row and seat, a gift voucher neither.
func TestAFreePlacementTicketPageSaysSo(t *testing.T) {
	for _, tc := range []struct {
		name string
		page mail.TicketPage
		want string // "" : no placement words
	}{
		{"free, French", mail.TicketPage{Zone: "Parterre", Lang: pos.French}, "Parterre · Placement libre"},
		{"free, English", mail.TicketPage{Zone: "Stalls", Lang: pos.English}, "Stalls · Free placement"},
		{"seated", mail.TicketPage{Zone: "Parterre", Row: "F", Seat: "9", Lang: pos.French}, "Parterre · rang F · place 9"},
		{"gift voucher", mail.TicketPage{Voucher: true, Validity: "Valable jusqu'au 1.12.2027", Lang: pos.French}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.page
			p.Organiser, p.Event, p.Order, p.Number, p.QR = "Théâtre du Lac", "Hamlet", "K01-000042", "K01-000042-1", "K01-000042-1"
			pdf, err := mail.TicketsPDF([]mail.TicketPage{p})
			if err != nil {
				t.Fatal(err)
			}
			words, _ := pdfWordsAt(t, pdf)
			text := strings.Join(words, " ")
			switch {
			case tc.want != "" && !strings.Contains(text, tc.want):
				t.Errorf("the page does not say %q:\n%s", tc.want, text)
			case tc.want == "" && (strings.Contains(text, "libre") || strings.Contains(text, "placement")):
				t.Errorf("a gift voucher's page speaks of placement:\n%s", text)
			}
		})
	}
}
