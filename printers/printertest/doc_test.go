package printertest

import (
	"testing"

	"guichet/printers"
)

// TestSequenceCountsARefundSlipOnce: an English refund slip, whose
// payments are titled "Refunded" and whose notes may begin so, was named
// "refund refund ..." (every line beginning "Refund"), so a test waiting
// for "refund" waited in vain. The test failed before: "refund refund".
func TestSequenceCountsARefundSlipOnce(t *testing.T) {
	for _, tc := range []struct{ title, payments, note string }{
		{"Refund", "Refunded", "Refunded by Claire Dubois"},
		{"Refund · ORDER CANCELED", "Refunded", "Reason: ill"},
		{"Remboursement · COMMANDE ANNULÉE", "Remboursé", "Remboursé par Claire Dubois"},
	} {
		prof, err := printers.LookupProfile("generic58")
		if err != nil {
			t.Fatal(err)
		}
		data, err := printers.EncodeReceipt(printers.Receipt{Organiser: "Théâtre du Lac", Title: tc.title, PaymentsTitle: tc.payments,
			Payments: []printers.ReceiptLine{{Text: "Card", Amount: "CHF -5.00"}}, Total: "CHF -5.00", Notes: []string{tc.note}, Lang: "en"}, prof)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := printers.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if got := Sequence(doc); got != "refund" {
			t.Errorf("%q: Sequence %q, want \"refund\"", tc.title, got)
		}
	}
}
