package counter

import (
	"strings"
	"testing"
	"time"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAMessageThatCannotBeComposedWaits: the catalog's text for the
// tickets e-mail names a field there is not ({{.Nope}}: the catalog parses,
// the text fails only when written). The message cannot be composed: it is
// not refused for good, as a mail server's 5xx would, but waits with the
// reason, and goes once the catalog is mended.
func TestAMessageThatCannotBeComposedWaits(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, func(c *pos.Catalog) {
		c.Emails.Templates = map[string]map[string]pos.EmailTemplate{
			pos.EmailTickets: {"fr": {Subject: "Vos billets {{.Nope}}", Body: "Voici vos billets."}},
		}
	})
	o := r.sell("hamlet-01", 2, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	p := r.pass()
	ob, err := r.svc.Register().OutboxMessage(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ob.State != EmailWaiting || !strings.Contains(ob.LastError, "Nope") || len(p.Refused) != 0 || len(p.Retry) != 1 {
		t.Fatalf("a text that cannot be written: %+v, pass %+v", ob, p)
	}
	delete(r.cat.Emails.Templates, pos.EmailTickets) // the catalog mended
	r.svc.Close()
	r.open(srv)
	r.clk.Add(time.Hour)
	r.pass()
	if ob, _ = r.svc.Register().OutboxMessage(m.ID); ob.State != EmailSent || len(srv.Messages()) != 1 {
		t.Fatalf("after the catalog was mended: %+v, %d received", ob, len(srv.Messages()))
	}
}
