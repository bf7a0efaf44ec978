package main

import (
	"testing"

	"guichet/printers"
	"guichet/tui"
)

// TestPrinterProblemsAreNamed: every kind of problem the spooler reports
// maps to a problem the status line names in the staff's language,
// whatever its English words; a reason without a kind is shown in the
// printer's own words.
func TestPrinterProblemsAreNamed(t *testing.T) {
	// observed is the state the spooler records for a status read back.
	observed := func(s printers.Status) printers.SpoolerState {
		st := printers.SpoolerState{Online: s.Ready(), Status: s}
		if !st.Online || s.PaperNearEnd {
			st.Reason, st.Problem = s.String(), s.Problem()
		}
		return st
	}
	for _, tc := range []struct {
		name    string
		state   printers.SpoolerState
		problem string
		detail  string
	}{
		{"ready", printers.SpoolerState{Online: true}, "", ""},
		{"paper out", observed(printers.Status{PaperOut: true}), tui.PrinterPaperOut, ""},
		{"paper nearly out while online", observed(printers.Status{PaperNearEnd: true}), tui.PrinterPaperLow, ""},
		{"cover open", observed(printers.Status{CoverOpen: true}), tui.PrinterCover, ""},
		{"cutter jammed", observed(printers.Status{Error: true, CutterError: true}), tui.PrinterCutter, ""},
		{"head too hot", observed(printers.Status{Error: true, Recoverable: true}), tui.PrinterHot, ""},
		{"printer error", observed(printers.Status{Error: true}), tui.PrinterError, ""},
		{"feeding", observed(printers.Status{FeedButton: true, Offline: true}), tui.PrinterFeeding, ""},
		{"offline", observed(printers.Status{Offline: true}), tui.PrinterOffline, ""},
		{"unreachable", printers.SpoolerState{Reason: "dial tcp 127.0.0.1:9100: connect: connection refused", Problem: printers.ProblemUnreachable}, tui.PrinterUnreachable, ""},
		{"the kind counts, not the words", printers.SpoolerState{Reason: "Deckel offen", Problem: printers.ProblemCoverOpen}, tui.PrinterCover, ""},
		{"words without a kind are kept", printers.SpoolerState{Reason: "something odd"}, "", "something odd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := printerState(tc.state)
			if got.Problem != tc.problem || got.Detail != tc.detail || got.Online != tc.state.Online {
				t.Fatalf("printerState(%+v) = %+v, want problem %q detail %q", tc.state, got, tc.problem, tc.detail)
			}
		})
	}
}

// TestEveryPrinterProblemHasItsWords: no kind of problem falls through to
// the printer's English words.
func TestEveryPrinterProblemHasItsWords(t *testing.T) {
	for p := printers.ProblemPaperOut; p <= printers.ProblemUnreachable; p++ {
		if got := printerState(printers.SpoolerState{Reason: "x", Problem: p}); got.Problem == "" || got.Detail != "" {
			t.Errorf("%v maps to %+v", p, got)
		}
	}
}
