package local

import (
	bolt "go.etcd.io/bbolt"
)

// vAdmissions is the door's view: which tickets were let in, where and
// when, and how many per performance.
//
//	"t" \x00 ticket \x00 perf -> admissionRec (JSON)
//	"n" \x00 perf             -> tickets admitted
//	"p" \x00 perf             -> passes admitted
const vAdmissions = "admissions"

func admittedKey(ticket, perf string) []byte { return key("t", ticket, perf) }

func admittedCountKey(perf string, pass bool) []byte {
	if pass {
		return key("p", perf)
	}
	return key("n", perf)
}

// applyAdmissions folds ticket.admitted. A second admission of the same
// ticket never reaches the journal (Admit refuses it), but a journal
// merged from two doors could hold one: the first stays, and the count is
// of tickets, not of entries.
func applyAdmissions(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeTicketAdmitted {
		return nil
	}
	var p ticketAdmitted
	if err := e.decode(&p); err != nil {
		return err
	}
	b := view(tx, vAdmissions)
	k := admittedKey(p.Ticket, p.Performance)
	if b.Get(k) != nil {
		return nil
	}
	if err := putJSON(b, k, admissionRec{Door: p.Door, At: e.Time}); err != nil {
		return err
	}
	return addInt(b, admittedCountKey(p.Performance, p.Pass), 1)
}
