package mail_test

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"testing"
	"time"

	"guichet/mail"
	"guichet/mail/mailtest"
)

func message() mail.Message {
	return mail.Message{ID: "K01-000001/tickets-1", Domain: "theatredulac.ch", From: "billetterie@theatredulac.ch",
		FromName: "Théâtre du Lac", To: "zoe@example.ch", ToName: "Zoé Müller", Subject: "Vos billets",
		Text: "Bonjour,\n\nVoici vos billets.", Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
}

// TestSMTPSecurity: STARTTLS and implicit TLS with a login reach a server
// that requires both; a wrong password is the account's refusal, not the
// message's (tried again, with a sentence naming the settings); a server
// whose certificate is not trusted, or that offers no STARTTLS when it is
// required, is not sent to (and tried again later).
func TestSMTPSecurity(t *testing.T) {
	for _, implicit := range []bool{false, true} {
		srv, roots := mailtest.NewSecure(t, mailtest.Secure{Implicit: implicit, User: "billetterie", Password: "s3cret"})
		mode := mail.TLSStartTLS
		if implicit {
			mode = mail.TLSImplicit
		}
		cfg := mail.Config{Host: srv.Host(), Port: srv.Port(), TLS: mode, User: "billetterie", Password: "s3cret",
			Timeout: 5 * time.Second, TLSConfig: &tls.Config{RootCAs: roots}}
		snd, err := mail.NewSender(cfg)
		if err != nil {
			t.Fatal(err)
		}
		reply, err := snd.Send(context.Background(), message())
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if len(srv.Messages()) != 1 || !strings.Contains(reply, "queued") {
			t.Fatalf("%s: %d messages, reply %q", mode, len(srv.Messages()), reply)
		}

		cfg.Password = "wrong"
		snd, _ = mail.NewSender(cfg)
		_, err = snd.Send(context.Background(), message())
		var ref *mail.Refusal
		if !errors.As(err, &ref) || ref.Permanent || !ref.Account || ref.Code != 535 ||
			!strings.Contains(ref.Reason, "GUICHET_SMTP_PASSWORD") || !strings.Contains(ref.Reason, "wait in the outbox") {
			t.Fatalf("%s, wrong password: %#v", mode, err)
		}
		if len(srv.Messages()) != 1 {
			t.Fatalf("%s: sent with a wrong password", mode)
		}

		cfg.Password, cfg.TLSConfig = "s3cret", nil // the system's roots do not know the test's certificate
		snd, _ = mail.NewSender(cfg)
		if _, err = snd.Send(context.Background(), message()); !errors.As(err, &ref) || ref.Permanent {
			t.Fatalf("%s, untrusted certificate: %#v", mode, err)
		}
		if len(srv.Messages()) != 1 {
			t.Fatalf("%s: sent to an untrusted server", mode)
		}
	}
	// a server that takes mail only over TLS, given none: 530 at MAIL
	// FROM is the register's settings, not the message
	var ref *mail.Refusal
	srv, _ := mailtest.NewSecure(t, mailtest.Secure{})
	snd, _ := mail.NewSender(mail.Config{Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSNone, Timeout: 5 * time.Second})
	if _, err := snd.Send(context.Background(), message()); !errors.As(err, &ref) || ref.Permanent || !ref.Account || ref.Code != 530 ||
		!strings.Contains(ref.Reason, "--smtp-tls") {
		t.Fatalf("530 at MAIL FROM: %#v", err)
	}
	// a recipient or message refused (5xx at DATA) stays the message's
	plainRef := mailtest.New(t)
	plainRef.Refuse(550)
	snd, _ = mail.NewSender(mail.Config{Host: plainRef.Host(), Port: plainRef.Port(), TLS: mail.TLSNone, Timeout: 5 * time.Second})
	if _, err := snd.Send(context.Background(), message()); !errors.As(err, &ref) || !ref.Permanent || ref.Account || ref.Code != 550 {
		t.Fatalf("550 at DATA: %#v", err)
	}
	plain := mailtest.New(t)
	snd, _ = mail.NewSender(mail.Config{Host: plain.Host(), Port: plain.Port(), TLS: mail.TLSStartTLS, Timeout: 5 * time.Second})
	if _, err := snd.Send(context.Background(), message()); !errors.As(err, &ref) || ref.Permanent || len(plain.Messages()) != 0 {
		t.Fatalf("STARTTLS required, server without it: %#v", err)
	}
}

func TestConfigCheck(t *testing.T) {
	for _, tc := range []struct {
		cfg  mail.Config
		want string
	}{
		{mail.Config{Host: "127.0.0.1", TLS: mail.TLSNone, User: "u"}, "not sent without TLS"},
		{mail.Config{Host: "127.0.0.1", TLS: "ssl"}, "starttls, tls or none"},
		{mail.Config{}, "no SMTP server"},
	} {
		if err := tc.cfg.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.cfg, err, tc.want)
		}
	}
	var c mail.Config
	if err := c.ParseHostPort("smtp.example.ch:465"); err != nil || c.Host != "smtp.example.ch" || c.Port != 465 {
		t.Fatalf("%+v %v", c, err)
	}
	if err := c.ParseHostPort("smtp.example.ch:x"); err == nil {
		t.Fatal("a port that is not a number")
	}
}

// TestHeadersCannotBeInjected: CR and LF in a name or a subject end up as
// spaces inside one header; an address with them is refused.
func TestHeadersCannotBeInjected(t *testing.T) {
	m := message()
	m.Subject = "Vos billets\r\nBcc: victim@example.ch"
	m.ToName = "Zoé\nBcc: victim@example.ch"
	m.FromName = "Théâtre\r\n\r\nbody"
	data, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p, err := mailtest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(data), "\r\n\r\n")
	if p.Header.Get("Bcc") != "" || strings.Contains(head, "\nBcc:") || !strings.Contains(p.Text, "Voici vos billets") {
		t.Fatalf("headers:\n%s", head)
	}
	m = message()
	m.To = "zoe@example.ch\r\nBcc: victim@example.ch"
	if _, err := m.Bytes(); err == nil {
		t.Fatal("an address with a line break was written")
	}
	if id := mail.MessageID("K01-000001/tickets-1\r\nX: y", "theatredulac.ch"); strings.ContainsAny(id, "\r\n /:") {
		t.Fatalf("Message-ID %q", id)
	}
}

// TestBackoff: waits grow from 15-30 s to at most an hour, drawn at random
// within their second half.
func TestBackoff(t *testing.T) {
	seen := map[time.Duration]bool{}
	for i := 0; i < 50; i++ {
		d := mail.Backoff(1)
		if d < 15*time.Second || d > 30*time.Second {
			t.Fatalf("first wait %v", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Fatalf("no jitter: %d distinct waits in 50", len(seen))
	}
	if d := mail.Backoff(3); d < 60*time.Second || d > 120*time.Second {
		t.Fatalf("third wait %v", d)
	}
	if d := mail.Backoff(40); d < 30*time.Minute || d > time.Hour {
		t.Fatalf("40th wait %v", d)
	}
}
