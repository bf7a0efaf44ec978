package local

import "guichet/pos"

// The French of the sentences of orders and money after the sale (lapsed
// invoices, partial refunds, the drawer's cash, vouchers, exchanges),
// kept apart from sentences_fr.go's table and merged into it.
func init() {
	for en, fr := range frenchAfterSale {
		frenchSentences[en] = fr
	}
	pos.AddSentences("fr", frenchAfterSale)
}

var frenchAfterSale = map[string]string{
	"order %s was not sold on an invoice":                                                                                                             "la commande %s n'a pas été vendue sur facture",
	"order %s lapsed at its deadline: its tickets were already released":                                                                              "la commande %s est échue : ses billets ont déjà été libérés",
	"performance %s was canceled: its tickets are refunded, no one is let in":                                                                         "la représentation %s est annulée : ses billets sont remboursés, personne n'entre",
	"ticket %[1]s was let in at %[3]s (door: %[2]s): it was used, it can no longer be canceled":                                                       "le billet %[1]s est entré à %[3]s (porte : %[2]s) : il a servi, il ne peut plus être annulé",
	"ticket %[1]s was let in at %[3]s (door: %[2]s): it was used, it can no longer be exchanged":                                                      "le billet %[1]s est entré à %[3]s (porte : %[2]s) : il a servi, il ne peut plus être échangé",
	"order %s was %s since its ticket %s was put in the cart to exchange: clear the cart and exchange the others again":                               "la commande %s a été %s depuis que son billet %s a été mis au panier pour échange : videz le panier et échangez à nouveau les autres",
	"ticket %s was %s since it was put in the cart to exchange: clear the cart and exchange the others again":                                         "le billet %s a été %s depuis qu'il a été mis au panier pour échange : videz le panier et échangez à nouveau les autres",
	"order %s waits for its invoice's payment: cancel the whole order, or validate its payment first and then cancel tickets":                         "la commande %s attend le paiement de sa facture : annulez-la entière, ou validez d'abord son paiement, puis annulez des billets",
	"order %s was not paid by %s: refund it by a method it was paid with":                                                                             "la commande %s n'a pas été payée par %s : remboursez-la par un moyen avec lequel elle a été payée",
	"the drawer should hold only %s, not the %s this refund gives back in cash: refund by another method, or put cash in first":                       "la caisse ne devrait contenir que %s, pas les %s que ce remboursement rend en espèces : remboursez par un autre moyen, ou faites d'abord un apport",
	"this is not a ticket's QR code: scan the code printed on the ticket, or shown on the phone":                                                      "ce n'est pas le code QR d'un billet : scannez le code imprimé sur le billet, ou affiché sur le téléphone",
	"ticket %s was sold by register %s, not %s: its code is signed with that register's key, exchange it there or at the box office":                  "le billet %s a été vendu par la caisse %s, pas %s : son code est signé de la clé de cette caisse, échangez-le là-bas ou au guichet",
	"the code of ticket %s is not signed by this register: it was altered or forged, and cannot be exchanged":                                         "le code du billet %s n'est pas signé par cette caisse : il a été modifié ou contrefait, et ne peut pas être échangé",
	"the code scanned is not signed by this register: it was altered or forged, and cannot be exchanged":                                              "le code scanné n'est pas signé par cette caisse : il a été modifié ou contrefait, et ne peut pas être échangé",
	"the code scanned is damaged: scan it again, or ask at the box office":                                                                            "le code scanné est abîmé : scannez-le à nouveau, ou adressez-vous au guichet",
	"the code scanned is signed for another ticket than %s as this register issued it (another show, seat or price category): it cannot be exchanged": "le code scanné est signé pour un autre billet que le %s émis par cette caisse (autre spectacle, place ou tarif) : il ne peut pas être échangé",
	"payment %s is not waiting to be refunded: nothing to mark":                                                                                       "le paiement %s n'attend pas de remboursement : rien à marquer",

	// apart, so that its length does not realign the table above
	"%s paid %s of order %s that can still be refunded, not %s: refund it as paid, or by a method that can still give back that much, or cancel fewer tickets": "%s a payé %s de la commande %s qui peut encore être remboursé, pas %s : remboursez comme payé, ou par un moyen qui peut encore rendre autant, ou annulez moins de billets",
}
