package printers

import (
	"bytes"
	"strings"
	"testing"
)

// TestTicketTakesItsTry checks that a ticket laid out once (encoder.take:
// the measuring try kept) is byte for byte the ticket laid out again after
// its try, as a traced encoder still does: on every profile, both formats,
// and texts and codes long enough to squeeze the ticket or shrink its QR code.
func TestTicketTakesItsTry(t *testing.T) {
	long := strings.Repeat("Ouverture des portes à 19h30, ça commence à l’heure. ", 12)
	var tickets []Ticket
	for _, f := range []Format{Spectacle, Cinema} {
		for _, lang := range []string{"fr", "en"} {
			tk := SampleTicket(f, lang)
			tickets = append(tickets, tk)
			dup := tk
			dup.Duplicate, dup.Copy = true, 2
			tickets = append(tickets, dup)
			noQR := tk
			noQR.QRPayload = ""
			tickets = append(tickets, noQR)
			for q := 1; q < 30; q += 2 { // longer codes: the text leaves them a smaller module
				big := tk
				big.QRPayload = strings.Repeat("G2:ABCDEFGHIJKLMNOP", 4*q+1)
				tickets = append(tickets, big)
			}
			for _, n := range []int{1, 3, 6, 12} {
				crowded := tk
				crowded.CustomText = strings.Repeat(long+"\n", n)
				crowded.Event = strings.Repeat("Hänsel und Gretel ", n)
				crowded.Venue = strings.Repeat("Salle Müller ", n)
				tickets = append(tickets, crowded)
			}
		}
	}
	for name, p := range profiles {
		for i, tk := range tickets {
			got, err := EncodeTicket(tk, p)
			if err != nil {
				t.Fatalf("%s, ticket %d: %v", name, i, err)
			}
			want, _, err := encodeTraced(&tk, nil, p)
			if err != nil {
				t.Fatalf("%s, ticket %d (traced): %v", name, i, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s, ticket %d (%s): laid out once, %d bytes; twice, %d bytes", name, i, tk.Format, len(got), len(want))
			}
		}
	}
}
