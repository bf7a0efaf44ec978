package printers

import (
	"regexp"
	"strings"
	"testing"
)

// TestAnAmountIsNotSplitAcrossLines: a receipt's note wraps at a space, but
// never between an amount's currency and its figure: on 58 mm paper "Reste
// sur le bon K01-A0001 : CHF 51.00" printed "CHF" at the end of a line and
// "51.00" alone on the next.
func TestAnAmountIsNotSplitAcrossLines(t *testing.T) {
	r := SampleReceipt("fr")
	r.Notes = []string{"Reste sur le bon K01-A0001 : CHF 51.00", "Avoir K01-A0002 de -CHF 12.50 valable un an"}
	for name, p := range profiles {
		b, err := EncodeReceipt(r, p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(doc.Plain(), "\n")
		for i, l := range lines {
			if regexp.MustCompile(`(^|[ -])CHF$`).MatchString(strings.TrimRight(l, " ")) {
				t.Errorf("%s: a line ends with the currency, its amount on the next: %q / %q", name, l, lines[i+1])
			}
		}
		for _, want := range []string{"CHF 51.00", "CHF 12.50"} {
			if !strings.Contains(doc.Plain(), want) {
				t.Errorf("%s: the receipt does not say %q:\n%s", name, want, doc.Plain())
			}
		}
	}
}
