package local

import (
	"strings"

	"guichet/pos"
)

func init() {
	pos.AddSentences("fr", frenchSentences)
	// A catalog the central server sent and this register refused: the
	// refusal is kept as English text in the event log, where the status
	// line sends a manager to read it (guichet journal events).
	stored := map[string]string{}
	for _, en := range catalogRefusals {
		stored[en] = frenchSentences[en]
	}
	pos.AddStoredSentences("fr", stored)
	// The event log's details, kept as English text (guichet journal
	// events --json prints them as written, for scripts): said in French
	// in the human column.
	pos.AddStoredSentences("fr", frenchEventDetails)
	// A lost journal's figures inside journal.restored's detail: the
	// variant with the year's grand total first (the one without it would
	// take ", year's grand total …" for part of its last argument).
	pos.AddStoredSentences("fr", map[string]string{
		"perpetual grand total %s, last closures %w, year's grand total %s": "grand total perpétuel %s, dernières clôtures %s, grand total de l'année %s",
	})
	pos.AddStoredSentences("fr", map[string]string{
		"perpetual grand total %s, last closures %w": "grand total perpétuel %s, dernières clôtures %s",
	})
	// the last closure numbers (JournalFigures.String: the kinds sorted,
	// each there or not)
	kinds := map[string]string{ClosureDay: "journalière", ClosureMonth: "mensuelle", ClosureYear: "annuelle"}
	numbers := map[string]string{}
	for n := 1; n < 8; n++ {
		var en, fr []string
		for i, k := range []string{ClosureDay, ClosureMonth, ClosureYear} {
			if n&(1<<i) != 0 {
				en, fr = append(en, k+" %d"), append(fr, kinds[k]+" %s")
			}
		}
		numbers[strings.Join(en, ", ")] = strings.Join(fr, ", ")
	}
	pos.AddStoredSentences("fr", numbers)
}

// frenchEventDetails are the French of the event log's details written
// from a format (LogEvent's callers too).
var frenchEventDetails = map[string]string{
	// archive.made
	"year %s, entries %d to %d, sha256 %s": "année %s, écritures %s à %s, sha256 %s",
	// clock.jumped
	"the wall clock moved %s against the monotonic clock": "l'horloge murale a bougé de %s par rapport à l'horloge monotone",
	// journal.restored (restartJournal: its figures, %s there, are said as a sentence of their own)
	"a new journal replaces a lost one, orders, credit vouchers, shifts and customers numbered after %d, closures going on from %w": "un nouveau journal remplace un journal perdu : commandes, avoirs, services et clients numérotés après %s, clôtures reprises de %s",
	// unlock.failed (its error's English text; the wrong PIN, a sentinel, is said whole)
	"too many wrong PINs: wait %d s before trying again": "trop de codes PIN erronés : attendez %s s avant de réessayer",
}

// catalogRefusals are the formats of SetCatalog's refusals of a catalog
// pulled from the central server (catalog.go).
var catalogRefusals = []string{
	"the new catalog is in %s and this register sells in %s: it was not applied",
	"the new catalog is %s's and this register sells for %s: it was not applied; if it is another box office's, give the central server %s's catalog; if this box office is now %s, stop the register and re-point its file to the catalog the central server was given (guichet journal organiser --db %s --catalog FILE), then start it again",
}

// French words for states, put inside sentences (stateText): an order
// (la commande) and a ticket (le billet) agree differently.
var (
	frenchOrderStates = map[string]string{
		"waiting for payment":             "en attente de paiement",
		"paid":                            "payée",
		"canceled":                        "annulée",
		"lapsed (unpaid at its deadline)": "échue (impayée à son échéance)",
	}
	frenchTicketStates = map[string]string{
		"valid":     "valable",
		"canceled":  "annulé",
		"exchanged": "échangé",
	}
)

// frenchSentences are the French of the register's sentences: the formats
// of its pos.Errorf errors, and the text of its sentinel errors (pos.Say
// translates them whole).
var frenchSentences = map[string]string{
	// Sentinels (errors.New: matched by their whole text).
	"already open by another register":                  "déjà ouvert par une autre caisse",
	"wrong staff member or PIN":                         "collaborateur ou code PIN erroné",
	"no open shift: open your shift with a float first": "aucun service ouvert : ouvrez-le d'abord avec un fonds de caisse",
	"this till is closed: unlock it again":              "cette caisse est fermée : déverrouillez-la à nouveau",
	"not found":                                         "introuvable",
	"the signature does not match: this ticket was not issued by this register, or it was altered": "la signature ne correspond pas : ce billet n'a pas été émis par cette caisse, ou il a été modifié",
	"this is not a guichet ticket code (G2:…)":                                                     "ce n'est pas un code de billet guichet (G2:…)",
	"the ticket code is damaged (bad encoding)":                                                    "le code du billet est abîmé (mauvais encodage)",
	"the ticket code is damaged (wrong number of fields)":                                          "le code du billet est abîmé (nombre de champs erroné)",

	// A register's file not there (noRegisterFile).
	"no register file at %s": "aucun fichier de caisse à l'emplacement %s",
	// the same as guichet's (registerFileThere), where the person names the file
	"no register file at %s: give it with --db FILE":                                                                 "aucun fichier de caisse à l'emplacement %s : donnez-le avec --db FICHIER",
	"the register's file %s is empty (0 bytes): it holds no journal; restore it from a backup or the central server": "le fichier de caisse %s est vide (0 octet) : il ne contient aucun journal ; restaurez-le depuis une sauvegarde ou le serveur central",

	// A new journal in place of a lost one (--new-journal): its figures refused.
	"a new journal must go on from the lost journal's last closure: the perpetual grand total and the closure numbers never start again from zero (CGI art. 286). " +
		"With the central server the lost journal was pushed to, start with --central URL --token-file FILE as usual: the register reads them there. " +
		"Otherwise type them from the lost journal's last closures (closure.made, in guichet journal export of a backup of the journal, or closures.jsonl of its last yearly archive): " +
		"--after-total \"CHF 12345.60\" (perpetual_grand_total of the last closure), --after-closures DAY,MONTH,YEAR (the number of the last daily, monthly and yearly closure; 0 for a kind never made) " +
		"and, if the last closure is of this year, --after-year-total \"CHF 2345.60\" (its year_grand_total)": "un nouveau journal doit reprendre la dernière clôture du journal perdu : le grand total perpétuel et les numéros de clôture ne repartent jamais de zéro (CGI art. 286). " +
		"Avec le serveur central auquel le journal perdu était envoyé, démarrez comme d'habitude avec --central URL --token-file FICHIER : la caisse les y lit. " +
		"Sinon, tapez-les d'après les dernières clôtures du journal perdu (closure.made, dans guichet journal export d'une sauvegarde du journal, ou closures.jsonl de sa dernière archive annuelle) : " +
		"--after-total \"CHF 12345.60\" (perpetual_grand_total de la dernière clôture), --after-closures JOUR,MOIS,ANNÉE (le numéro de la dernière clôture journalière, mensuelle et annuelle ; 0 pour un genre jamais fait) " +
		"et, si la dernière clôture est de cette année, --after-year-total \"CHF 2345.60\" (son year_grand_total)",
	"closure numbers %q: type the numbers of the last daily, monthly and yearly closures, e.g. 412,13,1":                                      "numéros de clôture « %s » : tapez les numéros des dernières clôtures journalière, mensuelle et annuelle, par exemple 412,13,1",
	"closure numbers %q: %q is not a number; type the numbers of the last daily, monthly and yearly closures, e.g. 412,13,1":                  "numéros de clôture « %s » : « %s » n'est pas un nombre ; tapez les numéros des dernières clôtures journalière, mensuelle et annuelle, par exemple 412,13,1",
	"the lost journal's perpetual grand total %s is not in %s, the catalog's currency: type it as the closure wrote it, e.g. \"%s 12345.60\"": "le grand total perpétuel du journal perdu, %s, n'est pas en %s, la monnaie du catalogue : tapez-le comme la clôture l'a écrit, par exemple « %s 12345.60 »",
	"the lost journal's last %s closure number %d: type 0 or more":                                                                            "le numéro de la dernière clôture %s du journal perdu, %d : tapez 0 ou plus",
	"the lost journal's year grand total %s is not in %s, the catalog's currency":                                                             "le grand total de l'année du journal perdu, %s, n'est pas en %s, la monnaie du catalogue",

	// Shift and drawer.
	"the float is an amount in %s, zero or more":                                  "le fonds de caisse est un montant en %s, nul ou positif",
	"your shift %s is already open since %s: close it (Z) before opening another": "votre service %s est déjà ouvert depuis %s : clôturez-le (Z) avant d'en ouvrir un autre",
	"type an amount: positive to put cash in, negative to take it out":            "tapez un montant : positif pour mettre de l'argent dans la caisse, négatif pour en retirer",
	"the drawer holds %s":                                     "la caisse contient des %s",
	"type the reason for the cash movement":                   "tapez le motif du mouvement de caisse",
	"the drawer should hold only %s":                          "la caisse ne devrait contenir que %s",
	"the cash counted is an amount in %s, zero or more":       "l'argent compté est un montant en %s, nul ou positif",
	"the cash expected changed since the count was confirmed": "l'argent attendu a changé depuis la confirmation du comptage",
	"%w (%s → %s): a sale or a cash movement at another till of this shift; count the drawer again, then close": "%w (%s → %s) : une vente ou un mouvement de caisse à une autre caisse de ce service ; recomptez la caisse, puis clôturez",

	// The cart.
	"the cart is empty": "le panier est vide",
	"this box office has a staff list: name the member of staff and give their PIN": "cette billetterie a une liste du personnel : nommez le collaborateur et donnez son code PIN",
	"the cart has no line %d":                         "le panier n'a pas de ligne %d",
	"choose at least one seat":                        "choisissez au moins une place",
	"type a code":                                     "tapez un code",
	"customer %s: %w":                                 "client %s : %w",
	"%s: already sold, choose another seat":           "%s : déjà vendue, choisissez-en une autre",
	"%s: in another till's cart, choose another seat": "%s : dans le panier d'une autre caisse, choisissez-en une autre",
	"%s, %s: this register may not sell this zone":    "%s, %s : cette caisse ne peut pas vendre cette zone",
	"%s: sold out":                                    "%s : complet",
	"%s: %w":                                          "%s : %w",
	"its views were written by another version of guichet: open it once with guichet counter (or run guichet journal rebuild), then read it": "ses vues ont été écrites par une autre version de guichet : ouvrez-le une fois avec guichet counter (ou lancez guichet journal rebuild), puis lisez-le",
	"%s: %w — nothing was added":                      "%s : %w — rien n'a été ajouté",
	"%w — nothing was added (asked: %s)":              "%w — rien n'a été ajouté (demandé : %s)",
	"%w (%s) — nothing was added":                     "%w (%s) — rien n'a été ajouté",
	"%s: only %d left":                                "%s : il n'en reste que %d",
	"%s: %d left beside the %d in the cart, %d asked": "%s : il en reste %d en plus des %d du panier, demandé : %d",
	"%s: %d left beside the %d in the cart, %d asked, %d more in another till's cart":             "%s : il en reste %d en plus des %d du panier, demandé : %d, et %d dans le panier d'une autre caisse",
	"%s: only %d left, fewer than the %d in the cart":                                             "%s : il n'en reste que %d, moins que les %d du panier",
	"%s has %d places: %d asked beside the %d already on the line":                                "%s compte %d places : %d demandés en plus des %d déjà sur la ligne",
	"a line holds at most %d tickets: %d asked beside the %d already on it":                       "une ligne contient au plus %d billets : %d demandés en plus des %d déjà dessus",
	"%s: the places left are in another till's cart, they may come back on sale in a few minutes": "%s : les places restantes sont dans le panier d'une autre caisse, elles peuvent revenir en vente dans quelques minutes",
	"%s: only %d left, %d more in another till's cart":                                            "%s : il n'en reste que %d, et %d dans le panier d'une autre caisse",
	"code %s: %w — remove it to sell without it":                                                  "code %s : %w — retirez-le pour vendre sans lui",
	"the catalog has no exchange-credit payment method":                                           "le catalogue n'a pas de moyen de paiement pour les avoirs d'échange",

	// Orders and tickets at the desk.
	"order %s: %w":  "commande %s : %w",
	"ticket %s: %w": "billet %s : %w",
	"pass %s: %w":   "pass %s : %w",
	// kiosk.go
	"payment %s: %w": "paiement %s : %w",
	"the catalog has a member of staff called %q: that id is the kiosk's own, rename them":           "le catalogue a un membre du personnel nommé %q : ce nom est celui du kiosque, renommez-le",
	"order %s is %s, not waiting for an invoice payment":                                             "la commande %s est %s, elle n'attend pas de paiement sur facture",
	"customer %s (%s) already has the e-mail %s: choose them, or record this customer as sharing it": "le client %s (%s) a déjà l'adresse e-mail %s : choisissez-le, ou enregistrez ce client comme la partageant",
	"type the bank transfer's reference to validate order %s: it is how its payment is found again":  "tapez la référence du virement pour valider la commande %s : c'est elle qui permet de retrouver son paiement",
	"order %s has no pending payment":                                                                "la commande %s n'a pas de paiement en attente",
	"type why the order is canceled":                                                                 "tapez pourquoi la commande est annulée",
	"order %s has no cancellation recorded at journal entry %d: %w":                                  "la commande %s n'a pas d'annulation enregistrée à l'écriture %d du journal : %w",
	"order %s is already canceled":                                                                   "la commande %s est déjà annulée",
	"ticket %s of order %s was exchanged: cancel the order it went to, or exchange the others":       "le billet %s de la commande %s a été échangé : annulez la commande où il est allé, ou échangez les autres",
	"type the order number or e-mail, and the ticket numbers to exchange":                            "tapez le numéro de commande ou l'e-mail, et les numéros des billets à échanger",
	"ticket %s is listed twice":                                                                      "le billet %s figure deux fois",
	"ticket %s was not bought by %s":                                                                 "le billet %s n'a pas été acheté par %s",
	"ticket %s is not in order %s":                                                                   "le billet %s n'est pas dans la commande %s",
	"order %s is %s: only paid tickets can be exchanged":                                             "la commande %s est %s : seuls les billets payés peuvent être échangés",
	"ticket %s is already %s":                                                                        "le billet %s est déjà %s",
	"%s is not a ticket or pass: it cannot be exchanged":                                             "%s n'est ni un billet ni un abonnement : il ne peut pas être échangé",
	"ticket %s is %s: it cannot be printed again":                                                    "le billet %s est %s : il ne peut pas être réimprimé",

	// An exchange into a cart that holds one already.
	"the cart already holds the exchange credit of %s: record its sale or clear the cart first (a customer's tickets from several orders are exchanged together, by their e-mail)": "le panier contient déjà l'avoir d'échange de %s : enregistrez sa vente ou videz d'abord le panier (les billets de plusieurs commandes d'un client s'échangent ensemble, par son e-mail)",

	// Promo codes (management).
	"there is no offer %q in the catalog":                             "il n'y a pas d'offre « %s » dans le catalogue",
	"offer %q is automatic: it applies without a code":                "l'offre « %s » est automatique : elle s'applique sans code",
	"there is no code %s":                                             "il n'y a pas de code %s",
	"the quantity allowed is a number of orders, 0 for unlimited":     "la quantité autorisée est un nombre de commandes, 0 pour illimité",
	"code %s was used by %d orders: allow at least %d, or disable it": "le code %s a servi à %d commandes : autorisez-en au moins %d, ou désactivez-le",

	"the code %s cannot be removed: %w without it: remove that line first, or keep the code":                                 "le code %s ne peut pas être retiré : %w sans lui : retirez d'abord cette ligne, ou gardez le code",
	"code %s is disabled in the catalog: enable it there (the catalog file, or guichetd codes enable with a central server)": "le code %s est désactivé dans le catalogue : activez-le là (le fichier du catalogue, ou guichetd codes enable avec un serveur central)",

	// Printing and staff.
	"%s has no wrong PINs to clear":                      "%s n'a pas de codes PIN erronés à effacer",
	"too many wrong PINs: wait %d s before trying again": "trop de codes PIN erronés : attendez %d s avant de réessayer",
	"say why print job %s is dropped":                    "dites pourquoi la tâche d'impression %s est abandonnée",
	"print job %s is a paper of shift %s's Z closure: it is never dropped (the next paper of the Z is numbered DUPLICATA after it); it prints once the printer is back": "la tâche d'impression %s est un exemplaire de la clôture Z du service %s : elle n'est jamais abandonnée (l'exemplaire suivant du Z est numéroté DUPLICATA après elle) ; elle s'imprime dès que l'imprimante est de retour",

	// Invoices paid later.
	"unknown payment method %q": "moyen de paiement « %s » inconnu",
	"an invoice is paid with money: choose cash, a card, or the invoice itself for a bank transfer, not %s": "une facture se paie en argent : choisissez les espèces, une carte, ou la facture elle-même pour un virement, pas %s",
	"a till session is a login, a logout or payments left, not %q":                                          "une session de caisse est une ouverture, une fermeture ou des paiements laissés, pas « %s »",
	"credit voucher %s: %w": "avoir %s : %w",
	"shift %s: %w":          "service %s : %w",

	"gift voucher %s was already spent: it can no longer be canceled":                                                                   "le bon cadeau %s a déjà été utilisé : il ne peut plus être annulé",
	"gift voucher %s was already spent: it can no longer be canceled; cancel the order's other tickets alone":                           "le bon cadeau %s a déjà été utilisé : il ne peut plus être annulé ; annulez à part les autres billets de la commande",
	"ticket %[1]s was let in at %[3]s (door: %[2]s): it was used, it can no longer be canceled; cancel the order's other tickets alone": "le billet %[1]s est entré à %[3]s (porte : %[2]s) : il a servi, il ne peut plus être annulé ; annulez à part les autres billets de la commande",

	// catalog.go: a central server's catalog the register cannot take.
	"the new catalog is in %s and this register sells in %s: it was not applied": "le nouveau catalogue est en %s et cette caisse vend en %s : il n'a pas été appliqué",

	// organiser.go: a catalog of another organiser than the file's.
	"%s is the register of %s; the catalog given is %s's: give the box office's catalog with --catalog FILE; if it is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db %s --catalog FILE":    "%s est la caisse de %s ; le catalogue donné est celui de %s : donnez le catalogue de la billetterie avec --catalog FICHIER ; si c'est le catalogue de la billetterie elle-même sous un nouveau nom, rattachez-y le fichier : guichet journal organiser --db %s --catalog FICHIER",
	"%s is the register of %s; the catalog given is %s's (%s): give the box office's catalog with --catalog FILE; if %s is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db %s --catalog %s": "%s est la caisse de %s ; le catalogue donné est celui de %s (%s) : donnez le catalogue de la billetterie avec --catalog FICHIER ; si %s est le catalogue de la billetterie elle-même sous un nouveau nom, rattachez-y le fichier : guichet journal organiser --db %s --catalog %s",
	"say who re-points the register's file: the journal records it (--staff ID)":                                  "dites qui rattache le fichier de la caisse : le journal l'enregistre (--staff ID)",
	"the catalog names no organiser (organiser.name): a register's file is re-pointed only to a named one":        "le catalogue ne nomme aucun organisateur (organiser.name) : le fichier d'une caisse n'est rattaché qu'à un organisateur nommé",
	"%s is the register of %s; the catalog given is %s's (%s): give the box office's catalog with --catalog FILE": "%s est la caisse de %s ; le catalogue donné est celui de %s (%s) : donnez le catalogue de la billetterie avec --catalog FICHIER",

	// catalog.go: a catalog pulled from the central server of another organiser.
	"the new catalog is %s's and this register sells for %s: it was not applied; if it is another box office's, give the central server %s's catalog; if this box office is now %s, stop the register and re-point its file to the catalog the central server was given (guichet journal organiser --db %s --catalog FILE), then start it again": "le nouveau catalogue est celui de %s et cette caisse vend pour %s : il n'a pas été appliqué ; si c'est celui d'une autre billetterie, donnez au serveur central le catalogue de %s ; si cette billetterie est désormais %s, arrêtez la caisse et rattachez son fichier au catalogue donné au serveur central (guichet journal organiser --db %s --catalog FICHIER), puis redémarrez-la",
}
