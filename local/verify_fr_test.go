package local

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"guichet/pos"
)

// saidInFrench checks an error is said in French by pos.Say, alone and
// inside a sentence that names it, with no English left.
func saidInFrench(t *testing.T, err error, want string) {
	t.Helper()
	if _, ok := err.(pos.Sayer); !ok {
		t.Errorf("%T does not say itself in a language", err)
	}
	for _, fr := range []string{pos.Say(err, pos.French), strings.TrimPrefix(pos.Say(pos.Errorf("order %s: %w", "K01-000001", err), pos.French), "commande K01-000001 : ")} {
		if fr != want {
			t.Errorf("in French:\n got %q\nwant %q", fr, want)
		}
	}
}

// TestAJournalThatDoesNotHoldTogetherIsToldInFrench: a journal whose end
// was removed (HeadError), a closure or an entry's amounts that do not add
// up (ClosureError, AmountsError), an error of the program (ProgramError,
// FlatError) had no French and no Say: a French cashier read them in
// English. They are said in French; their English is as it was.
func TestAJournalThatDoesNotHoldTogetherIsToldInFrench(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	must(t, r.Close())
	_, err := VerifyAgainst(path, &Anchor{Seq: 9999, Hash: "deadbeef"})
	var he *HeadError
	if !errors.As(err, &he) || !strings.HasPrefix(err.Error(), "the journal ends at ") || !strings.HasSuffix(err.Error(), " but the head written down (9999:deadbeef) says 9999: the last entries were removed") {
		t.Fatalf("against a head beyond its end: %v, want a *HeadError", err)
	}
	saidInFrench(t, he, "le journal s'arrête à "+strings.TrimSuffix(strings.TrimPrefix(err.Error(), "the journal ends at "), " but the head written down (9999:deadbeef) says 9999: the last entries were removed")+" mais la tête notée (9999:deadbeef) indique 9999 : les dernières écritures ont été supprimées")

	c := &Closure{Kind: ClosureDay, Number: 3, Period: "2026-03-10"}
	ce := &ClosureError{Seq: 42, Closure: c.Name(), name: c.name()}
	ce.reason = pos.Errorf("its net total says %s, its entries add up to %s", pos.M(12000, "EUR"), pos.M(5000, "EUR"))
	ce.Reason = ce.reason.Error()
	if want := "journal entry 42, daily closure 3 (2026-03-10): its net total says €120.00, its entries add up to €50.00"; ce.Error() != want {
		t.Errorf("in English: %q, want %q", ce.Error(), want)
	}
	saidInFrench(t, ce, "écriture 42 du journal, clôture journalière 3 (2026-03-10) : son total net indique 120,00 €, ses écritures font 50,00 €")

	ae := &AmountsError{Seq: 7, Reason: "amounts in different currencies: EUR 50.00 + CHF 12.00"}
	if want := "journal entry 7: its amounts cannot be added up with those of the entries before it (amounts in different currencies: EUR 50.00 + CHF 12.00): it, or an entry before it, was changed and the chain's hashes made again"; ae.Error() != want {
		t.Errorf("in English: %q, want %q", ae.Error(), want)
	}
	saidInFrench(t, ae, "écriture 7 du journal : ses montants ne s'additionnent pas avec ceux des écritures qui la précèdent (montants en monnaies différentes : EUR 50.00 + CHF 12.00) : elle, ou une écriture avant elle, a été modifiée et les empreintes de la chaîne refaites")

	pe := &ProgramError{Path: path, Panic: "index out of range [3] with length 2", Log: path + ".errors"}
	if want := "an error in the program stopped this (index out of range [3] with length 2), not a damaged file: note the time and start the register again; its journal is intact (do not move its file aside); if it happens again, call for help and give them " + path + ".errors"; pe.Error() != want {
		t.Errorf("in English: %q, want %q", pe.Error(), want)
	}
	saidInFrench(t, pe, "une erreur du programme a arrêté ceci (index out of range [3] with length 2), pas un fichier endommagé : notez l'heure et redémarrez la caisse ; son journal est intact (ne mettez pas son fichier de côté) ; si cela se reproduit, appelez l'assistance et donnez-lui "+path+".errors")
	fe := &FlatError{Path: path, Err: pe}
	if !strings.Contains(fe.Error(), ", not a damaged file, after the last sale was written to the flat file "+flatPath(path)+"; this register records nothing more") {
		t.Errorf("in English: %q", fe.Error())
	}
	saidInFrench(t, fe, "une erreur du programme a arrêté ceci (index out of range [3] with length 2), pas un fichier endommagé, après que la dernière vente a été écrite dans le fichier plat "+flatPath(path)+" ; cette caisse n'enregistre plus rien jusqu'à son redémarrage, qui enregistre cette vente : vérifiez-la alors : notez l'heure et redémarrez la caisse ; son journal est intact (ne mettez pas son fichier de côté) ; si cela se reproduit, appelez l'assistance et donnez-lui "+path+".errors")
}
