package printers

// Problem is what keeps a printer from printing, or a warning while it
// prints, as a kind a status line can name in any language (Status.String
// and transport errors are English sentences for logs).
type Problem int

// Problems, from the printer's own status (Status.Problem) or from the
// connection to it (ProblemUnreachable).
const (
	ProblemNone        Problem = iota
	ProblemPaperOut            // no paper: load a roll
	ProblemCoverOpen           // close the cover
	ProblemCutter              // the autocutter jammed
	ProblemHot                 // an error that clears by itself (head too hot)
	ProblemError               // an error that needs the printer switched off and on
	ProblemFeeding             // paper is being fed with the FEED button
	ProblemOffline             // the printer says it is offline, for no other reason
	ProblemPaperLow            // a warning: the roll is nearly out, printing goes on
	ProblemUnreachable         // no answer: cable, network, power or device
	ProblemWriteFailed         // the connection took no job: the write was refused (a full disk, a device error)
)

func (p Problem) String() string {
	switch p {
	case ProblemNone:
		return "none"
	case ProblemPaperOut:
		return "paper out"
	case ProblemCoverOpen:
		return "cover open"
	case ProblemCutter:
		return "cutter jammed"
	case ProblemHot:
		return "recoverable error"
	case ProblemError:
		return "printer error"
	case ProblemFeeding:
		return "feeding paper"
	case ProblemOffline:
		return "offline"
	case ProblemPaperLow:
		return "paper nearly out"
	case ProblemUnreachable:
		return "unreachable"
	case ProblemWriteFailed:
		return "write failed"
	}
	return "unknown problem"
}

// Problem is the first of the status's problems, in the order String
// names them (the one to fix first); ProblemPaperLow when only the paper
// is nearly out; ProblemNone when the printer is ready.
func (s Status) Problem() Problem {
	switch {
	case s.PaperOut:
		return ProblemPaperOut
	case s.CoverOpen:
		return ProblemCoverOpen
	case s.Error && s.CutterError:
		return ProblemCutter
	case s.Error && s.Recoverable:
		return ProblemHot
	case s.Error:
		return ProblemError
	case s.FeedButton:
		return ProblemFeeding
	case s.Offline:
		return ProblemOffline
	case s.PaperNearEnd:
		return ProblemPaperLow
	}
	return ProblemNone
}
