package door

import (
	"fmt"

	"guichet/pos"
)

// Every string the door screen shows, in each language the register
// speaks; a key missing in one is a test failure.
var messages = map[pos.Lang]map[string]string{pos.French: fr, pos.English: en}

var fr = map[string]string{
	"title":                     "Contrôle",
	"verdict.ready":             "Prêt",
	"verdict.admit":             "Entrée",
	"verdict.already_admitted":  "Déjà entré",
	"verdict.canceled":          "Annulé",
	"verdict.exchanged":         "Échangé",
	"verdict.wrong_performance": "Autre séance",
	"verdict.forged":            "Faux",
	"verdict.unknown":           "Inconnu",
	"verdict.not_ticket":        "Pas un billet",
	"verdict.unreadable":        "Illisible",
	"detail.ready":              "Scannez un billet ou tapez son numéro, puis Entrée.",
	"detail.already":            "Billet %s déjà entré à %s par %s : refusez l'entrée.",
	"detail.canceled":           "Billet %s annulé : refusez l'entrée.",
	"detail.exchanged":          "Billet %s échangé contre un autre : refusez l'entrée.",
	"detail.wrong":              "Billet %s pour %s, pas pour cette séance.",
	"detail.forged":             "La signature ne correspond pas : ce billet n'a pas été émis par cette caisse, ou il a été modifié.",
	"detail.unknown":            "Le journal de la caisse %s ne connaît pas le billet %s.",
	"detail.unknownother":       "%s : un billet d'une autre caisse, inconnu du journal de la caisse %s.",
	"detail.notticket":          "%s est un bon cadeau : il paie, il ne fait pas entrer.",
	"detail.unpaid":             "%s : sa facture n'est pas encore payée ; la caisse la valide d'abord.",
	"verdict.unpaid":            "Impayé",
	"verdict.lost_journal":      "À vérifier",
	"detail.lostjournal":        "%s est authentique, vendu avant la perte du journal de la caisse %s : annulé ou déjà entré, elle ne peut le dire ; voyez la caisse.",
	"detail.unreadable":         "Code illisible : scannez à nouveau ou tapez le numéro imprimé sous le code.",
	"counts":                    "entrés %d / %d vendus",
	"counts.passes":             " · abonnements %d",
	"prompt":                    "Billet : ",
	"busy":                      "vérification…",
	"keys":                      "entrée vérifier · échap effacer · ctrl+c quitter",
	"error":                     "! %s",
}

var en = map[string]string{
	"title":                     "Door",
	"verdict.ready":             "Ready",
	"verdict.admit":             "Admit",
	"verdict.already_admitted":  "Already admitted",
	"verdict.canceled":          "Cancelled",
	"verdict.exchanged":         "Exchanged",
	"verdict.wrong_performance": "Wrong performance",
	"verdict.forged":            "Forged",
	"verdict.unknown":           "Unknown",
	"verdict.not_ticket":        "Not a ticket",
	"verdict.unreadable":        "Unreadable",
	"detail.ready":              "Scan a ticket or type its number, then Enter.",
	"detail.already":            "Ticket %s already admitted at %s by %s: refuse entry.",
	"detail.canceled":           "Ticket %s was cancelled: refuse entry.",
	"detail.exchanged":          "Ticket %s was exchanged for another: refuse entry.",
	"detail.wrong":              "Ticket %s is for %s, not this performance.",
	"detail.forged":             "The signature does not match: this ticket was not issued by this register, or it was altered.",
	"detail.unknown":            "Register %s's journal does not know ticket %s.",
	"detail.unknownother":       "%s: a ticket of another register, unknown to register %s's journal.",
	"detail.notticket":          "%s is a gift voucher: it pays, it does not admit.",
	"detail.unpaid":             "%s: its invoice is not paid yet; the box office validates it first.",
	"verdict.unpaid":            "Unpaid",
	"verdict.lost_journal":      "Check it",
	"detail.lostjournal":        "%s is genuine, sold before register %s's journal was lost: it cannot tell if it was cancelled or already admitted; ask the box office.",
	"detail.unreadable":         "Unreadable code: scan again or type the number printed under the code.",
	"counts":                    "admitted %d / %d sold",
	"counts.passes":             " · passes %d",
	"prompt":                    "Ticket: ",
	"busy":                      "checking…",
	"keys":                      "enter check · esc clear · ctrl+c quit",
	"error":                     "! %s",
}

// tr is message k in lang (French when lang has none), with args.
func tr(lang pos.Lang, k string, args ...any) string {
	m, ok := messages[lang]
	if !ok {
		m = fr
	}
	s, ok := m[k]
	if !ok {
		s = k
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}
