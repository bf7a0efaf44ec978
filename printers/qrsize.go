package printers

import (
	"errors"

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
	case coding.Num(payload).Check() == nil:
		enc = coding.Num(payload)
	case coding.Alpha(payload).Check() == nil:
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
