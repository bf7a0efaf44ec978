package local

import "guichet/pos"

// fiscalFrench is the French of the closures' and archives' sentences,
// kept beside frenchSentences (which the sentence test reads).
var fiscalFrench = map[string]string{
	"the day %q is not a date: type it YYYY-MM-DD":                                                            "le jour %q n'est pas une date : tapez-le AAAA-MM-JJ",
	"the register has no daily closure for %s":                                                                "la caisse n'a pas de clôture journalière pour le %s",
	"the year %s is not closed: the register closes it at its first action after 31 December":                 "l'année %s n'est pas clôturée : la caisse la clôture à sa première action après le 31 décembre",
	"the year %q is not a year (YYYY)":                                                                        "l'année %q n'en est pas une (AAAA)",
	"the archive %s is there already: an archive is never written over; name a new file":                      "l'archive %s existe déjà : une archive n'est jamais écrasée ; nommez un nouveau fichier",
	"there is no folder %s to write the archive in: make it, or name a file in another folder":                "il n'y a pas de dossier %s où écrire l'archive : créez-le, ou nommez un fichier dans un autre dossier",
	"the journal holds nothing of %s: it began on %s (archive that year from the journal file that holds it)": "le journal ne contient rien de %s : il a commencé le %s (archivez cette année depuis le fichier de journal qui la contient)",
}

func init() {
	for en, fr := range fiscalFrench {
		frenchSentences[en] = fr
	}
	pos.AddSentences("fr", fiscalFrench)
}
