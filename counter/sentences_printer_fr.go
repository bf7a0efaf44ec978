package counter

import (
	"errors"

	"guichet/pos"
	"guichet/printers"
)

// The printer's own sentences (a printer that cannot be reached or
// written to), kept as English text where the register writes them (a
// printer.fault event's detail, a failure's error): said in French by
// their format, wherever a person reads them (guichet journal events, a
// command that waits for its printing).
func init() {
	pos.AddStoredSentences(pos.French, printers.FrenchReasons)
	pos.AddSentences(pos.French, map[string]string{
		// notAllPrinted
		"the printer did not print everything (%s): it stays in the print queue":     "l'imprimante n'a pas tout imprimé (%s) : le reste attend dans la file d'impression",
		"the printer did not print everything (%s): it stays in the print queue; %w": "l'imprimante n'a pas tout imprimé (%s) : le reste attend dans la file d'impression ; %w",
		"the printer printed everything, but %w":                                     "l'imprimante a tout imprimé, mais %w",
		"1 printed job waits for its record in the journal (the last failure: %s): it is tried again as the register closes; if it fails, it prints again at the next start":     "1 impression faite attend son enregistrement dans le journal (dernier échec : %s) : il est retenté à la fermeture de la caisse ; s'il échoue, elle s'imprime de nouveau au prochain démarrage",
		"%d printed jobs wait for their record in the journal (the last failure: %s): it is tried again as the register closes; if it fails, they print again at the next start": "%d impressions faites attendent leur enregistrement dans le journal (dernier échec : %s) : il est retenté à la fermeture de la caisse ; s'ils échouent, elles s'impriment de nouveau au prochain démarrage",
		"%d waiting": "%d en attente",
	})
}

// FailureSaid is a job's failure as a whole sentence in lang, with its
// error's own words (said in lang where they are one of the register's
// sentences): for a command line and the event log's reader, where the
// screens say FailureWords. "" for no failure.
func FailureSaid(f printers.Failure, lang pos.Lang) string {
	return f.In(string(lang), func(s string) string { return pos.Say(errors.New(s), lang) })
}
