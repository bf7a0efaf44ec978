package mailtest

import (
	"strings"
	"testing"
	"time"

	"guichet/internal/fakeclock"
)

// MessageIDs are the ids of the messages the server took (the Message-ID
// before its "@"), per recipient, in order.
func (s *Server) MessageIDs(t testing.TB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, m := range s.Messages() {
		p, err := Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		out[m.To[0]] = append(out[m.To[0]], strings.Split(strings.Trim(p.Header.Get("Message-Id"), "<>"), "@")[0])
	}
	return out
}

// BeforeShow walks clk through the moment the e-mail before a show that
// starts at start is due, days before it, calling pass (one sending pass)
// a minute before (nothing may have gone then), a minute after and an
// hour later. With on, exactly one message must have gone, its text
// holding each of says, and BeforeShow returns it; without, none may have
// gone, and it returns nil.
func (s *Server) BeforeShow(t testing.TB, clk *fakeclock.Clock, pass func(), start time.Time, days int, on bool, says ...string) *Parsed {
	t.Helper()
	clk.Set(start.AddDate(0, 0, -days).Add(-time.Minute))
	pass()
	if n := len(s.Messages()); n != 0 {
		t.Fatalf("%d messages before the day", n)
	}
	clk.Add(2 * time.Minute)
	pass()
	clk.Add(time.Hour)
	pass()
	got := s.Messages()
	if !on {
		if len(got) != 0 {
			t.Fatalf("%d messages for an event that turned it off", len(got))
		}
		return nil
	}
	if len(got) != 1 {
		t.Fatalf("%d messages, want 1", len(got))
	}
	msg, err := Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range says {
		if !strings.Contains(msg.Text, w) {
			t.Fatalf("the text does not say %q:\n%s", w, msg.Text)
		}
	}
	return msg
}
