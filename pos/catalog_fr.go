package pos

// The French of a catalog's problems (catalog_load.go, catalog_methods.go,
// offer.go, offer_register.go, offer_labels.go, payment.go, rights.go,
// email.go, code.go): a French manager loading a catalog, typing an offer
// or a code, or reading why the central server's catalog was refused, met
// them in English. The ids, the fields' names and the values the file
// takes are the file's own, as they are.
func init() {
	AddSentences(French, catalogFrench)
	// A kiosk's refusal of a catalog (KioskPays), kept as English text in
	// the event log (guichet journal events).
	// The one without methods first: the other's %s would match it too.
	for _, en := range []string{
		`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has none of that kind yet)`,
		`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has %s)`,
	} {
		AddStoredSentences(French, map[string]string{en: frenchSentences[en]})
	}
}

var catalogFrench = map[string]string{
	"%d problems:\n  %s":                "%d problèmes :\n  %s",
	"%d problems:\n  %s\n  and %d more": "%d problèmes :\n  %s\n  et %d de plus",
	"catalog %s: %w":                    "catalogue %s : %w",

	// Where a problem is: the place it names, each problem's first words.
	"venue %q zone %q":      "lieu « %s », zone « %s »",
	"price list %q":         "liste de prix « %s »",
	"%s category %q":        "%s, catégorie « %s »",
	"event %q":              "événement « %s »",
	"event %q exchange fee": "frais d'échange de l'événement « %s »",
	"performance %q":        "représentation « %s »",
	"pass %q":               "pass « %s »",
	"gift voucher %q":       "bon cadeau « %s »",
	"%s min_amount":         "%s, min_amount",
	"%s max_amount":         "%s, max_amount",
	"product %q":            "produit « %s »",
	"offer %q":              "offre « %s »",
	"%s amount":             "%s, amount",
	"%s scope item %q":      "%s, élément « %s » de la portée",
	"payment method %q":     "moyen de paiement « %s »",
	"%s minimum":            "%s, minimum",
	"%s fee per order":      "%s, frais par commande",
	"%s fee per ticket":     "%s, frais par billet",

	// The file itself (catalog_load.go, catalog_json.go, catalog_keys.go):
	// where it is not JSON, or a field is misspelt or of the wrong kind.
	"catalog %s: the file is %d bytes, more than the %d a catalog may have":         "catalogue %s : le fichier fait %d octets, plus que les %d qu'un catalogue peut avoir",
	"catalog %s: line %d: something follows the catalog's closing brace; remove it": "catalogue %s : ligne %d : quelque chose suit l'accolade fermante du catalogue ; retirez-le",
	"line %d, column %d": "ligne %d, colonne %d",
	"the file is empty: a catalog is an object, {\"organiser\": ..., \"events\": ...}":                    "le fichier est vide : un catalogue est un objet, {\"organiser\": ..., \"events\": ...}",
	"%s%s: the file ends before the catalog does: a closing } or ] is missing, or the file was cut short": "%s%s : le fichier s'arrête avant la fin du catalogue : il manque une accolade fermante } ou un crochet fermant ], ou le fichier a été tronqué",
	"%s%s: a comma before %s: remove the comma after the last item":                                       "%s%s : une virgule avant %s : retirez la virgule après le dernier élément",
	"%s%s: a comma is missing before %s, after the item before it":                                        "%s%s : il manque une virgule avant %s, après l'élément qui le précède",
	"%s%s: the file is not valid JSON here (%s): a missing comma or quote, or one too many?":              "%s%s : le fichier n'est pas du JSON valable ici (%s) : une virgule ou un guillemet manquant, ou en trop ?",
	"%s, in %s: %s, not %s":                                  "%s, dans %s : %s, pas %s",
	"%s%s: %q is not a field of %s; check its spelling (%w)": "%s%s : « %s » n'est pas un champ %s ; vérifiez son orthographe (%w)",
	"the fields it takes: %s":                                "les champs admis : %s",
	"did you mean %q?":                                       "vouliez-vous dire « %s » ?",
	"%s: %q is given twice in the same object; keep one":     "%s : « %s » figure deux fois dans le même objet ; gardez-en un",

	// Dates (catalog_dates.go).
	"%q: a relative date is written like \"+3d 20:00\"":         "« %s » : une date relative s'écrit comme \"+3d 20:00\"",
	"%q: time of day should be like 20:00":                      "« %s » : l'heure s'écrit comme 20:00",
	"%q: write a date as \"2026-12-12 20:00\" or \"+3d 20:00\"": "« %s » : écrivez une date comme \"2026-12-12 20:00\" ou \"+3d 20:00\"",
	"%q: a relative week is written like \"+2w sat 20:00\"":     "« %s » : une semaine relative s'écrit comme \"+2w sat 20:00\"",

	// Amounts (money.go).
	"amount %q: write it as currency and number, e.g. \"CHF 12.50\"": "montant « %s » : écrivez-le avec la monnaie et le nombre, par exemple \"CHF 12.50\"",
	"amount %q: unknown currency %q":                                 "montant « %s » : monnaie « %s » inconnue",
	"amount %q: %w":                                                  "montant « %s » : %w",
	"no number":                                                      "aucun nombre",
	"more than %d decimals":                                          "plus de %d décimales",
	"%q is not a number":                                             "« %s » n'est pas un nombre",
	"amount too large":                                               "montant trop grand",
	"amounts in different currencies":                                "montants en monnaies différentes",
	"%w (%s and %s)":                                                 "%w (%s et %s)",

	// Codes (code.go).
	"code %q: a code has %d to %d characters":                                                            "code « %s » : un code a %d à %d caractères",
	"code %q: use letters, digits, '-' and '_' only":                                                     "code « %s » : n'utilisez que des lettres, des chiffres, « - » et « _ »",
	"code %q: a code starts with a letter or a digit (a spreadsheet reads %q as the start of a formula)": "code « %s » : un code commence par une lettre ou un chiffre (un tableur lit %q comme le début d'une formule)",
	"code %s already exists":                                                                             "le code %s existe déjà",
	"code %s already exists, in offer %s":                                                                "le code %s existe déjà, dans l'offre %s",
	"code %q is not normalised (internal)":                                                               "le code « %s » n'est pas normalisé (erreur interne)",
	"%v":                                                                                                 "%v",
	"code %s: max uses cannot be negative":                                                               "code %s : le nombre d'utilisations ne peut pas être négatif",
	"code %s: no offer":                                                                                  "code %s : aucune offre",
	"code %s is listed twice":                                                                            "le code %s figure deux fois",
	"%s code %s: max_uses cannot be negative":                                                            "%s, code %s : max_uses ne peut pas être négatif",

	// Ids (catalog_load.go).
	"%s number %d has no id":                                    "%s n° %d : pas d'identifiant",
	"%s %q: an id may not hold control characters or \"|\"":     "%s « %s » : un identifiant ne peut contenir ni caractères de contrôle ni « | »",
	"%s %q is defined twice":                                    "%s « %s » : défini deux fois",
	"%s: an id may not hold control characters or \"|\"":        "%s : un identifiant ne peut contenir ni caractères de contrôle ni « | »",
	"an offer's id is 1 to 40 letters, digits, - or _ (not %q)": "l'identifiant d'une offre compte 1 à 40 lettres, chiffres, - ou _ (pas « %s »)",

	// The organiser.
	"organiser: currency %q is not one the register knows (CHF, EUR, USD, GBP, JPY)":                            "organiser : la monnaie « %s » n'est pas une de celles que la caisse connaît (CHF, EUR, USD, GBP, JPY)",
	"organiser: languages is empty; list the languages the counter speaks, the default first: [\"fr\", \"en\"]": "organiser : languages est vide ; listez les langues que parle le guichet, celle par défaut en premier : [\"fr\", \"en\"]",
	"organiser: vat_rate_bp %d is not a rate between 0 and 10000 (810 is 8.1 %%)":                               "organiser : vat_rate_bp %d n'est pas un taux entre 0 et 10000 (810 vaut 8,1 %%)",
	"organiser: unknown time zone %q":           "organiser : fuseau horaire « %s » inconnu",
	"organiser: %s %q is not an e-mail address": "organiser : %s « %s » n'est pas une adresse e-mail",

	// Amounts and rates.
	"%s: amount %s is not in the organiser's currency %s":                  "%s : le montant %s n'est pas dans la monnaie de l'organisateur, %s",
	"%s: negative amount %s":                                               "%s : montant négatif %s",
	"%s: amount is zero":                                                   "%s : le montant est nul",
	"%s: amount %s is more than the register takes (%s)":                   "%s : le montant %s dépasse ce que la caisse accepte (%s)",
	"%s: vat_rate_bp %d is not a rate between 0 and 10000 (810 is 8.1 %%)": "%s : vat_rate_bp %d n'est pas un taux entre 0 et 10000 (810 vaut 8,1 %%)",

	// Venues, zones, rows and seats.
	"%d performances: a catalog holds at most %d; split the season": "%d représentations : un catalogue en contient au plus %d ; découpez la saison",
	"venue %q has no zone":                                                    "le lieu « %s » n'a aucune zone",
	"venue %q: %d zones; a venue has at most %d":                              "lieu « %s » : %d zones ; un lieu en a au plus %d",
	"%s: zone id missing or used twice":                                       "%s : identifiant de zone manquant ou employé deux fois",
	"%s: capacity %d is not between 1 and %d":                                 "%s : la capacité %d n'est pas entre 1 et %d",
	"%s: %d rows; a zone has at most %d":                                      "%s : %d rangs ; une zone en a au plus %d",
	"%s: a general-admission zone needs a capacity above zero":                "%s : une zone en placement libre a besoin d'une capacité supérieure à zéro",
	"%s: a seated zone takes its capacity from its rows; remove \"capacity\"": "%s : une zone numérotée tire sa capacité de ses rangs ; retirez \"capacity\"",
	"%s: a row has no name":                                                   "%s : un rang n'a pas de nom",
	"%s row %q: a row name may not hold control characters or \"|\"":          "%s, rang « %s » : un nom de rang ne peut contenir ni caractères de contrôle ni « | »",
	"%s row %q: the venues have more than %d seats in all":                    "%s, rang « %s » : les lieux ont plus de %d places en tout",
	"%s row %q: no seats":                                                     "%s, rang « %s » : aucune place",
	"%s: seat %s appears twice":                                               "%s : la place %s figure deux fois",
	"%s row %q: blocked seat %d is not in the row":                            "%s, rang « %s » : la place bloquée %d n'est pas dans le rang",
	"%s row %q: %d seats; a row has 1 to %d":                                  "%s, rang « %s » : %d places ; un rang en a de 1 à %d",
	"%s row %q: %d seat numbers; a row has at most %d":                        "%s, rang « %s » : %d numéros de place ; un rang en a au plus %d",
	"%s row %q: seats numbered from %d; seat numbers go from 1 to %d":         "%s, rang « %s » : places numérotées à partir de %d ; les numéros de place vont de 1 à %d",
	"%s row %q: seat number %d; seat numbers go from 0 to %d":                 "%s, rang « %s » : place numéro %d ; les numéros de place vont de 0 à %d",
	"%s: capacity for %q, which is not a general-admission zone of venue %q":  "%s : une capacité pour « %s », qui n'est pas une zone en placement libre du lieu « %s »",
	"%s: capacity %d for zone %q must be between 0 and the venue's %d":        "%s : la capacité %d de la zone « %s » doit être entre 0 et les %d du lieu",
	"%s: blocked seat %q is not a seat of venue %q":                           "%s : la place bloquée « %s » n'est pas une place du lieu « %s »",

	// Categories, prices, events, performances.
	"category %q has no name": "la catégorie « %s » n'a pas de nom",
	"category %q: a form question needs an id without control characters or \"|\"": "catégorie « %s » : une question du formulaire a besoin d'un identifiant sans caractères de contrôle ni « | »",
	"%s: unknown category %q":                                "%s : catégorie « %s » inconnue",
	"%s: category %q has two prices for zone %q":             "%s : la catégorie « %s » a deux prix pour la zone « %s »",
	"event %q: unknown venue %q":                             "événement « %s » : lieu « %s » inconnu",
	"event %q: ticket format %q is not spectacle or cinema":  "événement « %s » : le format de billet « %s » n'est ni spectacle ni cinema",
	"event %q: exchanges until_hours_before is zero or more": "événement « %s » : until_hours_before des échanges vaut zéro ou plus",
	"%s: start %v":                                 "%s : début %v",
	"%s: unknown price list %q":                    "%s : liste de prix « %s » inconnue",
	"%s: unknown event %q":                         "%s : événement « %s » inconnu",
	"%s: unknown performance %q":                   "%s : représentation « %s » inconnue",
	"%s: unknown pass %q":                          "%s : pass « %s » inconnu",
	"%s: unknown profile %q":                       "%s : profil « %s » inconnu",
	"%s: performance %q is not a date of event %q": "%s : la représentation « %s » n'est pas une date de l'événement « %s »",
	"%s: zone %q is not in the venue of event %q":  "%s : la zone « %s » n'est pas dans le lieu de l'événement « %s »",

	// Passes and gift vouchers.
	"pass %q: unknown event %q":                      "pass « %s » : événement « %s » inconnu",
	"pass %q: unknown performance %q":                "pass « %s » : représentation « %s » inconnue",
	"%s: validity_months is zero or more":            "%s : validity_months vaut zéro ou plus",
	"%s: max_amount is below min_amount":             "%s : max_amount est inférieur à min_amount",
	"%s: min_amount and max_amount need free_amount": "%s : min_amount et max_amount demandent free_amount",

	// Profiles and staff (catalog_load.go, rights.go).
	"profile %q: unknown event %q":                       "profil « %s » : événement « %s » inconnu",
	"profile %q: unknown payment method %q":              "profil « %s » : moyen de paiement « %s » inconnu",
	"profile %q: unknown offer %q":                       "profil « %s » : offre « %s » inconnue",
	"profile %q: unknown %s %q":                          "profil « %s » : %s « %s » inconnu",
	"profile %q: orders is own, profile or all, not %q":  "profil « %s » : orders vaut own, profile ou all, pas « %s »",
	"profile %q: unknown action %q (known: %s)":          "profil « %s » : action « %s » inconnue (connues : %s)",
	"staff %q: a reseller needs a known profile, not %q": "personnel « %s » : un revendeur a besoin d'un profil connu, pas « %s »",
	"staff %q: role %q is not admin or reseller":         "personnel « %s » : le rôle « %s » n'est ni admin ni reseller",
	"staff %q: a PIN is digits only":                     "personnel « %s » : un code PIN n'a que des chiffres",
	"staff %q: the PIN needs at least 4 digits":          "personnel « %s » : le code PIN a au moins 4 chiffres",
	"staff %q: the PIN has at most %d digits":            "personnel « %s » : le code PIN a au plus %d chiffres",

	// Payment methods (catalog_methods.go, payment.go, email.go).
	"payment_methods: there is none, so no sale can be paid; add one, e.g. {\"id\": \"cash\", \"kind\": \"cash\", \"name\": \"Cash\", \"staff\": true}":                                        "payment_methods : il n'y en a aucun, aucune vente ne peut donc être payée ; ajoutez-en un, par exemple {\"id\": \"cash\", \"kind\": \"cash\", \"name\": \"Espèces\", \"staff\": true}",
	"payment_methods: none is offered at the counter, so every sale there would be refused; add \"staff\": true to the methods staff take (%s)":                                                "payment_methods : aucun n'est proposé au guichet, toute vente y serait donc refusée ; ajoutez \"staff\": true aux moyens que le personnel encaisse (%s)",
	"profile %q: none of its payment methods (%s) is offered at the counter, so its resellers could sell nothing; list one with \"staff\": true (%s) or add \"staff\": true to one of its own": "profil « %s » : aucun de ses moyens de paiement (%s) n'est proposé au guichet, ses revendeurs ne pourraient donc rien vendre ; listez-en un qui a \"staff\": true (%s) ou ajoutez \"staff\": true à l'un des siens",
	"%s: kind %q is not one of cash, card, postcard, twint, invoice, free, voucher, credit":                                                                                                    "%s : le genre « %s » n'est pas un de cash, card, postcard, twint, invoice, free, voucher, credit",
	"%s: fee_percent_bp is between 0 and 10000 (100 %%)":                                  "%s : fee_percent_bp est entre 0 et 10000 (100 %%)",
	"%s: free / invitation records orders whose total is zero: it takes no fee":           "%s : gratuit / invitation enregistre des commandes dont le total est nul : il ne prend pas de frais",
	"%s: an invoice needs deadline_days above zero":                                       "%s : une facture a besoin de deadline_days supérieur à zéro",
	"%s: available_until %v":                                                              "%s : available_until %v",
	"payment method %q: only an invoice has reminder_days":                                "moyen de paiement « %s » : seule une facture a des reminder_days",
	"payment method %q: a reminder %d days before the deadline is not within its %d days": "moyen de paiement « %s » : un rappel %d jours avant l'échéance n'est pas dans ses %d jours",

	// E-mails (email.go).
	"emails: before_show days is %d; the e-mail before the show goes at least 2 days before": "emails : before_show vaut %d jours ; l'e-mail d'avant le spectacle part au moins 2 jours avant",
	"emails: template %q is not one of %s":                                                   "emails : le modèle « %s » n'est pas un de %s",
	"emails: template %s: language %q is not fr or en":                                       "emails : modèle %s : la langue « %s » n'est ni fr ni en",
	"emails: template %s (%s) %s: %v":                                                        "emails : modèle %s (%s) %s : %v",

	// Offers (offer.go, offer_labels.go).
	"%s has no name (customers see it when the offer applies)":                       "%s : pas de nom (les clients le voient quand l'offre s'applique)",
	"%s: percent_bp %d must be between 1 and 10000 (2000 = 20 %%)":                   "%s : percent_bp %d doit être entre 1 et 10000 (2000 = 20 %%)",
	"%s: effect %q is not percent, amount_per_ticket, amount_off_cart or price_list": "%s : l'effet « %s » n'est pas percent, amount_per_ticket, amount_off_cart ou price_list",
	"%s: percent_bp is only for a percent offer":                                     "%s : percent_bp n'est que pour une offre percent",
	"%s: amount is only for an amount_per_ticket or amount_off_cart offer":           "%s : amount n'est que pour une offre amount_per_ticket ou amount_off_cart",
	"%s: price_list is only for a price_list offer":                                  "%s : price_list n'est que pour une offre price_list",
	"%s: ticket limits cannot be negative":                                           "%s : les limites de billets ne peuvent pas être négatives",
	"%s: valid_from %v":                                                              "%s : valid_from %v",
	"%s: valid_until %v":                                                             "%s : valid_until %v",
	"%s: valid_until is before valid_from":                                           "%s : valid_until est avant valid_from",
	"%s: %s takes containing or not_containing, not both":                            "%s : %s prend containing ou not_containing, pas les deux",
	"%s: an automatic offer applies without a code; remove its codes":                "%s : une offre automatique s'applique sans code ; retirez ses codes",
	"%s: %v": "%s : %v",
	"%s: code %s is already a code of offer %q":                    "%s : le code %s est déjà un code de l'offre « %s »",
	"%s: quota and per_order cannot be negative":                   "%s : quota et per_order ne peuvent pas être négatifs",
	"%s: a pass item names only a pass":                            "%s : un élément pass ne nomme qu'un pass",
	"%s: list passes under \"passes\", not \"events\"":             "%s : listez les pass sous \"passes\", pas \"events\"",
	"%s: %s names the label %q, which nothing carries (known: %s)": "%s : %s nomme l'étiquette « %s », que rien ne porte (connues : %s)",

	// An import file refused (code_csv.go, customer_csv.go).
	"nothing was imported: fix the file and import it again (%s)": "rien n'a été importé : corrigez le fichier et importez-le à nouveau (%s)",
	"%d problems": "%d problèmes",
	"1 problem":   "1 problème",
	"%s":          "%s",
	"the header row has no \"code\" column (see guichet codes example)":                          "la ligne d'en-tête n'a pas de colonne \"code\" (voir guichet codes example)",
	"the file has %d codes: at most %d can be imported at once; split it into several files":     "le fichier a %d codes : au plus %d peuvent être importés à la fois ; découpez-le en plusieurs fichiers",
	"the file has a header row but no codes":                                                     "le fichier a une ligne d'en-tête mais aucun code",
	"no code":                                                                                    "pas de code",
	"code %s is a duplicate of line %d":                                                          "le code %s est un doublon de la ligne %d",
	"max_uses %q should be a whole number of orders (0 or empty: unlimited)":                     "max_uses « %s » devrait être un nombre entier de commandes (0 ou vide : illimité)",
	"disabled %q should be yes or no":                                                            "disabled « %s » devrait être oui ou non (yes ou no)",
	"the file is not UTF-8 text: save it as \"CSV UTF-8\"":                                       "le fichier n'est pas du texte UTF-8 : enregistrez-le en \"CSV UTF-8\"",
	"the file is empty: it needs a header row (see %s)":                                          "le fichier est vide : il lui faut une ligne d'en-tête (voir %s)",
	"unknown column %q: the columns are %s (see %s)":                                             "colonne « %s » inconnue : les colonnes sont %s (voir %s)",
	"the header row has no first_name, last_name or name column (see guichet customers example)": "la ligne d'en-tête n'a pas de colonne first_name, last_name ou name (voir guichet customers example)",
	"more than %d customers: split the file":                                                     "plus de %d clients : découpez le fichier",
	"newsletter is yes or no, not %q":                                                            "newsletter vaut oui ou non (yes ou no), pas « %s »",
	"the file has no customers, only its header row":                                             "le fichier n'a aucun client, seulement sa ligne d'en-tête",
	"%s is a duplicate of line %d":                                                               "%s est un doublon de la ligne %d",
}
