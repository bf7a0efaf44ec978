package pos

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Problem is an error meant for the person at the counter. It keeps the
// sentence's format and arguments, so Say can write it in the seller's
// language; Error writes it in English for logs, tools and tests.
// Arguments that are Money, Text or errors are rendered per language too.
type Problem struct {
	format  string
	args    []any
	wrapped error
}

// Errorf makes a Problem like fmt.Errorf: one %w argument is kept for
// errors.Is and errors.As.
func Errorf(format string, args ...any) error {
	p := &Problem{format: format, args: args}
	if i := strings.Index(format, "%w"); i >= 0 {
		n := verbsBefore(format[:i])
		if n < len(args) {
			p.wrapped, _ = args[n].(error)
		}
	}
	return p
}

// verbsBefore counts the formatting verbs in a prefix of a format.
func verbsBefore(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+1 < len(s) && s[i+1] == '%' {
				i++
				continue
			}
			n++
		}
	}
	return n
}

func (p *Problem) Error() string { return p.render("en") }
func (p *Problem) Unwrap() error { return p.wrapped }

func (p *Problem) render(lang Lang) string {
	args := make([]any, len(p.args))
	for i, a := range p.args {
		switch v := a.(type) {
		case Money:
			args[i] = v.Format(lang)
		case Text:
			args[i] = v.In(lang)
		case error:
			args[i] = Say(v, lang)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(strings.ReplaceAll(sentence(lang, p.format), "%w", "%s"), args...)
}

var (
	sentencesMu sync.RWMutex
	sentences   = map[Lang]map[string]string{French: frenchSentences}
	// conflicts: sentences two packages translated differently; the
	// last added won, by the order of their init (SentenceConflicts)
	conflicts []string
)

// SentenceConflicts lists the English sentences added twice with two
// different translations: which one a person reads would depend on the
// packages a program links. A test of the whole program asks for none.
func SentenceConflicts() []string {
	sentencesMu.RLock()
	defer sentencesMu.RUnlock()
	return slices.Clone(conflicts)
}

// AddSentences adds translations of English sentences (formats or whole
// messages) for a language; packages that speak to the counter through pos
// errors (the register's) add their own at init.
func AddSentences(lang Lang, m map[string]string) {
	sentencesMu.Lock()
	defer sentencesMu.Unlock()
	if sentences[lang] == nil {
		sentences[lang] = map[string]string{}
	}
	for en, tr := range m {
		if was, ok := sentences[lang][en]; ok && was != tr {
			conflicts = append(conflicts, fmt.Sprintf("%s %q: %q and %q", lang, en, was, tr))
		}
		sentences[lang][en] = tr
	}
}

func sentence(lang Lang, en string) string {
	sentencesMu.RLock()
	defer sentencesMu.RUnlock()
	if tr, ok := sentences[lang][en]; ok {
		return tr
	}
	return en
}

// stored is a sentence kept as English text where it was written (the
// reason of an e-mail's failed try, in the journal): its format matched
// back, its arguments taken out, and written again in another language.
type stored struct {
	re    *regexp.Regexp
	verbs []byte // each argument's verb: 'q' unquoted, 'w' said in lang, others as they are
	tr    string // the translation, every argument as %s
}

var storedSentences = map[Lang][]stored{}

// AddStoredSentences adds translations of formats (verbs %s, %q, %d, %w)
// whose English rendering is stored as text, not as an error: Say
// recognises such a text by its format and writes it in lang, its
// arguments as they were (a %q one unquoted), a %w one said in lang as an
// error of that text is. The translation's verbs are all %s.
func AddStoredSentences(lang Lang, m map[string]string) {
	sentencesMu.Lock()
	defer sentencesMu.Unlock()
	for en, tr := range m {
		var re strings.Builder
		var verbs []byte
		re.WriteString("^")
		lit := 0
		for i := 0; i < len(en); i++ {
			if en[i] != '%' || i+1 == len(en) {
				continue
			}
			re.WriteString(regexp.QuoteMeta(en[lit:i]))
			switch en[i+1] {
			case '%':
				re.WriteString("%")
			case 'q':
				re.WriteString(`("(?:[^"\\]|\\.)*")`)
				verbs = append(verbs, 'q')
			case 'd':
				re.WriteString(`(-?[0-9]+)`)
				verbs = append(verbs, 'd')
			default:
				re.WriteString(`(.*?)`)
				verbs = append(verbs, en[i+1])
			}
			i++
			lit = i + 1
		}
		re.WriteString(regexp.QuoteMeta(en[lit:]) + "$")
		storedSentences[lang] = append(storedSentences[lang], stored{re: regexp.MustCompile(re.String()), verbs: verbs, tr: tr})
	}
}

// storedSentence is text written from a format of AddStoredSentences, in
// lang; ok false when no format matches it.
func storedSentence(lang Lang, text string) (string, bool) {
	sentencesMu.RLock()
	var st stored
	var m []string
	for _, st = range storedSentences[lang] {
		if m = st.re.FindStringSubmatch(text); m != nil {
			break
		}
	}
	sentencesMu.RUnlock() // a %w argument is said with the lock free
	if m == nil {
		return "", false
	}
	args := make([]any, len(m)-1)
	for i, a := range m[1:] {
		switch st.verbs[i] {
		case 'q':
			if u, err := strconv.Unquote(a); err == nil {
				a = u
			}
		case 'w':
			a = Say(errors.New(a), lang)
		}
		args[i] = a
	}
	return fmt.Sprintf(st.tr, args...), true
}

// Sayer is an error that says itself in a language (a damaged register's
// file, a PIN throttled): Say and a Problem it is an argument of write it
// with its own Say.
type Sayer interface {
	error
	Say(lang Lang) string
}

// Say writes an error as a sentence in lang for the person at the counter:
// Problems, Sayers and the package's own sentinel errors are translated;
// anything else is shown as it is.
func Say(err error, lang Lang) string {
	if err == nil {
		return ""
	}
	var p *Problem
	var le *LineError
	var re *RightError
	switch {
	case errors.As(err, &re) && re == err:
		return Say(re.problem(lang), lang)
	case errors.As(err, &le) && le == err:
		return fmt.Sprintf(sentence(lang, "line %d: %s"), le.Line, Say(le.Err, lang))
	case errors.As(err, &p) && p == err:
		return p.render(lang)
	}
	if s, ok := err.(Sayer); ok { // itself, not an error it wraps
		return s.Say(lang)
	}
	if cr, ok := err.(*CodeRefusal); ok {
		if cr.plain() { // a kiosk's customer may change language after it
			return fmt.Sprintf(say(lang, cr.format), cr.args...)
		}
		return err.Error() // already written in the seller's language
	}
	text := err.Error()
	if tr := sentence(lang, text); tr != text {
		return tr
	}
	if tr, ok := storedSentence(lang, text); ok {
		return tr
	}
	return text
}

// frenchSentences are the French of pos's own sentences.
var frenchSentences = map[string]string{
	"line %d: %s": "ligne %d : %s",

	// Customers.
	"type the customer's name":                                                        "tapez le nom du client",
	"the phone number %q has only digits, spaces and + - . / ( )":                     "le numéro de téléphone « %s » n'a que des chiffres, des espaces et + - . / ( )",
	"the percentage %q is a number (15 or 12.5)":                                      "le pourcentage « %s » est un nombre (15 ou 12,5)",
	"the amount %q is a number (5.00)":                                                "le montant « %s » est un nombre (5.00)",
	"the effect is percent, amount_per_ticket, amount_off_cart or price_list, not %q": "l'effet est percent, amount_per_ticket, amount_off_cart ou price_list, pas « %s »",
	"%q is not a number of tickets":                                                   "« %s » n'est pas un nombre de billets",
	"the notes are longer than %d characters":                                         "les notes dépassent %d caractères",
	"the name is longer than 100 characters":                                          "le nom dépasse 100 caractères",
	"the e-mail address does not look right (name@example.ch)":                        "l'adresse e-mail ne semble pas juste (nom@exemple.ch)",

	// A kiosk's catalog (Catalog.KioskPays).
	`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has %s)`:                    `aucun moyen de paiement du catalogue n'est proposé sur la borne, aucun client ne pourrait donc y payer : ajoutez "customer": true à un moyen carte, postcard ou twint (le catalogue a %s)`,
	`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has none of that kind yet)`: `aucun moyen de paiement du catalogue n'est proposé sur la borne, aucun client ne pourrait donc y payer : ajoutez "customer": true à un moyen carte, postcard ou twint (le catalogue n'en a encore aucun de ce genre)`,

	// Payments.
	"this payment method is not available to you":      "ce moyen de paiement ne vous est pas ouvert",
	"the order is below this payment method's minimum": "la commande est en dessous du minimum de ce moyen de paiement",
	"%w (%s)": "%w (%s)",
	"this payment method can no longer be chosen":                                                                    "ce moyen de paiement ne peut plus être choisi",
	"free / invitation is only for an order whose total is zero":                                                     "gratuit / invitation est réservé aux commandes dont le total est nul",
	"an order whose total is zero is recorded as free / invitation":                                                  "une commande dont le total est nul s'enregistre en gratuit / invitation",
	"%w, which your profile does not take: an administrator, or a profile that takes %s, places it":                  "%w, que votre profil ne prend pas : un administrateur, ou un profil qui prend %s, l'enregistre",
	"this looks like a full card number: record only the terminal reference, approval code, brand and last 4 digits": "cela ressemble à un numéro de carte complet : n'enregistrez que la référence du terminal, le code d'autorisation, la marque et les 4 derniers chiffres",
	"type the reference shown on the payment terminal":                                                               "tapez la référence affichée sur le terminal de paiement",
	"a payment reference is at most 40 characters":                                                                   "une référence de paiement a au plus 40 caractères",
	"last 4 digits: type exactly four digits":                                                                        "4 derniers chiffres : tapez exactement quatre chiffres",
	"choose a payment method":                                                                                        "choisissez un moyen de paiement",
	"payment %d: unknown payment method %q":                                                                          "paiement %d : moyen de paiement « %s » inconnu",
	"%s: %w":                                                                                                         "%s : %w",
	"%s: the order is already paid; remove this payment":                                                             "%s : la commande est déjà payée ; retirez ce paiement",
	"%s: amounts must be in %s":                                                                                      "%s : les montants doivent être en %s",
	"there is no coin for %s: type %s or %s":                                                                         "il n'y a pas de pièce pour %s : tapez %s ou %s",
	"there is no coin for %s: type %s":                                                                               "il n'y a pas de pièce pour %s : tapez %s",
	"%s: an amount cannot be negative":                                                                               "%s : un montant ne peut pas être négatif",
	"%s: %s is more than the %s left to pay":                                                                         "%s : %s, c'est plus que les %s qui restent à payer",
	"%s: type the reference shown on the payment terminal":                                                           "%s : tapez la référence affichée sur le terminal de paiement",
	"%s: no balance can be checked here":                                                                             "%s : aucun solde ne peut être vérifié ici",
	"%s: no voucher or credit numbered %q":                                                                           "%s : aucun bon ni avoir ne porte le numéro « %s »",
	"%s: voucher %s has nothing left":                                                                                "%s : le bon %s est épuisé",
	"%s: voucher %s already pays all it holds (%s) of this order":                                                    "%s : le bon %s paie déjà tout ce qu'il contient (%s) de cette commande",
	"%s is still to be paid":                                                                                         "il reste %s à payer",
	"%s: %s is a gift voucher: take it with %s":                                                                      "%s : %s est un bon cadeau : encaissez-le avec « %s »",
	"%s: %s is a gift voucher, which this box office does not take":                                                  "%s : %s est un bon cadeau, que cette billetterie ne prend pas",
	"%s: %s is an exchange credit voucher: take it with %s":                                                          "%s : %s est un avoir d'échange : encaissez-le avec « %s »",
	"%s: %s is an exchange credit voucher, which this box office does not take":                                      "%s : %s est un avoir d'échange, que cette billetterie ne prend pas",
	"the cart is empty":                                                                                              "le panier est vide",
	"code %s: %w — remove it to sell without it":                                                                     "code %s : %w — retirez-le pour vendre sans lui",
	"the exchange credit pays the whole order: take no other payment":                                                "l'avoir d'échange paie toute la commande : n'encaissez aucun autre paiement",
	"the catalog has no exchange-credit payment method":                                                              "le catalogue n'a pas de moyen de paiement pour les avoirs d'échange",
	"the amount is too large":                                                                                        "le montant est trop grand",
	"the quantity is more than one line may hold":                                                                    "la quantité dépasse ce qu'une ligne peut contenir",
	"%w: %d is more than %d":                                                                                         "%w : %d, c'est plus que %d",
	"%w: %d is more than the %d places of zone %q":                                                                   "%w : %d, c'est plus que les %d places de la zone « %s »",

	// An invoice's deposit with nowhere to go back.
	"a deposit beside an invoice goes back as a credit voucher if the invoice lapses, and this box office has no credit method: put the whole amount on the invoice, or take it all now": "un acompte à côté d'une facture est rendu en avoir si la facture échoit, et cette billetterie n'a pas de moyen de paiement pour les avoirs : mettez tout le montant sur la facture, ou encaissez-le entier maintenant",

	// Cart lines.
	"not in the catalog":                                   "absent du catalogue",
	"not on sale":                                          "pas en vente",
	"this zone is seated: choose a seat":                   "cette zone est numérotée : choisissez une place",
	"this seat is not for sale":                            "cette place n'est pas en vente",
	"this seat is already in the cart":                     "cette place est déjà dans le panier",
	"this zone has free placement: no seat to choose":      "cette zone est en placement libre : pas de place à choisir",
	"the quantity must be at least 1":                      "la quantité doit être d'au moins 1",
	"too many for one line":                                "trop pour une seule ligne",
	"quantity %d: %w (zone %q has %d places)":              "quantité %d : %w (la zone « %s » compte %d places)",
	"quantity %d: %w (at most %d)":                         "quantité %d : %w (au plus %d)",
	"kind %q is not ticket, pass, gift_voucher or product": "le genre %q n'est ni ticket, ni pass, ni gift_voucher, ni product",
	"internal: negative price":                             "erreur interne : prix négatif",
	"the form needs an answer":                             "le formulaire attend une réponse",
	"your profile does not allow selling this event":       "votre profil ne permet pas de vendre cet événement",
	"your profile does not allow selling this item":        "votre profil ne permet pas de vendre cet article",

	// Rights at the desk (seed 004).
	"your profile does not allow %s: ask an administrator":          "votre profil ne permet pas %s : demandez à un administrateur",
	"order %s was sold by someone else: your profile shows only %s": "la commande %s a été vendue par quelqu'un d'autre : votre profil ne montre que %s",
	"canceling orders":                                        "d'annuler des commandes",
	"validating invoice payments":                             "de valider des paiements sur facture",
	"exchanging tickets":                                      "d'échanger des billets",
	"reprinting tickets and receipts":                         "de réimprimer billets et quittances",
	"giving free tickets":                                     "d'offrir des billets",
	"cash in or out of the drawer":                            "d'apport ou de retrait d'espèces",
	"the Z closure":                                           "la clôture Z",
	"managing offers and codes":                               "de gérer offres et codes",
	"importing customers":                                     "d'importer des clients",
	"unlocking staff after wrong PINs":                        "de débloquer le personnel après des codes PIN erronés",
	"your profile's orders":                                   "les commandes de votre profil",
	"your own orders":                                         "vos propres commandes",
	"this performance was canceled":                           "cette représentation est annulée",
	"this performance is no longer on sale":                   "cette représentation n'est plus en vente",
	"%w: sales closed at %s":                                  "%w : ventes closes à %s",
	"custom text is longer than %d characters":                "le texte personnalisé dépasse %d caractères",
	"performance %q: %w":                                      "représentation « %s » : %w",
	"zone %q: %w":                                             "zone « %s » : %w",
	"category %q: %w":                                         "catégorie « %s » : %w",
	"a seat is sold one ticket at a time: quantity must be 1": "une place se vend billet par billet : la quantité doit être 1",
	"seat %q: %w":                                             "place « %s » : %w",
	"seat %s: %w":                                             "place %s : %w",
	"pass %q: %w":                                             "pass « %s » : %w",
	"gift voucher %q: %w":                                     "bon cadeau « %s » : %w",
	"product %q: %w":                                          "produit « %s » : %w",
	"%q: %w":                                                  "« %s » : %w",
	"%q: the answer is longer than 200 characters":            "« %s » : la réponse dépasse 200 caractères",
	"the form of %q has no question %q":                       "le formulaire de « %s » n'a pas de question « %s »",
	"category %q: %w for this performance and zone":           "catégorie « %s » : %w pour cette représentation et cette zone",
	"payment method %q: %w":                                   "moyen de paiement « %s » : %w",

	"category %q: %w for this performance and zone without the code %s, which does not apply: %v": "catégorie « %s » : %w pour cette représentation et cette zone sans le code %s, qui ne s'applique pas : %v",

	// A used code that may not be deleted (CheckDelete).
	"code %s, in offer %s, was used by %d order(s), canceled ones included: %w": "le code %s, de l'offre %s, a servi à %d commande(s), annulées comprises : %w",
	"code %s was used by %d order(s), canceled ones included: %w":               "le code %s a servi à %d commande(s), annulées comprises : %w",
	"a code that was used cannot be deleted: disable it instead":                "un code qui a servi ne peut pas être supprimé : désactivez-le plutôt",
}
