package printers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// identityPieces are the texts identityCases draws fields from: accents,
// the euro sign, characters spelled out in ASCII, control characters,
// line breaks and runs of spaces, long words and long phrases that wrap,
// squeeze a ticket or get cut.
var identityPieces = []string{
	"", "", "A", "Zoë Jäger", "Théâtre de la Côte", "Hänsel und Gretel — opéra-conte",
	"Salle Müller, Genève", "CHF 25.00", "-CHF 5.00", "EUR 1 250.00 €", "sam. 12 déc. 2026 20:00",
	"Ouverture des portes à 19h30, ça commence à l’heure.\nProgramme au foyer : 5 € — « Città », Köln, œuvre…",
	"  spaces   inside \t and tabs  ", "line\r\nbreaks\rand\nmore\u2028sep\u2029end",
	"bidi\u202Eoverride\u200Bzero\uFEFFbom\u00ADsoft", "ctrl\x1b@\x1dV\x00\x7f\u0085bytes",
	"invalid \xff\xfe utf-8", "日本語のテキスト", "Ωmega ΣΣ", "ﬁ ligature ½ ¼ ™ ©",
	strings.Repeat("Supercalifragilistic", 5), strings.Repeat("mot ", 40),
	"Parterre côté jardin, loge numéro sept, accès par l'escalier B", "Placement libre",
	"Valable jusqu'au 31 déc. 2027", "Été à Genève", "K01-100234", "K01-100234-01",
}

// identityCases are tickets and receipts of every format, language and
// profile, from the samples and from fields drawn at random (a fixed
// seed): what TestEncodedBytesUnchanged encodes.
func identityCases() (tickets []Ticket, receipts []Receipt) {
	rng := rand.New(rand.NewPCG(14, 2026))
	pick := func() string { return identityPieces[rng.IntN(len(identityPieces))] }
	lines := func() []ReceiptLine {
		var out []ReceiptLine
		for range rng.IntN(4) {
			out = append(out, ReceiptLine{Text: pick(), Qty: rng.IntN(3), Amount: pick(), Regular: pick(), OfferName: pick()})
		}
		return out
	}
	for _, f := range []Format{Spectacle, Cinema} {
		for _, lang := range []string{"fr", "en"} {
			t := SampleTicket(f, lang)
			tickets = append(tickets, t)
			t.Duplicate, t.Copy = true, 2
			tickets = append(tickets, t)
			t.Training = true
			tickets = append(tickets, t)
			t = SampleTicket(f, lang)
			t.Seat, t.Row, t.Placement, t.Voucher, t.QRPayload = "", "", "Valable jusqu'au 31 déc. 2027", true, "K01-100234-01"
			tickets = append(tickets, t)
		}
	}
	for i := range 160 {
		f := Spectacle
		if i%2 == 1 {
			f = Cinema
		}
		qr := SampleQRPayload
		switch rng.IntN(4) {
		case 0:
			qr = ""
		case 1:
			qr = strings.Repeat("G2:ABCDEFGH", 1+rng.IntN(40))
		}
		tickets = append(tickets, Ticket{
			Format: f, Organiser: pick(), Event: pick(), When: pick(), Venue: pick(),
			Zone: pick(), Row: pick(), Seat: pick(), Placement: pick(), Voucher: rng.IntN(5) == 0,
			Category: pick(), Price: pick(), RegularPrice: pick(), OfferName: pick(),
			OrderNumber: pick(), TicketNumber: pick(), CustomText: pick() + "\n" + pick(), Customer: pick(),
			QRPayload: qr, Duplicate: rng.IntN(4) == 0, Copy: rng.IntN(3), Training: rng.IntN(6) == 0,
			Lang: []string{"fr", "en", "FR-ch", ""}[rng.IntN(4)],
		})
	}
	for _, lang := range []string{"fr", "en"} {
		r := SampleReceipt(lang)
		receipts = append(receipts, r)
		r.Copy, r.Training, r.Journal = 1, true, "1234:ab12cd34ef56"
		receipts = append(receipts, r)
	}
	for range 80 {
		r := Receipt{
			Organiser: pick(), Register: pick(), Staff: pick(), OrderNumber: pick(), When: pick(),
			Lines: lines(), Discounts: lines(), Fees: lines(), Total: pick(), Payments: lines(),
			Change: pick(), Rounding: pick(), VAT: pick(), VATNumber: pick(), Journal: pick(),
			Lang: []string{"fr", "en"}[rng.IntN(2)], OpenDrawer: rng.IntN(2) == 0, Training: rng.IntN(5) == 0,
			Copy: rng.IntN(3), Due: lines(), Refunds: lines(),
		}
		if rng.IntN(3) == 0 {
			r.Title, r.PaymentsTitle = pick(), pick()
		}
		for range rng.IntN(3) {
			r.MoreVAT = append(r.MoreVAT, pick())
			r.Notes = append(r.Notes, pick())
		}
		receipts = append(receipts, r)
	}
	return tickets, receipts
}

// TestEncodedBytesUnchanged holds the encoder to the bytes it printed when
// this test was written (digests taken then, per profile): a change of the
// encoder made for speed must print exactly the same bytes, for every
// profile, format and language, with the fields a layout wraps, cuts or
// squeezes. A change meant to print otherwise updates the digests, and
// says so.
func TestEncodedBytesUnchanged(t *testing.T) {
	want := map[string]string{
		"generic58":      "95548be3edca4f4a924082afbb63eef438aa86a02b536d734be0bd126b5a33d6",
		"generic80":      "bb66b2168709eddf9ab944d96a44fa39e6e97e155154e860093058833c0fe026",
		"generic80-640":  "5744f7eb010fd042308a55056d41005fea520db6a9993def886cb3848dabed39",
		"generic80-noqr": "a09af248e60023988bacdd024e0e83110fc53f6aa304edbc854045c20a44767c",
		"tm-t20":         "bb66b2168709eddf9ab944d96a44fa39e6e97e155154e860093058833c0fe026",
		"tm-t88":         "ac5476ced17c39cc9f62f9e98a5845e544af25d4c17ceea0f7b78d6098e14ce0",
	}
	tickets, receipts := identityCases()
	names := make([]string, 0, len(profiles))
	for name := range profiles {
		names = append(names, name)
	}
	sort.Strings(names)
	got := map[string]string{}
	for _, name := range names {
		p := profiles[name]
		h := sha256.New()
		for i, tk := range tickets {
			b, err := EncodeTicket(tk, p)
			fmt.Fprintf(h, "ticket %d %d %v\n", i, len(b), err)
			h.Write(b)
		}
		for i, r := range receipts {
			b, err := EncodeReceipt(r, p)
			fmt.Fprintf(h, "receipt %d %d %v\n", i, len(b), err)
			h.Write(b)
		}
		b, err := EncodeDrawerKick(p)
		fmt.Fprintf(h, "drawer %d %v\n", len(b), err)
		h.Write(b)
		got[name] = hex.EncodeToString(h.Sum(nil))
	}
	for _, name := range names {
		if got[name] != want[name] {
			t.Errorf("profile %s: the encoded bytes changed: digest %s, was %s", name, got[name], want[name])
		}
	}
}
