package mail_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"guichet/mail"
	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAccountRefusalsSpeakFrench: the sentences saying what to mend when
// the mail server refuses the register (a wrong password, TLS it asks for,
// the organiser's address as sender) are stored as the message's reason,
// in English; the French desk shows them in French (pos.Say), the server's
// own words and the settings' names kept as they are.
func TestAccountRefusalsSpeakFrench(t *testing.T) {
	srv, roots := mailtest.NewSecure(t, mailtest.Secure{User: "billetterie", Password: "s3cret"})
	plain, _ := mailtest.NewSecure(t, mailtest.Secure{})
	sender := mailtest.New(t)
	sender.RefuseSender(553)
	for _, tc := range []struct {
		name string
		cfg  mail.Config
		want []string
	}{
		{"wrong password", mail.Config{Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSStartTLS, User: "billetterie", Password: "wrong",
			Timeout: 5 * time.Second, TLSConfig: &tls.Config{RootCAs: roots}},
			[]string{"le serveur de messagerie 127.0.0.1 a refusé la connexion de « billetterie »", "535", "--smtp-user", "GUICHET_SMTP_PASSWORD", "attendent"}},
		{"TLS asked for", mail.Config{Host: plain.Host(), Port: plain.Port(), TLS: mail.TLSNone, Timeout: 5 * time.Second},
			[]string{"le serveur de messagerie 127.0.0.1 a refusé cette caisse", "530", "--smtp-tls", "attendent"}},
		{"sender refused", mail.Config{Host: sender.Host(), Port: sender.Port(), TLS: mail.TLSNone, Timeout: 5 * time.Second},
			[]string{"le serveur de messagerie 127.0.0.1 a refusé d'envoyer depuis l'adresse de l'organisateur", "553", "organiser.email", "attendent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snd, err := mail.NewSender(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = snd.Send(context.Background(), message())
			var ref *mail.Refusal
			if !errors.As(err, &ref) || !ref.Account {
				t.Fatalf("%#v", err)
			}
			fr := pos.Say(errors.New(ref.Reason), pos.French)
			for _, w := range tc.want {
				if !strings.Contains(fr, w) {
					t.Fatalf("the French desk says %q: no %q", fr, w)
				}
			}
			if en := pos.Say(errors.New(ref.Reason), pos.English); en != ref.Reason {
				t.Fatalf("in English %q, stored %q", en, ref.Reason)
			}
		})
	}
}

// TestFailuresTriedAgainSpeakFrench: a message the server put off (451)
// or a connection that failed waited with the server's or the system's
// words alone, in English ("dial tcp …: connection refused"): the French
// desk showed them as they are. They are sentences saying it is tried
// again, in French on the French desk, those words within.
func TestFailuresTriedAgainSpeakFrench(t *testing.T) {
	later := mailtest.New(t)
	later.Refuse(451)
	l, err := net.Listen("tcp", "127.0.0.1:0") // a port where no server listens
	if err != nil {
		t.Fatal(err)
	}
	down := l.Addr().(*net.TCPAddr).Port
	l.Close()
	for _, tc := range []struct {
		name   string
		port   int
		en, fr string
	}{
		{"451", later.Port(), "the mail server 127.0.0.1 did not take this message now (", "le serveur de messagerie 127.0.0.1 n'a pas pris ce message pour l'instant ("},
		{"no server", down, "the connection to the mail server 127.0.0.1 failed (", "la connexion au serveur de messagerie 127.0.0.1 a échoué ("},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snd, err := mail.NewSender(mail.Config{Host: "127.0.0.1", Port: tc.port, TLS: mail.TLSNone, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			_, err = snd.Send(context.Background(), message())
			var ref *mail.Refusal
			if !errors.As(err, &ref) || ref.Permanent || ref.Account {
				t.Fatalf("%#v", err)
			}
			if !strings.HasPrefix(ref.Reason, tc.en) || !strings.Contains(ref.Reason, "tried again") {
				t.Fatalf("in English: %q", ref.Reason)
			}
			fr := pos.Say(errors.New(ref.Reason), pos.French)
			if !strings.HasPrefix(fr, tc.fr) || !strings.Contains(fr, "réessayé") {
				t.Fatalf("the French desk says %q", fr)
			}
		})
	}
}

// TestAMessageRefusedForGoodSpeaksFrench: a message the server refused for
// good (550 at the recipient or the message) was stored with the server's
// words alone, in English ("550 5.1.1 … user unknown"): the French desk's
// order screen said "E-mail … refusé : 550 …" with nothing to say it is
// not tried again nor what to check. It is a sentence, in French on the
// French desk, the server's words within.
func TestAMessageRefusedForGoodSpeaksFrench(t *testing.T) {
	srv := mailtest.New(t)
	srv.Refuse(550)
	snd, err := mail.NewSender(mail.Config{Host: "127.0.0.1", Port: srv.Port(), TLS: mail.TLSNone, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = snd.Send(context.Background(), message())
	var ref *mail.Refusal
	if !errors.As(err, &ref) || !ref.Permanent || ref.Account || ref.Code != 550 {
		t.Fatalf("%#v", err)
	}
	if !strings.HasPrefix(ref.Reason, "the mail server 127.0.0.1 refused this message for good (") || !strings.Contains(ref.Reason, "550") ||
		!strings.HasSuffix(ref.Reason, "): it is not tried again; check the recipient's address") {
		t.Fatalf("in English: %q", ref.Reason)
	}
	fr := pos.Say(errors.New(ref.Reason), pos.French)
	if !strings.HasPrefix(fr, "le serveur de messagerie 127.0.0.1 a refusé ce message définitivement (") || !strings.Contains(fr, "550") ||
		!strings.HasSuffix(fr, ") : il ne sera pas réessayé ; vérifiez l'adresse du destinataire") {
		t.Fatalf("the French desk says %q", fr)
	}
}
