package counter

import (
	"context"
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

// TestASenderRefusedRefusesNoMessage: the mail account may not send from
// the organiser's address (553 at MAIL FROM, before any recipient or
// message is offered). Every message would be refused alike: it is the
// settings' fault, as a wrong password, not the messages'. The outbox is
// not refused wholesale: the message tried waits with a sentence naming
// organiser.email, no other is tried this pass, and all go once the mail
// server takes the sender.
func TestASenderRefusedRefusesNoMessage(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, nil)
	var ids []string
	for range 3 {
		o := r.sell("hamlet-01", 1, zoe)
		m, err := r.till.SendTickets(o.Number, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	srv.RefuseSender(553)
	p, err := r.svc.SendMail(context.Background())
	if err == nil || !strings.Contains(err.Error(), "organiser.email") || len(p.Refused) != 0 || len(p.Retry) != 1 {
		t.Fatalf("a sender refused: pass %+v, %v", p, err)
	}
	for _, id := range ids {
		if ob, _ := r.svc.Register().OutboxMessage(id); ob.State != EmailWaiting {
			t.Fatalf("%s after the sender was refused: %+v", id, ob)
		}
	}
	srv.RefuseSender(0)
	r.clk.Add(2 * time.Hour)
	if p := r.pass(); len(p.Sent) != 3 || len(srv.Messages()) != 3 {
		t.Fatalf("once the sender is taken: %+v", p)
	}
}
