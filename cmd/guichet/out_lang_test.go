package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTheLinesForAPersonSpeakTheCommandLinesLanguage: the lines a command
// writes for a person on standard output were English whatever --lang or
// the catalog said ("5 code(s) imported", "ok: register K01, 3 entries,
// gapless..."), while the same command line's errors were French. Each
// command runs in both languages on a register's file with a sale: its
// lines are said in --lang's, in French with French typography and
// agreement; the ok: and valid: markers scripts look for stay as they are.
func TestTheLinesForAPersonSpeakTheCommandLinesLanguage(t *testing.T) {
	steps := []struct {
		name   string
		args   []string
		fr, en []string // what standard output holds, in each language
		stderr bool     // standard error's notes, not standard output
	}{
		{"journal verify", []string{"journal", "verify"},
			[]string{"ok: caisse K01, 7 écritures, sans trou, chaque empreinte et chaque lien vérifiés", " ; tête 7:", "ok: chaque vue (commandes, places", "ok: fichier plat ", " : 7 écritures et 3 événements, chacun aux octets mêmes du journal"},
			[]string{"ok: register K01, 7 entries, gapless, every hash and link checked", "; head 7:", "ok: every view (orders, seats", "ok: flat file ", ": 7 entries and 3 events, each the journal's own bytes"}, false},
		{"codes add", []string{"codes", "add", "--offer", "semaine", "--staff", "claire", "--pin", "1234", "--max-uses", "3", "lundi"},
			[]string{"1 code ajouté à l'offre semaine\n"},
			[]string{"1 code added to offer semaine\n"}, false},
		{"codes limit", []string{"codes", "limit", "--max-uses", "5", "--staff", "claire", "--pin", "1234", "LUNDI"},
			[]string{"LUNDI : 5 commandes\n"},
			[]string{"LUNDI: 5 orders\n"}, false},
		{"codes limit unlimited", []string{"codes", "limit", "--max-uses", "0", "--staff", "claire", "--pin", "1234", "LUNDI"},
			[]string{"LUNDI : nombre de commandes illimité\n"},
			[]string{"LUNDI: unlimited orders\n"}, false},
		{"codes copy", []string{"codes", "copy", "--staff", "claire", "--pin", "1234", "LUNDI", "VENDREDI"},
			[]string{"VENDREDI ajouté à l'offre semaine, pour un nombre illimité de commandes\n"},
			[]string{"VENDREDI added to offer semaine, for unlimited orders\n"}, false},
		{"codes disable", []string{"codes", "disable", "--staff", "claire", "--pin", "1234", "VENDREDI"},
			[]string{"VENDREDI désactivé\n"},
			[]string{"VENDREDI disabled\n"}, false},
		{"codes list", []string{"codes", "list", "--offer", "semaine"},
			[]string{"offre semaine — Semaine −15 % : 3 codes\n", "UTILISATIONS / PERMISES", "0 / illimité", "désactivé", "catalogue"},
			[]string{"offer semaine — Weekday −15%: 3 codes\n", "USES / PERMITTED", "0 / unlimited", "disabled", "catalog"}, false},
		{"codes history", []string{"codes", "history", "LUNDI"},
			[]string{"MOMENT", "QUOI", "créé (3)", "modifié (5)", "modifié (illimité)"},
			[]string{"TIME", "WHAT", "created (3)", "changed (5)", "changed (unlimited)"}, false},
		{"codes delete", []string{"codes", "delete", "--staff", "claire", "--pin", "1234", "VENDREDI"},
			[]string{"VENDREDI supprimé\n"},
			[]string{"VENDREDI deleted\n"}, false},
		{"customers import", []string{"customers", "import", "--staff", "claire", "--pin", "1234", "CUSTOMERS"},
			[]string{"2 clients importés\n"},
			[]string{"2 customers imported\n"}, false},
		{"customers list", []string{"customers", "list"},
			[]string{"NOM", "TÉLÉPHONE"},
			[]string{"NAME", "PHONE"}, false},
		{"ticket verify", []string{"ticket", "verify", "QR"},
			[]string{"valid: billet K01-000001-01, représentation hamlet-01, zone galerie, catégorie adult\n", " : valable\n"},
			[]string{"valid: ticket K01-000001-01, performance hamlet-01, zone galerie, category adult\n", ": valid\n"}, false},
		{"order send", []string{"order", "send", "K01-000001", "--to", "zoe@example.ch", "--staff", "claire", "--pin", "1234"},
			[]string{"2 billets mis en file pour zoe@example.ch sous ", " : pas de serveur de messagerie ici, ils partent quand la caisse qui envoie tourne\n"},
			[]string{"2 tickets queued for zoe@example.ch as ", ": no mail server here, they go when the register that sends runs\n"}, false},
		{"email outbox", []string{"email", "outbox"},
			[]string{" zoe@example.ch", " mis en file le 20"},
			[]string{" zoe@example.ch", " queued 20"}, false},
		{"print-test", []string{"print-test", "--printer", "preview"},
			[]string{"le code QR d'exemple est signé avec la clé de la caisse ", " ; vérifiez-le avec : guichet ticket verify G2:"},
			[]string{"the sample QR code is signed with the register's key ", "; check it with: guichet ticket verify G2:"}, true},
		{"journal rebuild", []string{"journal", "rebuild"},
			[]string{"vues reconstruites depuis 29 écritures : identiques à celles qui étaient gardées"},
			[]string{"views rebuilt from 29 entries: identical to the ones kept"}, false},
	}
	for _, lang := range []string{"fr", "en"} {
		db, qr := sellOne(t)
		dir := filepath.Dir(db)
		example, _, _ := runGuichet(t, dir, "", "customers", "example")
		customers := filepath.Join(dir, "customers.csv")
		must(t, os.WriteFile(customers, []byte(example), 0o600))
		for _, s := range steps {
			args := append([]string{}, s.args...)
			for i, a := range args {
				args[i] = strings.NewReplacer("QR", qr, "CUSTOMERS", customers).Replace(a)
			}
			out, errOut, code := runGuichet(t, dir, "", append(args, "--db", db, "--lang", lang)...)
			if code != 0 {
				t.Fatalf("%s --lang %s: exit %d\n%s%s", s.name, lang, code, out, errOut)
			}
			if s.stderr {
				out = errOut
			}
			want := s.en
			if lang == "fr" {
				want = s.fr
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("%s --lang %s: want %q in\n%s", s.name, lang, w, out)
				}
			}
		}
	}
}

// TestTheFrenchSentencesTakeTheirFormatsArguments: a French sentence takes
// the arguments of its English format in the same order and kind (a
// number where it has %d); a stored sentence's French takes every one as
// %s (pos.AddStoredSentences). "l'écriture %d commence ce journal" of a
// stored sentence was written "%!d(string=2)".
func TestTheFrenchSentencesTakeTheirFormatsArguments(t *testing.T) {
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	kinds := func(s string, all string) string {
		var k []string
		for _, v := range verb.FindAllString(s, -1) {
			c := v[len(v)-1:]
			switch {
			case c == "%":
				continue
			case all != "":
				c = all
			case c == "q" || c == "v" || c == "w":
				c = "s"
			}
			k = append(k, c)
		}
		return strings.Join(k, ",")
	}
	for en, fr := range frenchSentences {
		if kinds(en, "") != kinds(fr, "") {
			t.Errorf("%q\n  takes %s, its French %q takes %s", en, kinds(en, ""), fr, kinds(fr, ""))
		}
	}
	for en, fr := range frenchStored {
		if kinds(en, "s") != kinds(fr, "") {
			t.Errorf("stored %q\n  takes %s, its French %q takes %s (every one %%s)", en, kinds(en, "s"), fr, kinds(fr, ""))
		}
	}
}

// TestAReportsUnexpectedArgumentIsSaidInItsLanguage: guichet report x|z
// wrote "guichet report: unexpected argument" in English on a French
// command line.
func TestAReportsUnexpectedArgumentIsSaidInItsLanguage(t *testing.T) {
	dir := t.TempDir()
	for lang, want := range map[string]string{
		"fr": "guichet report : argument inattendu « extra »\n",
		"en": "guichet report: unexpected argument \"extra\"\n",
	} {
		if _, errOut, code := runGuichet(t, dir, "", "report", "x", "extra", "--lang", lang); code != 2 || errOut != want {
			t.Errorf("--lang %s: exit %d, %q, want 2 and %q", lang, code, errOut, want)
		}
	}
}
