package remote

import (
	"fmt"
	"time"

	"guichet/pos"
)

// What the server says to a client outside the screens: a session
// refused before its screens start (in the register's language), and the
// line a session's client reads once its screens are gone (in the
// language they spoke).
var words = map[string]pos.Text{
	"notstaff": {
		"en": "guichet: this key is not a staff key of this register.",
		"fr": "guichet : cette clé n'est pas une clé du personnel de cette caisse.",
	},
	"noterminal": {
		"en": "guichet: a till needs a terminal: connect with ssh -t and no command.",
		"fr": "guichet : une caisse a besoin d'un terminal : connectez-vous avec ssh -t, sans commande.",
	},
	"noterminal.door": {
		"en": "guichet: a door needs a terminal: connect with ssh -t, the door's name after the host (ssh -t -p 2222 door@boxoffice porte nord).",
		"fr": "guichet : une porte a besoin d'un terminal : connectez-vous avec ssh -t, le nom de la porte après l'hôte (ssh -t -p 2222 door@boxoffice porte nord).",
	},
	"nodoor": {
		"en": "guichet: this register opens no door over SSH; connect as till@ to sell.",
		"fr": "guichet : cette caisse n'ouvre pas de porte par SSH ; connectez-vous en till@ pour vendre.",
	},
	// a session refused once it said what it wants (a door that may not
	// open): the reason, in the register's language
	"refused": {
		"en": "guichet: %s",
		"fr": "guichet : %s",
	},
	"stopping": {
		"en": "guichet: the register is stopping; connect again in a minute.",
		"fr": "guichet : la caisse s'arrête ; reconnectez-vous dans une minute.",
	},
	"toomany": {
		"en": "guichet: %d tills are open, the most this register serves; try again later.",
		"fr": "guichet : %d caisses sont déjà ouvertes, le maximum pour ce serveur ; réessayez plus tard.",
	},
	"toomany1": {
		"en": "guichet: %d till is open, the most this register serves; try again later.",
		"fr": "guichet : %d caisse est déjà ouverte, le maximum pour ce serveur ; réessayez plus tard.",
	},
	// the locked screen of a till left idle (its cart kept until the PIN)
	"locked.title": {
		"en": "Till locked (idle)",
		"fr": "Caisse verrouillée (inactive)",
	},
	"locked.resume": {
		"en": "Enter to resume",
		"fr": "Entrée pour reprendre",
	},
	"locked.pin": {
		"en": "PIN: ",
		"fr": "Code PIN : ",
	},
	"locked.wrongpin": {
		"en": "! Wrong PIN: try again.",
		"fr": "! Code PIN incorrect : réessayez.",
	},
	"locked.cartkept": {
		"en": "Cart kept until %s",
		"fr": "Panier gardé jusqu'à %s",
	},
	"locked.seatsheld": {
		"en": "Seats held until %s",
		"fr": "Places gardées jusqu'à %s",
	},
	"bye.stopping": {
		"en": "guichet: the register stopped; every sale it said done is recorded. Connect again once it is back.",
		"fr": "guichet : la caisse s'est arrêtée ; toute vente affichée comme faite est enregistrée. Reconnectez-vous quand elle sera de nouveau en marche.",
	},
	"bye.stopping.door": {
		"en": "guichet: the register stopped; every ticket this door showed admitted is recorded. Connect again once it is back.",
		"fr": "guichet : la caisse s'est arrêtée ; tout billet que cette porte a affiché comme admis est enregistré. Reconnectez-vous quand elle sera de nouveau en marche.",
	},
	"bye.idle": {
		"en": "guichet: session ended after %s without a key.",
		"fr": "guichet : session terminée après %s sans activité au clavier.",
	},
	"bye.revoked": {
		"en": "guichet: this key is no longer a staff key of this register; session ended.",
		"fr": "guichet : cette clé n'est plus une clé du personnel de cette caisse ; session terminée.",
	},
	"bye.paymentsleft": {
		"en": "Payments taken for the sale under way are left with no order: %s; give them back to the customer, or sell again at a till and type them in.",
		"fr": "Des paiements encaissés pour la vente en cours restent sans commande : %s ; rendez-les au client, ou refaites la vente à une caisse et retapez-les.",
	},
	"bye.panic": {
		"en": "guichet: this till hit an internal error and was closed (the sales it recorded are safe); connect again.",
		"fr": "guichet : cette caisse a eu une erreur interne et a été fermée (les ventes qu'elle a enregistrées sont conservées) ; reconnectez-vous.",
	},
}

// say is the sentence key in lang, its %-verbs filled with args.
func say(lang pos.Lang, key string, args ...any) string {
	w, ok := words[key]
	if !ok {
		panic("remote: no words " + key)
	}
	if len(args) == 0 {
		return w.In(lang)
	}
	return fmt.Sprintf(w.In(lang), args...)
}

// span is an idle limit as a person reads it: "1 h", "1 h 30 min",
// "20 min", "45 s" (the same in French and English).
func span(d time.Duration) string {
	if d < time.Second {
		return d.String() // a test's, not a box office's
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case s != 0 && h == 0 && m == 0:
		return fmt.Sprintf("%d s", s)
	case s != 0:
		return fmt.Sprintf("%d min %d s", h*60+m, s)
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}
