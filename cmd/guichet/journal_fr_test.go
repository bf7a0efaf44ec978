package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// TestAJournalThatDoesNotVerifyIsToldInFrench: on a French box office's
// file, guichet journal verify printed its BAD lines in English ("BAD:
// journal entry 4: its hash does not match its content…", "the journal is
// good up to entry 3…", "BAD: the register's views do not say…"), and so
// did rebuild, archive and the counter refusing to start on the journal.
// They speak the command line's language, the file's French without
// --lang; --lang en keeps the English they had.
func TestAJournalThatDoesNotVerifyIsToldInFrench(t *testing.T) {
	tampered, _ := sellOne(t) // entry 4 changed
	change(t, tampered, func(tx *bolt.Tx) error {
		j := tx.Bucket([]byte("journal"))
		c := j.Cursor()
		k, v := c.First()
		for i := 0; i < 3; i++ {
			k, v = c.Next()
		}
		bad := bytes.Clone(v)
		bad[len(bad)/2] ^= 0x01
		return j.Put(bytes.Clone(k), bad)
	})
	viewChanged, _ := sellOne(t) // a view that is not the journal's
	change(t, viewChanged, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("v.sold")).Put([]byte("hamlet-01\x00galerie"), []byte("1"))
	})
	for _, tc := range []struct {
		name   string
		args   []string
		fr, en []string // what the output holds
	}{
		{"verify", []string{"journal", "verify", "--db", tampered},
			[]string{"BAD: écriture 4 du journal : son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)\n", "le journal est bon jusqu'à l'écriture 3 ; l'écriture 4 et les suivantes ne sont pas fiables\n"},
			[]string{"BAD: journal entry 4: its hash does not match its content (the entry was changed)\n", "the journal is good up to entry 3; entry 4 and after cannot be trusted\n"}},
		{"verify, a view changed", []string{"journal", "verify", "--db", viewChanged},
			[]string{`BAD: les vues de la caisse ne disent pas ce que dit son journal (vue sold, clé "hamlet-01\x00galerie" : gardé "1", le journal donne "2") : le fichier a été modifié hors de la caisse`, "reconstruisez les vues depuis le journal (guichet journal rebuild, la caisse fermée)"},
			[]string{`BAD: the register's views do not say what its journal does (view sold, key "hamlet-01\x00galerie": kept "1", the journal gives "2"): the file was changed outside the register`}},
		{"rebuild", []string{"journal", "rebuild", "--db", tampered},
			[]string{"le journal ne se vérifie pas, les vues n'ont pas été reconstruites : écriture 4 du journal : son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)"},
			[]string{"the journal does not verify, views not rebuilt: journal entry 4: its hash does not match its content (the entry was changed)"}},
		{"archive", []string{"journal", "archive", "--db", tampered, "--year", "2026", "--out", tampered + ".tar"},
			[]string{"le journal ne se vérifie pas, rien n'a été archivé : écriture 4 du journal : son empreinte"},
			[]string{"the journal does not verify, nothing archived: journal entry 4: its hash"}},
		{"the counter", []string{"counter", "--db", tampered},
			[]string{"guichet counter : le journal " + tampered + " ne se vérifie pas à partir de l'écriture 4 (son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)) : aucune vente n'y est possible ; il peut encore être lu et exporté ; restaurez-le depuis une sauvegarde ou le serveur central"},
			[]string{"guichet counter: the journal " + tampered + " does not verify from entry 4 (its hash does not match its content (the entry was changed)): no sale is possible on it; it can still be read and exported; restore it from a backup or the central server"}},
	} {
		for lang, want := range map[string][]string{"": tc.fr, "fr": tc.fr, "en": tc.en} {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				args := tc.args
				if lang != "" {
					args = append(append([]string(nil), args...), "--lang", lang)
				}
				out, stderr, code := runGuichet(t, "", "", args...)
				if code != 1 {
					t.Errorf("exit %d, want 1", code)
				}
				for _, w := range want {
					if !strings.Contains(out+stderr, w) {
						t.Errorf("guichet %s:\n%s%s\nwant it to hold %q", strings.Join(args, " "), out, stderr, w)
					}
				}
				if lang != "en" && (strings.Contains(out+stderr, "journal entry") || strings.Contains(out+stderr, "does not")) {
					t.Errorf("English left in the French:\n%s%s", out, stderr)
				}
			})
		}
	}
}

// change changes the register's file db with fn.
func change(t *testing.T, db string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	must(t, err)
	must(t, b.Update(fn))
	must(t, b.Close())
}

// TestACatalogRefusedIsToldInFrenchInTheEventLog: the French status line
// says "catalogue non appliqué, voir guichet journal events", and the
// event log then gave why in English, as the register kept it. guichet
// journal events says a refusal of the register's (or the kiosk's) in the
// command line's language; --json keeps the text as it is.
func TestACatalogRefusedIsToldInFrenchInTheEventLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "guichet.db")
	r := openDemoAt(t, db, "K01", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	refusals := []struct{ en, fr string }{
		{pos.Errorf("the new catalog is in %s and this register sells in %s: it was not applied", "EUR", "CHF").Error(),
			"le nouveau catalogue est en EUR et cette caisse vend en CHF : il n'a pas été appliqué"},
		{pos.Errorf("the central server's new catalog was not applied, the kiosk sells on with the one it has: %w",
			pos.Errorf(`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has %s)`, "card, twint")).Error(),
			`le nouveau catalogue du serveur central n'a pas été appliqué, la borne vend avec celui qu'elle a : aucun moyen de paiement du catalogue n'est proposé sur la borne, aucun client ne pourrait donc y payer : ajoutez "customer": true à un moyen carte, postcard ou twint (le catalogue a card, twint)`},
		{pos.Errorf("the central server's new catalog was not applied, the kiosk sells on with the one it has: %w",
			pos.Errorf(`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has none of that kind yet)`)).Error(),
			`le nouveau catalogue du serveur central n'a pas été appliqué, la borne vend avec celui qu'elle a : aucun moyen de paiement du catalogue n'est proposé sur la borne, aucun client ne pourrait donc y payer : ajoutez "customer": true à un moyen carte, postcard ou twint (le catalogue n'en a encore aucun de ce genre)`},
	}
	for _, rf := range refusals {
		must(t, r.LogEvent(local.EventCatalogRefused, rf.en))
	}
	must(t, r.Close())
	for _, lang := range []string{"", "fr", "en"} {
		args := []string{"journal", "events", "--db", db}
		if lang != "" {
			args = append(args, "--lang", lang)
		}
		out, stderr, code := runGuichet(t, "", "", args...)
		if code != 0 {
			t.Fatalf("guichet %s: exit %d\n%s%s", strings.Join(args, " "), code, out, stderr)
		}
		for _, rf := range refusals {
			want, kind := rf.fr, "catalogue refusé  "
			if lang == "en" {
				want, kind = rf.en, "catalog.refused   "
			}
			if !strings.Contains(out, kind+want+"\n") {
				t.Errorf("guichet %s:\n%s\nwant it to say %q", strings.Join(args, " "), out, want)
			}
		}
	}
	out, _, _ := runGuichet(t, "", "", "journal", "events", "--db", db, "--json")
	if !strings.Contains(out, "the new catalog is in EUR and this register sells in CHF: it was not applied") {
		t.Errorf("--json changed the text kept:\n%s", out)
	}
}

// TestPrinterFaultsAndPINWaitsAreToldInFrenchInTheEventLog: a printer's
// fault ("out of paper: load a new roll; the cover is open: close it") and
// a PIN wait were read in English in guichet journal events --lang fr;
// --json keeps the text the register wrote.
func TestPrinterFaultsAndPINWaitsAreToldInFrenchInTheEventLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "guichet.db")
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r := openDemoAt(t, db, "K01", now)
	fault := printers.Status{PaperOut: true, CoverOpen: true}.String()
	wait := (&local.PINWaitError{Now: now, Until: now.Add(30 * time.Second)}).Error()
	must(t, r.LogEvent(local.EventPrinterFault, fault))
	must(t, r.LogEvent(local.EventUnlockFailed, wait))
	must(t, r.Close())
	out, stderr, code := runGuichet(t, "", "", "journal", "events", "--db", db, "--lang", "fr")
	if code != 0 || !strings.Contains(out, " plus de papier : mettez un rouleau ; le capot est ouvert : fermez-le\n") ||
		!strings.Contains(out, " trop de codes PIN erronés : attendez 30 s avant de réessayer\n") {
		t.Fatalf("journal events --lang fr: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuichet(t, "", "", "journal", "events", "--db", db, "--lang", "en")
	if code != 0 || !strings.Contains(out, " "+fault+"\n") || !strings.Contains(out, " "+wait+"\n") {
		t.Fatalf("journal events --lang en: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuichet(t, "", "", "journal", "events", "--db", db, "--lang", "fr", "--json")
	if code != 0 || !strings.Contains(out, `"detail":"`+fault+`"`) || !strings.Contains(out, `"detail":"`+wait+`"`) {
		t.Fatalf("journal events --lang fr --json: exit %d\n%s%s", code, out, stderr)
	}
}

// TestPrinterFailuresAreToldInFrenchInTheEventLog: a job that failed
// (the register logs printers.Failure.String) and a printer that could
// not be reached or written to (the spooler's reason, a Go error's text)
// were read in English in guichet journal events --lang fr, where the
// till's status line had said them in French. They are said in French,
// the system's own words kept inside; --lang en and --json keep the
// text the register wrote.
func TestPrinterFailuresAreToldInFrenchInTheEventLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "guichet.db")
	r := openDemoAt(t, db, "K01", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	failed := printers.Failure{Kind: printers.FailSend, Job: printers.JobRef{Kind: printers.JobTicket, Ref: "K01-000001-01", ID: "4"},
		Problem: printers.ProblemWriteFailed, Again: true, Err: "writing the print job to /dev/full: write /dev/full: no space left on device"}.String()
	stopped := printers.Failure{Kind: printers.FailUnconfirmed, Job: printers.JobRef{Kind: printers.JobReceipt, Ref: "K01-000001"},
		Problem: printers.ProblemCoverOpen, Again: true}.String()
	unreachable := "cannot reach the printer at 192.0.2.1:9100: dial tcp 192.0.2.1:9100: i/o timeout"
	lost := "lost the connection to the printer tcp://192.0.2.1:9100: EOF"
	for _, d := range []string{failed, stopped, unreachable, lost} {
		must(t, r.LogEvent(local.EventPrinterFault, d))
	}
	must(t, r.Close())
	out, stderr, code := runGuichet(t, "", "", "journal", "events", "--db", db, "--lang", "fr")
	for _, want := range []string{
		" billet K01-000001-01 : envoi impossible (l'impression n'a pas pu être écrite dans /dev/full : write /dev/full: no space left on device) ; reste en attente\n",
		" reçu de la commande K01-000001 : l'imprimante s'est arrêtée pendant l'envoi (capot ouvert) ; reste en attente et s'imprimera de nouveau\n",
		" impossible de joindre l'imprimante à 192.0.2.1:9100 : dial tcp 192.0.2.1:9100: i/o timeout\n",
		" la connexion à l'imprimante tcp://192.0.2.1:9100 est perdue : EOF\n",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("journal events --lang fr: exit %d, want %q in\n%s%s", code, want, out, stderr)
		}
	}
	for _, args := range [][]string{{"--lang", "en"}, {"--lang", "fr", "--json"}} {
		out, stderr, code = runGuichet(t, "", "", append([]string{"journal", "events", "--db", db}, args...)...)
		for _, d := range []string{failed, stopped, unreachable, lost} {
			if code != 0 || !strings.Contains(out, d) {
				t.Errorf("journal events %v: exit %d, want %q in\n%s%s", args, code, d, out, stderr)
			}
		}
	}
}
