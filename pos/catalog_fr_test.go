package pos

import (
	"go/ast"
	"go/token"
	"testing"
)

// Every problem a catalog, an offer or a code can have (problems.add) has
// its French, with the same arguments.
func TestEveryCatalogProblemHasItsFrench(t *testing.T) {
	for en, fr := range catalogFrench {
		if a, b := len(anyVerb.FindAllString(en, -1)), len(anyVerb.FindAllString(fr, -1)); a != b {
			t.Errorf("%q has %d arguments, its French %q has %d", en, a, fr, b)
		}
	}
	n := 0
	eachFormat(t, func(fun ast.Expr) bool {
		switch f := fun.(type) {
		case *ast.SelectorExpr: // p.add, row.bad
			return f.Sel.Name == "add" || f.Sel.Name == "bad"
		case *ast.Ident: // bad := row.bad
			return f.Name == "bad"
		}
		return false
	}, func(at token.Position, format string) {
		n++
		if sentence(French, format) == format && format != "%v" && format != "%s" {
			t.Errorf("%s: %q has no French", at, format)
		}
	})
	if n < 100 {
		t.Errorf("found only %d problems: is the test still reading pos's files?", n)
	}
}

// TestACatalogsProblemsAreSaidInFrench: a catalog's problems (a counter
// that could take no sale, a code that exists already, several at once)
// were made with fmt.Sprintf, which the French table cannot find: a French
// manager loading a catalog, typing codes or reading why the central
// server's catalog was refused met them in English. They are said in
// French; their English is as it was.
func TestACatalogsProblemsAreSaidInFrench(t *testing.T) {
	load := func(edit func(doc map[string]any)) func() error {
		return func() error {
			_, err := ParseCatalog("shows.json", editedCatalog(t, edit), testToday)
			return err
		}
	}
	for _, tc := range []struct {
		name   string
		do     func() error
		en, fr string
	}{
		{"no method for staff", load(func(doc map[string]any) { methods(doc, every, "staff", false) }),
			`catalog shows.json: payment_methods: none is offered at the counter, so every sale there would be refused; add "staff": true to the methods staff take (the catalog has cash, card, twint, invoice, free)`,
			`catalogue shows.json : payment_methods : aucun n'est proposé au guichet, toute vente y serait donc refusée ; ajoutez "staff": true aux moyens que le personnel encaisse (le catalogue a cash, card, twint, invoice, free)`},
		{"a profile's only method not for staff", load(func(doc map[string]any) {
			methods(doc, func(m map[string]any) bool { return m["id"] == "cash" }, "staff", false)
		}),
			`catalog shows.json: profile "limited": none of its payment methods (cash) is offered at the counter, so its resellers could sell nothing; list one with "staff": true (the catalog has card, twint, invoice, free) or add "staff": true to one of its own`,
			`catalogue shows.json : profil « limited » : aucun de ses moyens de paiement (cash) n'est proposé au guichet, ses revendeurs ne pourraient donc rien vendre ; listez-en un qui a "staff": true (le catalogue a card, twint, invoice, free) ou ajoutez "staff": true à l'un des siens`},
		{"three problems", load(func(doc map[string]any) {
			doc["payment_methods"] = []any{}
			doc["venues"] = append(doc["venues"].([]any), map[string]any{"id": "cave", "name": "Cave"})
		}),
			"catalog shows.json: 3 problems:\n  venue \"cave\" has no zone\n  profile \"limited\": unknown payment method \"cash\"\n  payment_methods: there is none, so no sale can be paid; add one, e.g. {\"id\": \"cash\", \"kind\": \"cash\", \"name\": \"Cash\", \"staff\": true}",
			"catalogue shows.json : 3 problèmes :\n  le lieu « cave » n'a aucune zone\n  profil « limited » : moyen de paiement « cash » inconnu\n  payment_methods : il n'y en a aucun, aucune vente ne peut donc être payée ; ajoutez-en un, par exemple {\"id\": \"cash\", \"kind\": \"cash\", \"name\": \"Espèces\", \"staff\": true}"},
		{"a venue defined twice", load(func(doc map[string]any) {
			doc["venues"] = append(doc["venues"].([]any), doc["venues"].([]any)[0])
		}),
			`catalog shows.json: venue "hall" is defined twice`,
			`catalogue shows.json : lieu « hall » : défini deux fois`},
		{"an offer typed at the register", func() error {
			_, err := testCatalog(t).CheckOffer(Offer{ID: "half", Name: Text{"fr": "Moitié"}, Effect: "half"}, testToday, nil)
			return err
		}, `offer "half": effect "half" is not percent, amount_per_ticket, amount_off_cart or price_list`,
			`offre « half » : l'effet « half » n'est pas percent, amount_per_ticket, amount_off_cart ou price_list`},
		{"an offer's amount in another currency", func() error {
			_, err := testCatalog(t).CheckOffer(Offer{ID: "minus5", Name: Text{"fr": "Moins 5"}, Effect: EffectAmountOffCart, Amount: M(500, "EUR")}, testToday, nil)
			return err
		}, `offer "minus5" amount: amount EUR 5.00 is not in the organiser's currency CHF`,
			`offre « minus5 », amount : le montant EUR 5.00 n'est pas dans la monnaie de l'organisateur, CHF`},
		{"a code in another offer", func() error {
			return CheckNewCodesAgainst([]Code{{Code: "SPRING", Offer: "early"}}, func(string) (string, bool) { return "students", true })
		}, "code SPRING already exists, in offer students", "le code SPRING existe déjà, dans l'offre students"},
		{"a code that exists", func() error {
			return CheckNewCodes([]Code{{Code: "SPRING", Offer: "early"}}, func(string) bool { return true })
		}, "code SPRING already exists", "le code SPRING existe déjà"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if err == nil {
				t.Fatal("accepted")
			}
			if err.Error() != tc.en {
				t.Errorf("in English:\n got %q\nwant %q", err.Error(), tc.en)
			}
			if got := Say(err, English); got != tc.en {
				t.Errorf("said in English:\n got %q\nwant %q", got, tc.en)
			}
			if got := Say(err, French); got != tc.fr {
				t.Errorf("in French:\n got %q\nwant %q", got, tc.fr)
			}
		})
	}
}

// TestAnImportRefusedIsSaidInFrench: a refused import of codes or
// customers listed its problems with fmt.Sprintf, the refusal too ("nothing
// was imported: fix the file…", "line 3: code SPRING already exists, in
// offer students"): the French desk's import report and guichet codes
// import showed them in English. The refusal and every problem say
// themselves in French; the English is as it was.
func TestAnImportRefusedIsSaidInFrench(t *testing.T) {
	held := func(code string) (string, bool) { return "students", code == "SPRING" }
	for _, tc := range []struct {
		name   string
		do     func() error
		en, fr string
	}{
		{"codes", func() error {
			_, err := ParseCodesCSVAgainst([]byte("code;max_uses;disabled\nspring;2;no\n;;\nA1;many;no\nB2;;peut-être\nA1;;\n"), "early", held)
			return err
		}, "nothing was imported: fix the file and import it again (6 problems)\n" +
			"  line 2: code SPRING already exists, in offer students\n" +
			"  line 4: code \"A1\": a code has 3 to 32 characters\n" +
			"  line 4: max_uses \"many\" should be a whole number of orders (0 or empty: unlimited)\n" +
			"  line 5: code \"B2\": a code has 3 to 32 characters\n" +
			"  line 5: disabled \"peut-être\" should be yes or no\n" +
			"  line 6: code A1 is a duplicate of line 4",
			"rien n'a été importé : corrigez le fichier et importez-le à nouveau (6 problèmes)\n" +
				"  ligne 2 : le code SPRING existe déjà, dans l'offre students\n" +
				"  ligne 4 : code « A1 » : un code a 3 à 32 caractères\n" +
				"  ligne 4 : max_uses « many » devrait être un nombre entier de commandes (0 ou vide : illimité)\n" +
				"  ligne 5 : code « B2 » : un code a 3 à 32 caractères\n" +
				"  ligne 5 : disabled « peut-être » devrait être oui ou non (yes ou no)\n" +
				"  ligne 6 : le code A1 est un doublon de la ligne 4"},
		{"a column unknown", func() error {
			_, err := ParseCodesCSV([]byte("code,uses_left\nA1,3\n"), "early", nil)
			return err
		}, "nothing was imported: fix the file and import it again (1 problem)\n" +
			"  line 1: unknown column \"uses_left\": the columns are code, max_uses, disabled (see guichet codes example)",
			"rien n'a été importé : corrigez le fichier et importez-le à nouveau (1 problème)\n" +
				"  ligne 1 : colonne « uses_left » inconnue : les colonnes sont code, max_uses, disabled (voir guichet codes example)"},
		{"customers", func() error {
			_, err := ParseCustomersCSV([]byte("first_name,last_name,email,newsletter\nZoé,Muller,zoe@example.ch,peut-être\nAnne,Roy,anne@,non\n"), nil)
			return err
		}, "nothing was imported: fix the file and import it again (2 problems)\n" +
			"  line 2: newsletter is yes or no, not \"peut-être\"\n" +
			"  line 3: the e-mail address \"anne@\" does not look right (name@example.ch)",
			"rien n'a été importé : corrigez le fichier et importez-le à nouveau (2 problèmes)\n" +
				"  ligne 2 : newsletter vaut oui ou non (yes ou no), pas « peut-être »\n" +
				"  ligne 3 : l'adresse e-mail \"anne@\" ne semble pas juste (nom@exemple.ch)"},
		{"an empty file", func() error {
			_, err := ParseCustomersCSV(nil, nil)
			return err
		}, "nothing was imported: fix the file and import it again (1 problem)\n  the file is empty: it needs a header row (see guichet customers example)",
			"rien n'a été importé : corrigez le fichier et importez-le à nouveau (1 problème)\n  le fichier est vide : il lui faut une ligne d'en-tête (voir guichet customers example)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if err == nil {
				t.Fatal("imported")
			}
			if err.Error() != tc.en {
				t.Errorf("in English:\n got %q\nwant %q", err.Error(), tc.en)
			}
			if got := Say(err, French); got != tc.fr {
				t.Errorf("in French:\n got %q\nwant %q", got, tc.fr)
			}
			// as guichet codes import says it: the file's name before it
			if got := Say(Errorf("%s: %w", "codes.csv", err), French); got != "codes.csv : "+tc.fr {
				t.Errorf("inside a sentence, in French:\n got %q", got)
			}
		})
	}
}
