package main

import (
	"errors"
	"testing"

	"guichet/printers"
	"guichet/tui"
)

// TestPrinterProblemsAreNamed: every reason the spooler gives maps to a
// problem the status line names in the staff's language; anything else is
// shown in the printer's own words.
func TestPrinterProblemsAreNamed(t *testing.T) {
	for _, tc := range []struct {
		name    string
		state   printers.SpoolerState
		problem string
		detail  string
	}{
		{"ready", printers.SpoolerState{Online: true}, "", ""},
		{"paper out", printers.SpoolerState{Reason: printers.Status{PaperOut: true}.String()}, tui.PrinterPaperOut, ""},
		{"paper nearly out while online", printers.SpoolerState{Online: true, Reason: printers.Status{PaperNearEnd: true}.String()}, tui.PrinterPaperLow, ""},
		{"cover open", printers.SpoolerState{Reason: printers.Status{CoverOpen: true}.String()}, tui.PrinterCover, ""},
		{"cutter jammed", printers.SpoolerState{Reason: printers.Status{Error: true, CutterError: true}.String()}, tui.PrinterCutter, ""},
		{"head too hot", printers.SpoolerState{Reason: printers.Status{Error: true, Recoverable: true}.String()}, tui.PrinterHot, ""},
		{"printer error", printers.SpoolerState{Reason: printers.Status{Error: true}.String()}, tui.PrinterError, ""},
		{"offline", printers.SpoolerState{Reason: printers.Status{Offline: true}.String()}, tui.PrinterOffline, ""},
		{"unreachable", printers.SpoolerState{Reason: errors.New("cannot reach the printer at 127.0.0.1:9100: connection refused").Error()}, tui.PrinterUnreachable, ""},
		{"unknown words kept", printers.SpoolerState{Reason: "something odd"}, "", "something odd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := printerState(tc.state)
			if got.Problem != tc.problem || got.Detail != tc.detail || got.Online != tc.state.Online {
				t.Fatalf("printerState(%q) = %+v, want problem %q detail %q", tc.state.Reason, got, tc.problem, tc.detail)
			}
		})
	}
}
