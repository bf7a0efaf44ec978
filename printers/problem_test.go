package printers

import "testing"

// TestStatusProblemIsTheOneToFixFirst: Problem names the same problem
// String names first, so a status line in any language says what the
// English sentence says.
func TestStatusProblemIsTheOneToFixFirst(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status Status
		want   Problem
	}{
		{"ready", Status{}, ProblemNone},
		{"paper nearly out is a warning", Status{PaperNearEnd: true}, ProblemPaperLow},
		{"paper out", Status{PaperOut: true, Offline: true}, ProblemPaperOut},
		{"paper out before the cover", Status{PaperOut: true, CoverOpen: true, Offline: true}, ProblemPaperOut},
		{"cover open", Status{CoverOpen: true, Offline: true, PaperNearEnd: true}, ProblemCoverOpen},
		{"cutter jammed", Status{Error: true, CutterError: true, Offline: true}, ProblemCutter},
		{"head too hot", Status{Error: true, Recoverable: true}, ProblemHot},
		{"other error", Status{Error: true}, ProblemError},
		{"cutter flag without an error is no error", Status{CutterError: true}, ProblemNone},
		{"feeding", Status{FeedButton: true, Offline: true}, ProblemFeeding},
		{"offline alone", Status{Offline: true}, ProblemOffline},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.status.Problem(); got != tc.want {
				t.Fatalf("%+v.Problem() = %v, want %v (String: %q)", tc.status, got, tc.want, tc.status.String())
			}
			if (tc.want == ProblemNone || tc.want == ProblemPaperLow) != tc.status.Ready() {
				t.Fatalf("%+v: Ready() = %v but the problem is %v", tc.status, tc.status.Ready(), tc.want)
			}
		})
	}
}

// TestSpoolerStateNamesTheProblem: the state carries the kind of problem
// and the printer's status beside the English reason: paper out, then
// switched off (unreachable), then back and ready.
func TestSpoolerStateNamesTheProblem(t *testing.T) {
	f := newFakePrinter(t)
	f.setPaper(0)
	q := newMemQueue("T-1")
	s := startSpooler(t, f, q)
	waitFor(t, "paper out", func() bool {
		st := s.State()
		return !st.Online && st.Problem == ProblemPaperOut && st.Status.PaperOut
	})

	f.off()
	s.Kick()
	waitFor(t, "unreachable", func() bool {
		st := s.State()
		return !st.Online && st.Problem == ProblemUnreachable && st.Reason != ""
	})

	f.on()
	f.setPaper(-1)
	s.Kick()
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	waitFor(t, "ready", func() bool {
		st := s.State()
		return st.Online && st.Problem == ProblemNone && st.Reason == "" && !st.Status.PaperOut
	})
}
