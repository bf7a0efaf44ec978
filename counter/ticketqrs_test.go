package counter

import (
	"errors"
	"testing"

	"guichet/pos"
)

// TestTicketQRsOfAnOrderNotThereIsAnError: the QR codes of an order the
// register does not have were no codes and no error (nil, nil): the
// screens drew empty codes and said nothing. It is ErrNotFound, said in
// the seller's language.
func TestTicketQRsOfAnOrderNotThereIsAnError(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	qrs, err := r.svc.TicketQRs("K01-999999")
	if !errors.Is(err, ErrNotFound) || qrs != nil {
		t.Fatalf("TicketQRs of an order not there: %v, %v; want ErrNotFound", qrs, err)
	}
	if got, want := pos.Say(err, pos.French), "commande K01-999999 : introuvable"; got != want {
		t.Errorf("in French: %q, want %q", got, want)
	}
	sale := r.sell(cash(10000))
	if qrs, err := r.svc.TicketQRs(sale.Order.Number); err != nil || len(qrs) != len(sale.Order.Tickets) {
		t.Errorf("TicketQRs of the order sold: %v, %v", qrs, err)
	}
}
