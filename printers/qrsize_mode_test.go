package printers

import (
	"testing"

	"pgregory.net/rapid"
	"rsc.io/qr/coding"
)

// TestQRModeAsTheLibraryChecks: the numeric and alphanumeric modes are
// chosen for exactly the payloads coding.Num and coding.Alpha accept.
func TestQRModeAsTheLibraryChecks(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s := rapid.OneOf(rapid.String(), rapid.StringMatching(`[0-9]{0,12}`), rapid.StringMatching(`[0-9A-Z $%*+./:a-z-]{0,12}`),
			rapid.SampledFrom([]string{"", "\xff", "12\x0034", "K01-000001", "é"})).Draw(rt, "payload")
		if got, want := allIn(s, qrDigits), coding.Num(s).Check() == nil; got != want {
			rt.Fatalf("%q numeric: %v, the library says %v", s, got, want)
		}
		if got, want := allIn(s, qrAlphabet), coding.Alpha(s).Check() == nil; got != want {
			rt.Fatalf("%q alphanumeric: %v, the library says %v", s, got, want)
		}
	})
}
