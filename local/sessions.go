package local

import (
	"strings"

	"guichet/pos"
)

// TypeTillSession records a till opened or closed from elsewhere than the
// register's own console (an SSH session): who, with which key, from where,
// and why it ended. The journal holds who sold on which till from where.
const TypeTillSession = "till.session"

// TillSession is a till's login or logout.
type TillSession struct {
	Event  string `json:"event"` // "login" or "logout"
	Till   string `json:"till"`  // the session's name ("ssh-3")
	Staff  string `json:"staff"`
	Key    string `json:"key,omitempty"`    // the proven key's fingerprint
	Remote string `json:"remote,omitempty"` // the client's address
	Reason string `json:"reason,omitempty"` // why it ended
}

func init() { registerPayload[TillSession](TypeTillSession) }

// RecordSession appends a till's login or logout to the journal, outside
// any shift. Durable when it returns.
func (r *Register) RecordSession(s TillSession) error {
	if s.Event != "login" && s.Event != "logout" {
		return pos.Errorf("a till session is a login or a logout, not %q", s.Event)
	}
	for _, f := range []*string{&s.Till, &s.Staff, &s.Key, &s.Remote, &s.Reason} {
		*f = strings.TrimSpace(pos.Clean(*f, false))
	}
	return r.update(r.now(), "", s.Staff, func(w *writer) error {
		_, err := w.append(TypeTillSession, s)
		return err
	})
}
