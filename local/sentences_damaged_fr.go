package local

import "guichet/pos"

// French for a damaged register's file (damaged.go): what is wrong with
// it and what to do, told to a French cashier in French.
func init() {
	m := map[string]string{
		"the register's file %s is damaged: %w; move it aside (keep it) and start the register: it rebuilds the file from its flat file %s; or restore it from a backup or the central server": "le fichier de la caisse %s est endommagé : %w ; mettez-le de côté (gardez-le) et démarrez la caisse : elle le reconstruit depuis son fichier plat %s ; ou restaurez-le depuis une sauvegarde ou le serveur central",
		"the register's file %s is damaged: %w; restore it from a backup or the central server":                                                                                                "le fichier de la caisse %s est endommagé : %w ; restaurez-le depuis une sauvegarde ou le serveur central",

		"a page could not be read (the file is shorter than its pages say, or unreadable)":       "une page n'a pas pu être lue (le fichier est plus court que ses pages ne le disent, ou illisible)",
		"its pages do not hold together (%s)":                                                    "ses pages sont incohérentes (%s)",
		"it is only %d bytes long, too short to be a register's file":                            "il ne fait que %d octets, trop peu pour un fichier de caisse",
		"its header pages are not those of a register's file (overwritten, or not a bbolt file)": "ses pages d'en-tête ne sont pas celles d'un fichier de caisse (écrasées, ou ce n'est pas un fichier bbolt)",
		"its header gives a page size of %d bytes":                                               "son en-tête donne une taille de page de %d octets",
		"it is %d bytes long but its pages reach %d bytes: it was cut short":                     "il fait %d octets mais ses pages vont jusqu'à %d octets : il a été tronqué",
		"its %s page (%d) is outside the file's %d pages":                                        "sa page %s (%d) est hors des %d pages du fichier",
		"its %s page (%d) cannot be read: %s":                                                    "sa page %s (%d) ne peut pas être lue : %s",
		"its %s page (%d) is not one (zeroed or overwritten)":                                    "sa page %s (%d) n'en est pas une (mise à zéro ou écrasée)",
	}
	for en, fr := range m {
		frenchSentences[en] = fr
	}
	pos.AddSentences("fr", m) // whichever init runs first
}
