package local

import "guichet/pos"

// French for an archive that does not verify (archive.go's ArchiveError):
// guichet journal verify-archive writes why after its BAD:, in the
// command line's language.
func init() {
	for en, fr := range archiveFrench {
		frenchSentences[en] = fr
	}
	pos.AddSentences("fr", archiveFrench)
}

var archiveFrench = map[string]string{
	"the archive does not verify: %w": "l'archive ne se vérifie pas : %w",
	"%s: %w":                          "%s : %w",
	"%v":                              "%v",
	"%s: %v":                          "%s : %v",

	// The archive alone (verifyArchive).
	"it is not a readable tar file (%v)":                                 "ce n'est pas un fichier tar lisible (%v)",
	"it holds %s twice":                                                  "elle contient %s deux fois",
	"%s does not read (%v)":                                              "%s ne se lit pas (%v)",
	"%s is missing":                                                      "%s manque",
	"its manifest does not read as a %s manifest":                        "son manifeste ne se lit pas comme un manifeste %s",
	"its public key does not read, or is not the manifest's":             "sa clé publique ne se lit pas, ou n'est pas celle du manifeste",
	"it was signed by another register's key than the one expected":      "elle a été signée par la clé d'une autre caisse que celle attendue",
	"the manifest's signature does not verify: the manifest was changed": "la signature du manifeste ne se vérifie pas : le manifeste a été modifié",
	"its bytes are not the files they hold laid out as the register wrote them (a byte was changed outside them)": "ses octets ne sont pas les fichiers qu'elle contient disposés comme la caisse les a écrits (un octet a été modifié en dehors d'eux)",
	"%s is not the file the manifest signed (its SHA-256 differs)":                                                "%s n'est pas le fichier que le manifeste a signé (son SHA-256 diffère)",
	"the manifest does not list every file (%s)":                                                                  "le manifeste ne liste pas tous les fichiers (%s)",

	// Its entries (walkArchive).
	"%s does not read": "%s ne se lit pas",
	"%s holds an entry that is not an earlier order.placed, or was changed":                          "%s contient une écriture qui n'est pas un order.placed antérieur, ou qui a été modifiée",
	"entries.jsonl, line %d does not read as an entry":                                               "la ligne %d de entries.jsonl ne se lit pas comme une écriture",
	"entries.jsonl does not read (%v)":                                                               "entries.jsonl ne se lit pas (%v)",
	"entry %d: its id does not read":                                                                 "écriture %d : son identifiant ne se lit pas",
	"entry %d is there twice (again after entry %d)":                                                 "l'écriture %d figure deux fois (à nouveau après l'écriture %d)",
	"entry %d is out of its place: entry %d stands where it should be (entries moved)":               "l'écriture %d n'est pas à sa place : l'écriture %d se trouve là où elle devrait être (des écritures déplacées)",
	"entry %d is missing: entry %d stands where it should be (an entry removed)":                     "l'écriture %d manque : l'écriture %d se trouve là où elle devrait être (une écriture supprimée)",
	"entry %d: its hash does not match its content (the entry was changed)":                          "écriture %d : son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)",
	"entry %d does not chain to the entry before the year (the manifest's prev_hash)":                "l'écriture %d ne s'enchaîne pas à l'écriture d'avant l'année (le prev_hash du manifeste)",
	"entry %d does not chain to entry %d: entry %d was changed and its hash made again, or replaced": "l'écriture %d ne s'enchaîne pas à l'écriture %d : l'écriture %d a été modifiée et son empreinte refaite, ou remplacée",
	"entry %d belongs to register %q, not %q":                                                        "l'écriture %d appartient à la caisse « %s », pas à « %s »",
	"entry %d: %v": "écriture %d : %v",
	"the entries end at %d, the manifest says %d (hash %s)":       "les écritures s'arrêtent à %d, le manifeste indique %d (empreinte %s)",
	"closures.jsonl does not list the closures among the entries": "closures.jsonl ne liste pas les clôtures que contiennent les écritures",
	"closures.jsonl lists %d closures, the entries hold %d":       "closures.jsonl liste %d clôtures, les écritures en contiennent %d",

	// Years that do not follow each other (VerifyArchives).
	"%s (%s) does not follow %s (%s): %w":                          "%s (%s) ne suit pas %s (%s) : %w",
	"the same year twice":                                          "la même année deux fois",
	"another register's (%s, key %s; the year before: %s, key %s)": "c'est l'archive d'une autre caisse (%s, clé %s ; l'année d'avant : %s, clé %s)",
	"the archive of %d is missing":                                 "l'archive de %d manque",
	"its first entry is %d after hash %s, the year before ends at entry %d with hash %s (entries left out, or another copy of the journal)": "sa première écriture est la %d, qui suit l'empreinte %s ; l'année d'avant s'arrête à l'écriture %d, d'empreinte %s (des écritures omises, ou une autre copie du journal)",
	"it opens with a perpetual grand total of %s, the year before closed with %s":                                                           "elle s'ouvre sur un grand total perpétuel de %s, l'année d'avant s'est clôturée sur %s",
	"it opens after closures %v (starting at entries %v), the year before closed after %v (%v)":                                             "elle s'ouvre après les clôtures %v (commençant aux écritures %v), l'année d'avant s'est clôturée après %v (%v)",
}
