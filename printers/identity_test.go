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
		"generic58":      "fa0592c45db72745930a04beea03fe4fff73ce6cd25314132d2cae755adf19ad",
		"generic80":      "58446735da697dde075af35771507ea6412e6c5f1d4c11cbaaa822191883bb6d",
		"generic80-640":  "e022605b9f166d42beba607fec4d585a110f3031a3ce7c834fe28e91480fdf96",
		"generic80-noqr": "70f1d7b1774b77ed60e555877e1fbbe632d5cfa28f8c05f9d8290b20e8d70d6d",
		"tm-t20":         "58446735da697dde075af35771507ea6412e6c5f1d4c11cbaaa822191883bb6d",
		"tm-t88":         "b430d5eabc99c6125ad7a9196d79b958acb7bf13991999e0c38ed4585b7f4711",
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
