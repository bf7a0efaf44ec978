package printers

import (
	"errors"
	"strings"

	"rsc.io/qr"
	"rsc.io/qr/coding"
)

// qrSide returns the side, in modules, of the QR code for payload at level,
// choosing the version as qr.Encode does (the densest single mode: numeric,
// alphanumeric, else bytes; then the smallest version that holds it) without
// drawing the code: a printer with native QR draws it itself.
func qrSide(payload string, level qr.Level) (int, error) {
	var enc coding.Encoding
	switch {
	case allIn(payload, qrDigits):
		enc = coding.Num(payload)
	case allIn(payload, qrAlphabet):
		enc = coding.Alpha(payload)
	default:
		enc = coding.String(payload)
	}
	for v := coding.Version(coding.MinVersion); v <= coding.MaxVersion; v++ {
		if enc.Bits(v) <= v.DataBytes(coding.Level(level))*8 {
			return 17 + 4*int(v), nil
		}
	}
	return 0, errors.New("too long for a version 40 code")
}

// The characters of the QR code's numeric and alphanumeric modes, as
// coding.Num and coding.Alpha check them (their Check builds an error for
// every payload that is not, each ticket's QR twice a layout).
const (
	qrDigits   = "0123456789"
	qrAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
)

// allIn says whether every byte of s is one of set's (ASCII) characters.
func allIn(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}
