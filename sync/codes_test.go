package sync_test

import (
	"context"
	"crypto/ed25519"
	"testing"

	"guichet/local"
	"guichet/pos"
	"guichet/sync"
)

// TestTicketCodesForMail: whatever form a ticket's signature reached the
// server in, the code guichetd e-mails is the code the register signed,
// byte for byte: a signature pushed beside its ticket.issued entry in the
// batch that stores the ticket's order (the ticket's row takes it) or in a
// later one (set on the row stored before), and the whole code an older
// journal stored in the entry itself.
func TestTicketCodesForMail(t *testing.T) {
	for _, c := range []struct {
		name      string
		batch     int // entries a push; 2: order.placed and ticket.issued in different pushes
		qrInEntry bool
	}{
		{"same push", 100, false},
		{"later push", 2, false},
		{"code in the entry", 100, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			cen := newCentral(t)
			j := newMemJournalQR("M01", 10, c.qrInEntry)
			token, err := cen.store.AddRegister(ctx, j.id, j.key.Public().(ed25519.PublicKey))
			if err != nil {
				t.Fatal(err)
			}
			if err := sync.New(j, sync.Options{Central: cen.URL(), Token: token, Batch: c.batch}).CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			for o := uint64(1); o <= 3; o++ {
				num := pos.OrderNumber(j.id, o)
				ov, ok, err := cen.store.MailOrder(ctx, num)
				if err != nil || !ok || len(ov.Tickets) != 1 {
					t.Fatalf("order %s for e-mail: %v %v %+v", num, ok, err, ov.Tickets)
				}
				want, _ := local.SignTicket(j.key, ov.Tickets[0].Ticket)
				if ov.Tickets[0].QR != want {
					t.Fatalf("ticket %s: code for e-mail %q, the register signs %q", ov.Tickets[0].Number, ov.Tickets[0].QR, want)
				}
			}
		})
	}
}
