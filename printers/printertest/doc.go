package printertest

import (
	"strings"

	"guichet/printers"
)

// Open opens a transport to the printer (printers.Open of its Spec); it is
// closed with the test.
func (p *Printer) Open() printers.Transport {
	p.t.Helper()
	tr, err := printers.Open(p.Spec())
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { tr.Close() })
	return tr
}

// Sequence names what came out in order: tickets (by their QR), drawer
// kicks, receipts, refund slips and shifts' reports (by their title), as
// "ticket ticket drawer receipt", "drawer refund" or "report".
func Sequence(doc printers.Document) string {
	var out []string
	for _, it := range doc.Items {
		switch it.Kind {
		case printers.ItemQR:
			out = append(out, "ticket")
		case printers.ItemDrawer:
			out = append(out, "drawer")
		case printers.ItemLine:
			if len(it.Spans) == 0 {
				continue
			}
			switch title := it.Spans[0].Text; {
			case title == "Reçu" || title == "Receipt":
				out = append(out, "receipt")
			case title == "Rapport X" || title == "X report" || title == "Clôture Z" || title == "Z closure":
				out = append(out, "report") // a shift's X or Z on the receipt roll
			case title == "Remboursement" || title == "Refund" ||
				strings.HasPrefix(title, "Remboursement ·") || strings.HasPrefix(title, "Refund ·"):
				// a refund slip's title, not a line beginning "Refunded"
				out = append(out, "refund")
			}
		}
	}
	return strings.Join(out, " ")
}
