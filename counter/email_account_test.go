package counter

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"testing"
	"time"

	"guichet/mail"
	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestWrongPasswordKeepsTheOutbox: a mail server that refuses the
// register's login (535, a wrong password) refuses the account, not the
// messages: none is marked refused, the one tried says in a sentence what
// to fix, the sender stops trying logins for a while, and once the box
// office gives the right password every message goes.
func TestWrongPasswordKeepsTheOutbox(t *testing.T) {
	srv, roots := mailtest.NewSecure(t, mailtest.Secure{User: "billetterie", Password: "s3cret"})
	r := newMailRig(t, nil, nil)
	var ids []string
	for _, c := range []pos.Customer{zoe, {Name: "John Smith", Email: "john@example.com", Lang: "en"}} {
		o := r.sell("hamlet-01", 1, c)
		m, err := r.till.SendTickets(o.Number, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	reopen := func(password string) {
		t.Helper()
		r.svc.Close()
		svc, err := Open(Options{Path: r.path, Register: "K01", Catalog: r.cat, Now: r.clk.Now, Lang: "fr",
			Mail: &MailOptions{Manual: true, SMTP: mail.Config{Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSStartTLS,
				User: "billetterie", Password: password, Timeout: 5 * time.Second, TLSConfig: &tls.Config{RootCAs: roots}}}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { svc.Close() })
		r.svc = svc
	}

	reopen("wrong")
	for range 2 { // the second pass waits: no login tried again at once
		p, err := r.svc.SendMail(context.Background())
		var ref *mail.Refusal
		if !errors.As(err, &ref) || !ref.Account || !strings.Contains(err.Error(), "GUICHET_SMTP_PASSWORD") {
			t.Fatalf("pass with a wrong password: %v", err)
		}
		if len(p.Refused) != 0 || len(p.Sent) != 0 {
			t.Fatalf("pass with a wrong password: %+v", p)
		}
	}
	box, err := r.svc.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	tried := 0
	for _, m := range box {
		if m.State != EmailWaiting {
			t.Fatalf("%s is %s after a wrong password (%s)", m.ID, m.State, m.LastError)
		}
		if m.Attempts > 0 {
			tried++
			if !strings.Contains(m.LastError, "check --smtp-user and GUICHET_SMTP_PASSWORD") {
				t.Fatalf("%s says %q", m.ID, m.LastError)
			}
		}
	}
	if tried != 1 {
		t.Fatalf("%d messages tried with a refused login, want 1: %+v", tried, box)
	}

	reopen("s3cret")
	r.clk.Add(2 * time.Hour)
	if p := r.pass(); len(p.Sent) != 2 {
		t.Fatalf("after the password is mended: %+v", p)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("%d messages received, want 2", n)
	}
	for _, id := range ids {
		if m, err := r.svc.Register().OutboxMessage(id); err != nil || m.State != EmailSent {
			t.Fatalf("%s: %+v %v", id, m, err)
		}
	}
}
