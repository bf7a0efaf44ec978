package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/printers"
	"guichet/printers/printertest"
)

// TestOrderCancelPrintsItsRefundSlipAsPlacePrintsItsReceipt: guichet
// order cancel --printer left its refund slip queued in the file and
// exited (the slip printed at the next start of a till, if ever), and
// order place printed no receipt whatever one asked. Both now take the
// counter's --receipts (ask, the default: neither prints; always; cash:
// when cash was taken or given back), and both wait for their paper
// before they exit. The test failed before: --receipts was an unknown
// flag, and cancel's printer got nothing.
func TestOrderCancelPrintsItsRefundSlipAsPlacePrintsItsReceipt(t *testing.T) {
	for _, tc := range []struct {
		receipts, method    string
		placeOut, cancelOut string
	}{
		{"", "cash", "ticket ticket drawer", "drawer"},
		{"ask", "card", "ticket ticket", ""},
		{"always", "cash", "ticket ticket drawer receipt", "drawer refund"},
		{"always", "card", "ticket ticket receipt", "refund"},
		{"cash", "cash", "ticket ticket drawer receipt", "drawer refund"},
		{"cash", "card", "ticket ticket", ""},
	} {
		t.Run(tc.receipts+" "+tc.method, func(t *testing.T) {
			dir := t.TempDir()
			var policy []string
			if tc.receipts != "" {
				policy = []string{"--receipts", tc.receipts}
			}
			req := placeReq(2, "", tc.method)
			if tc.method == "card" {
				req = strings.Replace(req, `{"method": "card"}`, `{"method": "card", "card": {"terminal_ref": "T-9"}}`, 1)
			}
			o, e, code := placed(t, dir, req, append([]string{"--printer", "file:place.bin"}, policy...)...)
			if code != 0 {
				t.Fatal(e.Error)
			}
			if got := printertest.Sequence(decodeFile(t, filepath.Join(dir, "place.bin"))); got != tc.placeOut {
				t.Errorf("order place printed %q, want %q", got, tc.placeOut)
			}
			guichetOK(t, dir, "", append([]string{"order", "cancel", o.Order, "--reason", "malade", "--db", "r.db",
				"--staff", "claire", "--pin", "1234", "--printer", "file:cancel.bin"}, policy...)...)
			doc := decodeFile(t, filepath.Join(dir, "cancel.bin"))
			if got := printertest.Sequence(doc); got != tc.cancelOut {
				t.Fatalf("order cancel printed %q, want %q:\n%s", got, tc.cancelOut, doc.Plain())
			}
			if strings.HasSuffix(tc.cancelOut, "refund") {
				slip := strings.Join(strings.Fields(doc.Plain()), " ")
				for _, w := range []string{"Remboursement · COMMANDE ANNULÉE", "Commande " + o.Order, o.Tickets[1].Number + " Hamlet", "Motif : malade"} {
					if !strings.Contains(slip, w) {
						t.Errorf("the slip does not say %q:\n%s", w, doc.Plain())
					}
				}
			}
		})
	}
}

// decodeFile reads back what a file: printer got (nothing: no file).
func decodeFile(t *testing.T, path string) printers.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return printers.Document{}
	}
	if err != nil {
		t.Fatal(err)
	}
	doc, err := printers.Decode(data)
	if err != nil || len(doc.Unknown) > 0 {
		t.Fatalf("%s: %v %v", path, err, doc.Unknown)
	}
	return doc
}
