package printers

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// A failure's sentences, in the languages printers speaks (In): %[1]s is
// the job, %[2]s the error's words, or the printer's problem for a
// printer that stopped. Keys below FailNone are the sentences' other
// parts.
const (
	failOther          FailureKind = -1 - iota // a kind without a sentence of its own
	failStoppedPrinter                         // FailUnconfirmed without an error: the printer stopped
	othersOne                                  // " and 1 more"
	othersMany                                 // " and 3 more"
)

func othersKey(n int) FailureKind {
	if n == 1 {
		return othersOne
	}
	return othersMany
}

// failureEnglish are String's sentences; FailureOf reads them back.
var failureEnglish = map[FailureKind]string{
	FailLayout:         "%[1]s cannot be printed: %[2]s",
	FailSend:           "%[1]s was not printed: %[2]s; it stays in the queue",
	failStoppedPrinter: "the printer stopped while %[1]s was sent (%[2]s); it stays in the queue and will print again",
	FailUnconfirmed:    "%[1]s may not have printed (%[2]s); it stays in the queue and will print again",
	FailStopped:        "stopped while %[1]s was printing; it stays in the queue",
	FailRecord:         "%[1]s printed but could not be recorded as printed: %[2]s",
	FailQueue:          "cannot read the print queue: %[2]s",
	failOther:          "%[1]s: %[2]s",
	othersOne:          " and %d more",
	othersMany:         " and %d more",
}

// failureFrench are the same in French: the job named first, what
// happened as nouns (a job's kind is masculine or feminine: no participle
// agrees with it), the error's words in parentheses.
var failureFrench = map[FailureKind]string{
	FailLayout:         "%[1]s : mise en page impossible (%[2]s)",
	FailSend:           "%[1]s : envoi impossible (%[2]s) ; reste en attente",
	failStoppedPrinter: "%[1]s : l'imprimante s'est arrêtée pendant l'envoi (%[2]s) ; reste en attente et s'imprimera de nouveau",
	FailUnconfirmed:    "%[1]s : impression non confirmée (%[2]s) ; reste en attente et s'imprimera de nouveau",
	FailStopped:        "%[1]s : impression interrompue par l'arrêt de la caisse ; reste en attente",
	FailRecord:         "%[1]s : impression faite, mais pas enregistrée (%[2]s)",
	FailQueue:          "impossible de lire la file d'impression (%[2]s)",
	failOther:          "%[1]s : %[2]s",
	othersOne:          " et %d autre",
	othersMany:         " et %d autres",
}

// jobFrench name a job in French, as the staff find it: with its number
// (%s), and without one.
var jobFrench = map[JobKind][2]string{
	JobUnknown:        {"tâche d'impression %s", "tâche d'impression"},
	JobTicket:         {"billet %s", "billet"},
	JobReceipt:        {"reçu de la commande %s", "reçu"},
	JobRefundSlip:     {"bon de remboursement de la commande %s", "bon de remboursement"},
	JobXReport:        {"rapport X du service %s", "rapport X"},
	JobZReport:        {"clôture Z du service %s", "clôture Z"},
	JobVoucherSlip:    {"bon d'avoir %s", "bon d'avoir"},
	JobTerminalRefund: {"reçu du remboursement carte %s", "reçu du remboursement carte"},
	JobDrawer:         {"ouverture du tiroir-caisse (commande %s)", "ouverture du tiroir-caisse"},
}

// problemFrench are the printer's problems named short, in French, as
// the cause of a job that did not print.
var problemFrench = map[Problem]string{
	ProblemNone:        "cause inconnue",
	ProblemPaperOut:    "plus de papier",
	ProblemCoverOpen:   "capot ouvert",
	ProblemCutter:      "coupe-papier bloqué",
	ProblemHot:         "tête trop chaude",
	ProblemError:       "erreur de l'imprimante",
	ProblemFeeding:     "avance du papier",
	ProblemOffline:     "hors ligne",
	ProblemPaperLow:    "rouleau presque fini",
	ProblemUnreachable: "injoignable",
	ProblemWriteFailed: "écriture refusée",
}

// isFrench: lang is French ("fr", "fr-CH"), as a ticket's Lang is read.
func isFrench(lang string) bool { return strings.HasPrefix(strings.ToLower(lang), "fr") }

// In is the failure in lang: French for "fr", else English (String).
// say, when given, says the error's own words (Err: the transport's, the
// journal's) in lang; without it they are kept as they are. The screens'
// short words are counter's (FailureWords); In is the whole sentence, for
// a command line and the event log's reader.
func (f Failure) In(lang string, say func(string) string) string {
	if f.Kind == FailNone {
		return ""
	}
	err := f.Err
	if say != nil && err != "" {
		err = say(err)
	}
	if !isFrench(lang) {
		return f.sentence(failureEnglish, f.Job.String(), f.Problem.String(), err)
	}
	problem, ok := problemFrench[f.Problem]
	if !ok {
		problem = f.Problem.String()
	}
	return f.sentence(failureFrench, f.Job.french(), problem, err)
}

// french is the job in French: "billet K01-000001-01".
func (r JobRef) french() string {
	w, ok := jobFrench[r.Kind]
	if !ok {
		w = jobFrench[JobUnknown]
	}
	switch {
	case r.Ref != "":
		return strings.Replace(w[0], "%s", r.Ref, 1)
	case r.ID != "" && r.Kind == JobUnknown:
		return strings.Replace(w[0], "%s", r.ID, 1)
	case r.ID != "":
		return w[1] + " (" + strings.Replace(jobFrench[JobUnknown][0], "%s", r.ID, 1) + ")"
	}
	return w[1]
}

// failureReader is one of String's sentences as a pattern: its job and
// its error (or problem) as groups.
type failureReader struct {
	kind         FailureKind
	re           *regexp.Regexp
	job, err     int // the groups' numbers, 0: none
	stoppedPrint bool
}

// failureReaders read String's sentences, the one that takes any job and
// error last.
var failureReaders = sync.OnceValue(func() []failureReader {
	var out []failureReader
	for _, k := range []FailureKind{FailQueue, failStoppedPrinter, FailUnconfirmed, FailStopped, FailSend, FailLayout, FailRecord, failOther} {
		format := failureEnglish[k]
		r := failureReader{kind: k, stoppedPrint: k == failStoppedPrinter}
		if r.stoppedPrint {
			r.kind = FailUnconfirmed
		}
		var re strings.Builder
		re.WriteString("^")
		group := 0
		for format != "" {
			i := strings.Index(format, "%[")
			if i < 0 {
				re.WriteString(regexp.QuoteMeta(format))
				break
			}
			re.WriteString(regexp.QuoteMeta(format[:i]))
			group++
			if format[i:i+5] == "%[1]s" {
				re.WriteString("(.+?)")
				r.job = group
			} else {
				re.WriteString("(.*)")
				r.err = group
			}
			format = format[i+5:]
		}
		re.WriteString("$")
		r.re = regexp.MustCompile(re.String())
		out = append(out, r)
	}
	return out
})

// FailureOf reads back a failure String wrote (the event log keeps it as
// text): its kind, its job, how many others, its error's words, the
// printer's problem when it stopped. ok is false for any other text.
func FailureOf(s string) (f Failure, ok bool) {
	for _, r := range failureReaders() {
		m := r.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		f = Failure{Kind: r.kind}
		if r.job > 0 {
			if f.Job, f.Others, ok = jobOf(m[r.job]); !ok {
				continue
			}
		}
		switch {
		case r.stoppedPrint:
			if f.Problem, ok = problemNamed(m[r.err]); !ok {
				continue
			}
		case r.err > 0:
			f.Err = m[r.err]
		}
		f.Again = f.Kind == FailSend || f.Kind == FailUnconfirmed || f.Kind == FailStopped
		return f, true
	}
	return Failure{}, false
}

// jobOf reads back a job as JobRef.String wrote it, with " and 3 more".
func jobOf(s string) (r JobRef, others int, ok bool) {
	if i := strings.LastIndex(s, " and "); i >= 0 && strings.HasSuffix(s, " more") {
		if n, err := strconv.Atoi(s[i+len(" and ") : len(s)-len(" more")]); err == nil && n > 0 {
			s, others = s[:i], n
		}
	}
	for k := range jobKindNames {
		name := jobKindNames[k]
		if s == name {
			return JobRef{Kind: JobKind(k)}, others, true
		}
		rest, ok := strings.CutPrefix(s, name+" ")
		switch {
		case !ok:
		case strings.HasPrefix(rest, "(print job ") && strings.HasSuffix(rest, ")"):
			return JobRef{Kind: JobKind(k), ID: rest[len("(print job ") : len(rest)-1]}, others, true
		case rest != "" && !strings.ContainsAny(rest, " ()"):
			return JobRef{Kind: JobKind(k), Ref: rest}, others, true
		}
	}
	return JobRef{}, 0, false
}

// problemNamed is the problem Problem.String names so.
func problemNamed(s string) (Problem, bool) {
	for p := ProblemNone; p <= ProblemWriteFailed; p++ {
		if p.String() == s {
			return p, true
		}
	}
	return ProblemNone, false
}

// FrenchReasons are the French of the sentences printers writes as
// errors (a printer that cannot be reached or written to, a status it did
// not answer): SpoolerState.Reason, a Failure's Err, a printer.fault
// event's detail. They are formats whose English is kept as text, for
// pos.AddStoredSentences (the French's verbs all %s); the system's own
// words inside them (%w: "connect: connection refused") stay as they are.
var FrenchReasons = map[string]string{
	"cannot reach the printer at %s: %w":                                    "impossible de joindre l'imprimante à %s : %s",
	"cannot open the printer device %s: %w":                                 "impossible d'ouvrir l'imprimante %s : %s",
	"cannot open %s to write print jobs: %w":                                "impossible d'ouvrir %s pour y écrire les impressions : %s",
	"sending to the printer %s failed after %d of %d bytes: %w":             "l'envoi à l'imprimante %s s'est arrêté après %s octets sur %s : %s",
	"the printer %s did not answer a status request":                        "l'imprimante %s ne répond pas quand on lui demande son état",
	"lost the connection to the printer %s: %w":                             "la connexion à l'imprimante %s est perdue : %s",
	"lost the printer %s before it confirmed printing: %w":                  "l'imprimante %s ne répond plus et n'a pas confirmé l'impression : %s",
	"writing the print job to %s: %w":                                       "l'impression n'a pas pu être écrite dans %s : %s",
	"this printer connection cannot read the printer's status":              "cette connexion ne peut pas lire l'état de l'imprimante",
	"the printer did not confirm that it printed (it may not support GS r)": "l'imprimante n'a pas confirmé l'impression (elle ne connaît peut-être pas GS r)",
}
