package counter

import "guichet/pos"

// French for the door's refusals (door.go), which guichet door says in
// the box office's language.
func init() {
	pos.AddSentences(pos.French, map[string]string{
		"the door's name must be 1 to %d characters without control characters (--door \"porte 1\")":    "le nom de la porte doit compter de 1 à %d caractères, sans caractère de contrôle (--door \"porte 1\")",
		"there is no performance %q in the catalog":                                                     "il n'y a pas de représentation « %s » dans le catalogue",
		"performance %s was canceled: no one is let in to it (name another with --performance ID)":      "la représentation %s a été annulée : personne n'y entre (nommez-en une autre avec --performance ID)",
		"there is no venue %q in the catalog: name one of %s with --venue":                              "le catalogue n'a pas de lieu %q : nommez-en un parmi %s avec --venue",
		"no performance today at %s (%s): name one with --performance ID":                               "aucune représentation aujourd'hui à %s (%s) : nommez-en une avec --performance ID",
		"no performance today (%s): name one with --performance ID":                                     "aucune représentation aujourd'hui (%s) : nommez-en une avec --performance ID",
		"performance %s is not at venue %q: name this door's venue's performance, or leave --venue out": "la représentation %s n'a pas lieu dans la salle « %s » : nommez une représentation de la salle de cette porte, ou retirez --venue",
	})
}
