package printers

import "strings"

// Status is what a printer reports about itself through the real-time
// requests DLE EOT 1 (printer), 2 (offline cause), 3 (error cause) and
// 4 (paper roll sensor).
type Status struct {
	Offline      bool // the printer says it is offline (any cause)
	CoverOpen    bool
	PaperOut     bool // printing stopped: no paper
	PaperNearEnd bool // a warning: printing goes on
	FeedButton   bool // paper is being fed with the FEED button
	Error        bool // an error stopped the printer (see CutterError, Recoverable)
	CutterError  bool // the autocutter jammed
	Recoverable  bool // the error clears by itself (e.g. the head cooled down)
}

// Ready reports whether a job sent now would print.
func (s Status) Ready() bool {
	return !s.Offline && !s.CoverOpen && !s.PaperOut && !s.Error
}

// String is a sentence for the status line: "ready", or what is wrong and
// what to do about it.
func (s Status) String() string {
	var problems []string
	if s.PaperOut {
		problems = append(problems, "out of paper: load a new roll")
	}
	if s.CoverOpen {
		problems = append(problems, "the cover is open: close it")
	}
	if s.Error {
		switch {
		case s.CutterError:
			problems = append(problems, "the cutter is jammed: open the cover and clear it")
		case s.Recoverable:
			problems = append(problems, "printer error (the head may be too hot): it should recover by itself")
		default:
			problems = append(problems, "printer error: switch the printer off and on again")
		}
	}
	if len(problems) == 0 && s.FeedButton {
		problems = append(problems, "paper is being fed with the FEED button")
	}
	if len(problems) == 0 && s.Offline {
		problems = append(problems, "the printer is offline")
	}
	if len(problems) == 0 {
		if s.PaperNearEnd {
			return "ready, but the paper roll is nearly out"
		}
		return "ready"
	}
	if s.PaperNearEnd && !s.PaperOut {
		problems = append(problems, "the paper roll is nearly out")
	}
	return strings.Join(problems, "; ")
}

// Answers to DLE EOT have bit 4 set and bits 0 and 7 clear (bit 1 set);
// answers to GS r have bits 4 and 7 clear. That is how a reader tells them
// apart on the same connection.
func isEOTAnswer(b byte) bool { return b&0x93 == 0x12 }
func isGSrAnswer(b byte) bool { return b&0x90 == 0 }

// parseStatus reads the answers to DLE EOT 1, 2, 3 and 4.
func parseStatus(printer, offline, errCause, paper byte) Status {
	return Status{
		Offline:      printer&0x08 != 0,
		CoverOpen:    offline&0x04 != 0,
		FeedButton:   offline&0x08 != 0,
		PaperOut:     offline&0x20 != 0 || paper&0x60 != 0,
		Error:        offline&0x40 != 0,
		CutterError:  errCause&0x08 != 0,
		Recoverable:  errCause&0x40 != 0,
		PaperNearEnd: paper&0x0C != 0,
	}
}
