package printers

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

type goldenCase struct {
	name    string
	profile string
	encode  func(Profile) ([]byte, error)
}

func goldenCases() []goldenCase {
	var cases []goldenCase
	for _, prof := range []string{"tm-t20", "generic58", "generic80-noqr"} {
		cases = append(cases,
			goldenCase{"spectacle-fr", prof, func(p Profile) ([]byte, error) { return EncodeTicket(SampleTicket(Spectacle, "fr"), p) }},
			goldenCase{"cinema-en", prof, func(p Profile) ([]byte, error) { return EncodeTicket(SampleTicket(Cinema, "en"), p) }},
			goldenCase{"receipt-fr", prof, func(p Profile) ([]byte, error) { return EncodeReceipt(SampleReceipt("fr"), p) }},
		)
	}
	// Variants: reprints, free placement, no discount, English receipt.
	cases = append(cases,
		goldenCase{"spectacle-duplicate-free-en", "tm-t88", func(p Profile) ([]byte, error) {
			t := SampleTicket(Spectacle, "en")
			t.Duplicate, t.Zone, t.Row, t.Seat = true, "Balcon", "", ""
			t.RegularPrice, t.OfferName, t.Customer = "", "", ""
			return EncodeTicket(t, p)
		}},
		goldenCase{"cinema-duplicate-free-fr", "generic80-640", func(p Profile) ([]byte, error) {
			t := SampleTicket(Cinema, "fr")
			t.Duplicate, t.Zone, t.Row, t.Seat = true, "", "", ""
			return EncodeTicket(t, p)
		}},
		goldenCase{"receipt-card-en", "generic80", func(p Profile) ([]byte, error) {
			r := SampleReceipt("en")
			r.Payments = []ReceiptLine{{Text: "Card (Visa ****4242)", Amount: "CHF 60.00"}, {Text: "Gift voucher GV-77", Amount: "CHF 28.00"}}
			r.Change, r.Rounding, r.VAT, r.OpenDrawer = "", "", "", false
			return EncodeReceipt(r, p)
		}},
	)
	return cases
}

// TestGolden encodes every layout for several profiles, decodes the bytes and
// compares the readable rendering with testdata/<layout>-<profile>.txt.
// Run `go test ./printers -run TestGolden -update` to rewrite them.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases() {
		t.Run(c.name+"/"+c.profile, func(t *testing.T) {
			p, err := LookupProfile(c.profile)
			if err != nil {
				t.Fatal(err)
			}
			b, err := c.encode(p)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Unknown) > 0 {
				t.Errorf("unknown commands in our own output: %v", doc.Unknown)
			}
			doc.Columns = p.ColumnsA
			got := doc.Text()
			path := filepath.Join("testdata", c.name+"-"+c.profile+".txt")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the decoded output (run with -update to accept):\n%s", path, lineDiff(string(want), got))
			}
		})
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var sb strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			fmt.Fprintf(&sb, "line %d:\n  want %q\n  got  %q\n", i+1, a, b)
		}
	}
	return sb.String()
}

// TestAccentsBytes checks the accents byte for byte in the encoded stream
// (CP858 values) and round-tripped in the decoded text.
func TestAccentsBytes(t *testing.T) {
	const accents = "é è à ç ô ü ä ö €"
	want := []byte{0x82, ' ', 0x8A, ' ', 0x85, ' ', 0x87, ' ', 0x93, ' ', 0x81, ' ', 0x84, ' ', 0x94, ' ', 0xD5}
	for _, name := range ProfileNames() {
		p, _ := LookupProfile(name)
		for _, f := range []Format{Spectacle, Cinema} {
			tk := SampleTicket(f, "fr")
			tk.Customer = accents
			b, err := EncodeTicket(tk, p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(b, []byte{esc, 't', 19}) {
				t.Errorf("%s/%s: no ESC t 19 (CP858)", name, f)
			}
			if !bytes.Contains(b, want) {
				t.Errorf("%s/%s: CP858 bytes % X not found", name, f, want)
			}
			doc, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(doc.Plain(), accents) {
				t.Errorf("%s/%s: decoded text lacks %q:\n%s", name, f, accents, doc.Plain())
			}
		}
	}
	// The receipt's own words: "Reçu", "Payé".
	b, _ := EncodeReceipt(SampleReceipt("fr"), profiles["tm-t20"])
	if !bytes.Contains(b, []byte("Re\x87u")) || !bytes.Contains(b, []byte("Pay\x82")) {
		t.Error("receipt words are not in CP858")
	}
}

func TestTicketContent(t *testing.T) {
	p := profiles["tm-t20"]
	for _, f := range []Format{Spectacle, Cinema} {
		tk := SampleTicket(f, "fr")
		b, err := EncodeTicket(tk, p)
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := Decode(b)
		plain := doc.Plain()
		for _, want := range []string{"Théâtre de la Côte", "Hänsel und Gretel", "sam. 12 déc. 2026 20:00", "Salle Müller, Genève",
			"Zone Parterre", "Rang C", "Place 14", "Adulte", "CHF 25.00", "au lieu de CHF 30.00 (Été à Genève)",
			"Commande K01-100234", "Billet K01-100234-01", "Zoë Jäger", "Ouverture des portes"} {
			if !strings.Contains(plain, want) {
				t.Errorf("%s: %q missing from\n%s", f, want, plain)
			}
		}
		if strings.Contains(plain, "DUPLICATA") {
			t.Errorf("%s: an original says DUPLICATA", f)
		}
		if qr := doc.QRCodes(); len(qr) != 1 || qr[0] != tk.QRPayload {
			t.Errorf("%s: QR codes %q, want the payload", f, qr)
		}
		tk.Duplicate, tk.Seat = true, ""
		b, _ = EncodeTicket(tk, p)
		doc, _ = Decode(b)
		if n := strings.Count(doc.Plain(), "DUPLICATA"); n < 2 {
			t.Errorf("%s: a reprint says DUPLICATA %d times, want at least 2", f, n)
		}
		if !strings.Contains(doc.Plain(), "Placement libre") {
			t.Errorf("%s: free placement not printed", f)
		}
		var cuts int
		for _, it := range doc.Items {
			if it.Kind == ItemCut {
				cuts++
				if it.Text != "partial" {
					t.Errorf("%s: %s cut, want partial", f, it.Text)
				}
			}
		}
		if cuts != 1 {
			t.Errorf("%s: %d cuts, want 1", f, cuts)
		}
	}
}

func TestReceiptContent(t *testing.T) {
	for _, name := range []string{"generic58", "tm-t20"} {
		p := profiles[name]
		b, err := EncodeReceipt(SampleReceipt("fr"), p)
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := Decode(b)
		plain := doc.Plain()
		flat := strings.Join(strings.Fields(plain), " ")
		for _, want := range []string{"Commande K01-100234", "Caisse Guichet 1", "Servi par Noémie", "2 x Hänsel",
			"au lieu de CHF 60.00 (Été à Genève)", "Réductions", "CHF -10.00", "Frais", "3 x Frais de réservation", "CHF 2.98",
			"TOTAL", "CHF 77.98", "Espèces", "CHF 100.00", "Rendu", "CHF 22.00", "Arrondi", "CHF 0.02", "TVA incl.", "8.1% CHF 5.84"} {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: %q missing from\n%s", name, want, plain)
			}
		}
		for _, l := range strings.Split(plain, "\n") {
			if len([]rune(l)) > p.ColumnsA {
				t.Errorf("%s: line wider than %d columns: %q", name, p.ColumnsA, l)
			}
		}
		if doc.Items[0].Kind != ItemCodePage || doc.Items[1].Kind != ItemDrawer {
			t.Errorf("%s: the drawer kick should follow the code page selection, got %v", name, doc.Items[:2])
		}
	}
	// a second VAT rate gets its own line under the first
	more := SampleReceipt("fr")
	more.MoreVAT = []string{"2,6 % CHF 0.25"}
	b, _ := EncodeReceipt(more, profiles["generic58"])
	doc, _ := Decode(b)
	lines := strings.Split(doc.Plain(), "\n")
	for i, l := range lines {
		if strings.Contains(l, "TVA incl.") && (i+1 >= len(lines) || !strings.HasSuffix(strings.TrimSpace(lines[i+1]), "2,6 % CHF 0.25")) {
			t.Errorf("the second rate is not under the first:\n%s", doc.Plain())
		}
	}
	r := SampleReceipt("en")
	r.OpenDrawer = false
	b, _ = EncodeReceipt(r, profiles["tm-t20"])
	if bytes.Contains(b, []byte{esc, 'p'}) {
		t.Error("drawer kicked without OpenDrawer")
	}
}

// TestTicketFitsFormat checks the estimated printed height of a ticket with
// every field long against its stock length.
func TestTicketFitsFormat(t *testing.T) {
	long := strings.Repeat("Très long texte ", 30)
	for _, name := range ProfileNames() {
		p := profiles[name]
		for _, f := range []Format{Spectacle, Cinema} {
			tk := SampleTicket(f, "fr")
			tk.Duplicate = true
			tk.Organiser, tk.Event, tk.When, tk.Venue, tk.Category = long, long, long, long, long
			tk.CustomText, tk.Customer, tk.OfferName = long+"\n"+long+"\n"+long, long, long
			tk.QRPayload = strings.Repeat("x", 150)
			e := newEncoder(p, false)
			e.ticket(&tk)
			if _, err := e.finish(); err != nil {
				t.Fatal(err)
			}
			if room := p.StockDots(f) - p.CutterFeedDots(); e.height > room {
				t.Errorf("%s/%s: estimated %d dots, the stock leaves %d before the cutter", name, f, e.height, room)
			}
		}
	}
}

func TestQRTooLong(t *testing.T) {
	tk := SampleTicket(Spectacle, "en")
	tk.QRPayload = strings.Repeat("x", maxQRBytes+1)
	if _, err := EncodeTicket(tk, profiles["tm-t20"]); err == nil {
		t.Error("no error for a QR payload too long")
	}
}

// TestTheSeatIsNeverCutOff: a Cinema ticket, and a Spectacle ticket's
// stub, put zone, row and seat on one line cut to the paper's width: in
// "Deuxième balcon côté cour", row AA, seat 112, the 80 mm Cinema ticket
// read "Zone Deuxième balcon côté cour  Rang AA  Plac..." and the 58 mm
// one "Zone Deuxième balcon côté cou...", with no seat at all (on 58 mm
// even "Parterre" lost it). The row and the seat go on the next line
// rather than off the paper.
func TestTheSeatIsNeverCutOff(t *testing.T) {
	for _, prof := range []string{"tm-t20", "generic58", "tm-t88"} {
		p, err := LookupProfile(prof)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []Format{Spectacle, Cinema} {
			for _, zone := range []string{"Deuxième balcon côté cour", "Parterre",
				"Deuxième balcon côté cour, accès par l'escalier B, places à visibilité réduite derrière les colonnes"} {
				tk := SampleTicket(f, "fr")
				tk.Zone, tk.Row, tk.Seat = zone, "AA", "112"
				b, err := EncodeTicket(tk, p)
				if err != nil {
					t.Fatal(err)
				}
				doc, err := Decode(b)
				if err != nil {
					t.Fatal(err)
				}
				text := doc.Plain()
				want := 1 // the Cinema ticket says it once
				if f == Spectacle {
					want = 2 // and the Spectacle's stub again
				}
				for _, part := range []string{"Rang AA", "Place 112"} {
					if n := strings.Count(text, part); n != want {
						t.Errorf("%s %s in %q: %q printed %d times, want %d:\n%s", prof, f, zone, part, n, want, text)
					}
				}
			}
		}
	}
}

// TestAVoucherKeepsItsValidity: a gift voucher prints its validity where
// a seat goes ("Valable jusqu'au jeu. 23 nov. 2028"); on 58 mm paper it
// was cut to the line, "Valable jusqu'au jeu. 23 nov....", on the Cinema
// ticket, the Spectacle's stub, and its main part (in double width): the
// customer could not read the year the voucher stops paying. It wraps.
func TestAVoucherKeepsItsValidity(t *testing.T) {
	for _, prof := range []string{"generic58", "tm-t88", "tm-t20"} {
		p, err := LookupProfile(prof)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []Format{Spectacle, Cinema} {
			for _, valid := range []string{"Valable jusqu'au jeu. 23 nov. 2028", "Valid until Thu 23 Nov 2028"} {
				tk := SampleTicket(f, "fr")
				tk.Zone, tk.Row, tk.Seat = "", "", ""
				tk.Voucher, tk.Placement = true, valid
				b, err := EncodeTicket(tk, p)
				if err != nil {
					t.Fatal(err)
				}
				doc, err := Decode(b)
				if err != nil {
					t.Fatal(err)
				}
				text := doc.Plain()
				want := 1
				if f == Spectacle {
					want = 2 // and on the stub
				}
				if n := strings.Count(text, "2028"); n != want {
					t.Errorf("%s %s: %q printed its year %d times, want %d:\n%s", prof, f, valid, n, want, text)
				}
			}
		}
	}
}

// TestAPassSaysNoPlacement: a pass (no zone, seat nor placement) printed
// "Placement libre" where a seat goes, on the Cinema ticket and on the
// Spectacle's main part and stub: a pass is a right to seats, not a place
// in a hall. Nothing stands for its seat.
func TestAPassSaysNoPlacement(t *testing.T) {
	p := profiles["tm-t20"]
	for _, f := range []Format{Spectacle, Cinema} {
		for _, lang := range []string{"fr", "en"} {
			tk := SampleTicket(f, lang)
			tk.Event, tk.When, tk.Venue = "Abonnement saison théâtre", "", ""
			tk.Zone, tk.Row, tk.Seat, tk.Category, tk.Pass = "", "", "", "", true
			b, err := EncodeTicket(tk, p)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			text := doc.Plain()
			for _, bad := range []string{"Placement libre", "Free placement"} {
				if strings.Contains(text, bad) {
					t.Errorf("%s %s: a pass says %q:\n%s", f, lang, bad, text)
				}
			}
			for _, want := range []string{"Abonnement saison", "CHF 25.00", tk.TicketNumber} {
				if !strings.Contains(text, want) {
					t.Errorf("%s %s: %q missing from the pass:\n%s", f, lang, want, text)
				}
			}
		}
	}
}
