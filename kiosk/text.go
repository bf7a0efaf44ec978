package kiosk

import (
	"fmt"
	"strings"

	"guichet/pos"
)

// The kiosk's words, for a customer: short sentences, no till jargon. Every
// key has both languages (TestEveryTextHasBothLanguages).
var texts = map[string][2]string{ // fr, en
	"lang.other":           {"F2 · English", "F2 · Français"},
	"attract.press":        {"Appuyez sur une touche pour acheter des billets", "Press any key to buy tickets"},
	"attract.today":        {"Aujourd'hui", "Today"},
	"attract.next":         {"Prochainement", "Coming up"},
	"attract.buy":          {"Acheter des billets", "Buy tickets"},
	"attract.swap":         {"Échanger des billets", "Exchange tickets"},
	"attract.paused":       {"Les ventes sont suspendues : l'imprimante a besoin d'un membre du personnel.", "Sales are paused: the printer needs a member of staff."},
	"attract.counter":      {"Merci de vous adresser au guichet.", "Please ask at the counter."},
	"perf.title":           {"Choisissez un spectacle", "Choose a show"},
	"perf.search":          {"Tapez pour chercher : %s", "Type to search: %s"},
	"perf.none":            {"Aucun spectacle ne correspond.", "No show matches."},
	"wait.moment":          {"Un instant…", "One moment…"},
	"perf.soldout":         {"complet", "sold out"},
	"zone.title":           {"Où voulez-vous être ?", "Where would you like to sit?"},
	"zone.left":            {"%d place libre|%d places libres", "%d place left|%d places left"},
	"zone.yours":           {"%d dans votre commande", "%d in your order"},
	"seat.title":           {"Choisissez vos places", "Choose your seats"},
	"seat.legend":          {"○ libre   ● votre choix   × pris", "○ free   ● your choice   × taken"},
	"seat.help":            {"Flèches pour bouger, Entrée pour prendre ou rendre une place.", "Arrows to move, Enter to take or give back a seat."},
	"qty.title":            {"Combien de billets ?", "How many tickets?"},
	"qty.help":             {"← → ou - + pour changer le nombre.", "← → or - + to change the number."},
	"continue":             {"Continuer ▶", "Continue ▶"},
	"back":                 {"Échap : retour", "Esc: back"},
	"keys.choose":          {"↑ ↓ · Entrée", "↑ ↓ · Enter"},
	"cart.title":           {"Votre commande", "Your order"},
	"cart.help":            {"← → pour changer le tarif des billets de la ligne.", "← → to change the price of the line's tickets."},
	"cart.code":            {"J'ai un code promo", "I have a promo code"},
	"cart.tickets":         {"%d billet|%d billets", "%d ticket|%d tickets"},
	"cart.more":            {"Ajouter d'autres billets", "Add more tickets"},
	"cart.pay":             {"Payer %s", "Pay %s"},
	"cart.confirm":         {"Confirmer l'échange", "Confirm the exchange"},
	"cart.free":            {"Confirmer la commande (rien à payer)", "Confirm the order (nothing to pay)"},
	"cart.cancel":          {"Tout annuler", "Cancel everything"},
	"cart.ask":             {"Tout annuler ? Entrée pour confirmer, Échap pour garder", "Cancel everything? Enter to confirm, Esc to keep it"},
	"cart.asktouch":        {"Écran tactile : touchez la question pour confirmer, ailleurs pour garder.", "Touch screen: touch the question to confirm, elsewhere to keep your order."},
	"cart.total":           {"Total : %s", "Total: %s"},
	"cart.credit":          {"Vos billets échangés : %s", "Your exchanged tickets: %s"},
	"cart.empty":           {"Votre commande est vide.", "Your order is empty."},
	"cart.offer":           {"Code %s appliqué", "Code %s applied"},
	"code.title":           {"Votre code promo", "Your promo code"},
	"code.help":            {"Tapez le code puis Entrée.", "Type the code, then Enter."},
	"code.ok":              {"Le code %s est appliqué.", "The code %s is applied."},
	"pay.title":            {"Comment voulez-vous payer ?", "How would you like to pay?"},
	"pay.due":              {"À payer : %s", "To pay: %s"},
	"pay.fees":             {"(dont %s de frais)", "(fees %s included)"},
	"pay.none":             {"Aucun moyen de paiement n'est disponible ici. Merci de vous adresser au guichet.", "No way to pay is available here. Please ask at the counter."},
	"pay.wait":             {"Suivez les instructions sur le terminal de paiement.", "Follow the instructions on the payment terminal."},
	"pay.amount":           {"Montant : %s", "Amount: %s"},
	"pay.declined":         {"Le paiement a été refusé. Réessayez, choisissez un autre moyen, ou Échap pour revenir à votre commande.", "The payment was declined. Try again, choose another way to pay, or press Esc to go back to your order."},
	"pay.cancelled":        {"Le paiement a été annulé sur le terminal. Réessayez, ou Échap pour revenir à votre commande.", "The payment was cancelled on the terminal. Try again, or press Esc to go back to your order."},
	"pay.timeout":          {"Le terminal n'a pas reçu de paiement. Réessayez, ou Échap pour revenir à votre commande.", "The terminal did not receive a payment. Try again, or press Esc to go back to your order."},
	"pay.unknown":          {"Le terminal de paiement ne répond pas. Rien n'a été enregistré : merci de vous adresser au guichet (paiement %s).", "The payment terminal does not answer. Nothing was recorded: please ask at the counter (payment %s)."},
	"pay.lost":             {"Un paiement précédent a été accepté par le terminal pour un autre panier. Pour ne pas vous débiter deux fois, merci de vous adresser au guichet (paiement %s).", "An earlier payment was accepted by the terminal for another cart. So that you are not charged twice, please ask at the counter (payment %s)."},
	"pay.refund":           {"Votre paiement a été accepté mais la commande n'a pas pu être enregistrée. Merci de vous adresser au guichet (paiement %s) : vous serez remboursé.", "Your payment was accepted but the order could not be recorded. Please ask at the counter (payment %s): you will be refunded."},
	"done.thanks":          {"Merci !", "Thank you!"},
	"done.order":           {"Commande %s", "Order %s"},
	"done.printing":        {"Vos billets s'impriment ci-dessous.", "Your tickets are printing below."},
	"done.voucher":         {"Bon d'avoir %s : %s (imprimé)", "Credit voucher %s: %s (printed)"},
	"done.qr":              {"Entrée : voir vos billets à l'écran", "Enter: see your tickets on screen"},
	"done.end":             {"Entrée ou Échap : terminer", "Enter or Esc: finish"},
	"done.esc":             {"Échap : terminer", "Esc: finish"},
	"qr.ticket":            {"Billet %d sur %d", "Ticket %d of %d"},
	"qr.next":              {"Entrée : billet suivant", "Enter: next ticket"},
	"qr.last":              {"Entrée : terminer", "Enter: finish"},
	"qr.unread":            {"Les codes ne peuvent pas s'afficher pour l'instant : vos billets restent valables. Prenez vos billets imprimés, ou adressez-vous au guichet.", "The codes cannot be shown right now: your tickets are still valid. Take your printed tickets, or ask at the counter."},
	"trouble.title":        {"L'imprimante ne peut pas imprimer vos billets.", "The printer cannot print your tickets."},
	"trouble.safe":         {"Vos billets sont en sécurité : commande %s.", "Your tickets are safe: order %s."},
	"trouble.ask":          {"Merci de vous adresser au guichet avec ce numéro.", "Please ask at the counter with this number."},
	"idle.ask":             {"Êtes-vous toujours là ?", "Are you still there?"},
	"idle.count":           {"Appuyez sur une touche pour continuer. Retour à l'accueil dans %d s.", "Press any key to go on. Back to the start in %d s."},
	"oops.title":           {"Oups, un problème est survenu.", "Oops, something went wrong."},
	"oops.again":           {"Nous recommençons. Rien ne vous a été facturé.", "Let's start again. You were not charged."},
	"ex.title":             {"Échanger des billets", "Exchange tickets"},
	"ex.scan":              {"Scannez le code QR de chaque billet, l'un après l'autre (sur papier ou sur votre téléphone).", "Scan the QR code of each ticket, one after another (on paper or on your phone)."},
	"ex.none":              {"Aucun billet scanné pour l'instant.", "No ticket scanned yet."},
	"ex.list":              {"Vos billets à échanger :", "Your tickets to exchange:"},
	"ex.credit":            {"Valeur reprise : %s", "Value taken back: %s"},
	"ex.added":             {"Billet %s ajouté. Scannez le suivant, ou Entrée pour continuer.", "Ticket %s added. Scan the next one, or press Enter to go on."},
	"ex.first":             {"Scannez d'abord le code QR d'un billet.", "Scan a ticket's QR code first."},
	"ex.scanhelp":          {"Scannez un billet, ou Entrée pour continuer.", "Scan a ticket, or Enter to go on."},
	"ex.help":              {"Tapez puis Entrée.", "Type, then Enter."},
	"ex.ok":                {"%d billet repris : %s. Choisissez maintenant votre nouveau spectacle.|%d billets repris : %s. Choisissez maintenant votre nouveau spectacle.", "%d ticket taken back: %s. Now choose your new show.|%d tickets taken back: %s. Now choose your new show."},
	"staff.pin":            {"Code du personnel :", "Staff PIN:"},
	"staff.pincut":         {"Personnel : saisie du code arrêtée, le terminal a répondu.", "Staff: PIN entry stopped, the terminal answered."},
	"staff.menucut":        {"Personnel : menu fermé, le terminal a répondu.", "Staff: menu closed, the terminal answered."},
	"staff.wrong":          {"Code erroné.", "Wrong PIN."},
	"staff.title":          {"Menu du personnel", "Staff menu"},
	"staff.reprint":        {"Réimprimer la dernière commande (%s)", "Reprint the last order (%s)"},
	"staff.reprintsome":    {"Réimprimer %d billet de %s (les autres attendent l'imprimante)|Réimprimer %d billets de %s (les autres attendent l'imprimante)", "Reprint %d ticket of %s (the others are waiting to print)|Reprint %d tickets of %s (the others are waiting to print)"},
	"staff.lastcanceled":   {"Dernière commande %s : annulée, rien à réimprimer", "Last order %s: canceled, nothing to reprint"},
	"staff.lastnovalid":    {"Dernière commande %s : plus de billet valable, rien à réimprimer", "Last order %s: no valid ticket left, nothing to reprint"},
	"staff.lastwaiting":    {"Dernière commande %s : ses billets attendent l'imprimante", "Last order %s: its tickets are waiting to print"},
	"staff.noreprint":      {"Réimprimer la dernière commande (aucune)", "Reprint the last order (none)"},
	"staff.lastunread":     {"Réimprimer la dernière commande (journal illisible : relire)", "Reprint the last order (journal unreadable: read it again)"},
	"staff.unread":         {"Le journal n'a pas pu être lu (%s) : ce menu peut être incomplet. Choisissez la réimpression pour le relire ; si cela se répète, appelez le responsable.", "The journal could not be read (%s): this menu may be incomplete. Choose the reprint to read it again; if it happens again, call the supervisor."},
	"staff.readagain":      {"Le journal a été relu.", "The journal was read again."},
	"staff.reopen":         {"Rouvrir les ventes", "Reopen sales"},
	"staff.leave":          {"Quitter le kiosque", "Leave the kiosk"},
	"staff.back":           {"Retour au client", "Back to the customer"},
	"staff.printer":        {"Imprimante : %s", "Printer: %s"},
	"staff.ok":             {"prête", "ready"},
	"staff.unrecorded":     {"Imprimé, pas encore enregistré : %d (réessayé ; ne pas réimprimer)|Imprimés, pas encore enregistrés : %d (réessayé ; ne pas réimprimer)", "Printed, not recorded yet: %d (retried; do not reprint)|Printed, not recorded yet: %d (retried; do not reprint)"},
	"staff.waiting":        {"En attente d'impression : %d (il sortira seul ; ne pas réimprimer)|En attente d'impression : %d (ils sortiront seuls ; ne pas réimprimer)", "Waiting to print: %d (it will print by itself; do not reprint)|Waiting to print: %d (they will print by themselves; do not reprint)"},
	"staff.failed":         {"Dernier échec : %s", "Last failure: %s"},
	"staff.notok":          {"ne peut pas imprimer (%s)", "cannot print (%s)"},
	"staff.sales.open":     {"Ventes : ouvertes", "Sales: open"},
	"staff.sales.reopen":   {"Ventes : suspendues (vente non imprimée) : rouvrez-les ci-dessous", "Sales: paused (a sale did not print): reopen them below"},
	"staff.sales.fixfirst": {"Ventes : suspendues (vente non imprimée) ; rouvrez-les, imprimante réparée", "Sales: paused (a sale did not print): fix the printer, then reopen them"},
	"staff.sales.printer":  {"Ventes : suspendues le temps que l'imprimante soit prête (reprise seule)", "Sales: paused until the printer is ready (they resume by themselves)"},
	"staff.open":           {"Les ventes sont ouvertes.", "Sales are open."},
	"staff.reopened":       {"Les ventes sont rouvertes.", "Sales are open again."},
	"staff.fixfirst":       {"L'imprimante ne peut toujours pas imprimer : remettez du papier ou fermez le capot d'abord.", "The printer still cannot print: refill the paper or close the cover first."},
	"staff.reprinted":      {"Commande %s envoyée à l'imprimante.", "Order %s sent to the printer."},
	"staff.nothingsold":    {"Ce kiosque n'a encore rien vendu : aucune commande à réimprimer.", "This kiosk has sold nothing yet: no order to reprint."},
	"staff.stillwaiting":   {"Les billets de la commande %s attendent encore l'imprimante : ils sortiront seuls, rien n'est réimprimé.", "Order %s's tickets are still waiting to print: they will come out by themselves, nothing is printed again."},
	"staff.reprintedsome":  {"%d billet de la commande %s envoyé à l'imprimante ; les autres l'attendaient déjà.|%d billets de la commande %s envoyés à l'imprimante ; les autres l'attendaient déjà.", "%d ticket of order %s sent to the printer; the others were already waiting for it.|%d tickets of order %s sent to the printer; the others were already waiting for it."},
	"staff.novalid":        {"La commande %s n'a plus de billet valable : ses billets ont été annulés ou échangés, rien n'est réimprimé.", "Order %s has no valid ticket left: its tickets were canceled or exchanged, nothing is printed again."},
	"staff.pending":        {"Paiements à vérifier sur le terminal : %s", "Payments to check on the terminal: %s"},
	"staff.unanswered":     {"%s (sans réponse)", "%s (no answer)"},
	"staff.torefund":       {"%s (à rembourser)", "%s (to refund)"},
	"staff.charged":        {"Le paiement %s a été débité (vérifié sur le terminal)", "Payment %s was charged (checked on the terminal)"},
	"staff.notcharged":     {"Le paiement %s n'a pas été débité (vérifié sur le terminal)", "Payment %s was not charged (checked on the terminal)"},
	"staff.settling":       {"Le terminal est interrogé sur le paiement %s…", "Asking the terminal about payment %s…"},
	"staff.settled":        {"Paiement %s réglé : rien n'a été débité, le kiosque vend à nouveau.", "Payment %s settled: nothing was charged, the kiosk sells again."},
	"staff.settledorder":   {"Paiement %s réglé : sa commande %s est enregistrée, le kiosque vend à nouveau.", "Payment %s settled: its order %s is recorded, the kiosk sells again."},
	"staff.refunded":       {"Le paiement %s a été remboursé sur le terminal", "Payment %s was refunded on the terminal"},
	"staff.notmarked":      {"Personnel : le paiement %s n'est pas encore marqué remboursé, rouvrez le menu du personnel pour le marquer.", "Staff: payment %s is not marked refunded yet: open the staff menu again to mark it."},
	"staff.notreprinted":   {"Personnel : la commande %s n'a pas été réimprimée, rouvrez le menu du personnel pour la réimprimer.", "Staff: order %s was not printed again: open the staff menu again to reprint it."},
	"staff.markedrefund":   {"Le paiement %s est marqué remboursé.", "Payment %s is marked refunded."},
	"staff.settledrefund":  {"Paiement %s réglé : aucune commande ne peut en être faite, remboursez-le sur le terminal.", "Payment %s settled: no order can be made of it, refund it on the terminal."},
}

// T is a text in lang, formatted with args.
func T(lang pos.Lang, key string, args ...any) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	s := t[1]
	if lang == pos.French {
		s = t[0]
	}
	// "one|many", chosen by the first argument: 0 and 1 are singular in
	// French, only 1 in English
	if one, many, ok := strings.Cut(s, "|"); ok {
		s = many
		if n, isInt := firstInt(args); isInt && (n == 1 || n == 0 && lang == pos.French) {
			s = one
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// firstInt is the first argument when it is a count.
func firstInt(args []any) (int, bool) {
	if len(args) == 0 {
		return 0, false
	}
	n, ok := args[0].(int)
	return n, ok
}
