package local

import "guichet/pos"

// French for a journal that does not hold together (head.go, flat.go,
// closures.go) and for an error of the program (damaged.go): what is
// wrong and what to do, told to a French cashier in French.
func init() {
	m := map[string]string{
		// The journal's head, or a head written down (head.go, flat.go).
		"the head record is damaged (%d bytes)": "l'enregistrement de la tête du journal est endommagé (%d octets)",
		"the journal has %d entries but no head record: it was removed (or the file was never opened by this version: open it once with guichet counter)": "le journal a %d écritures mais aucun enregistrement de tête : il a été supprimé (ou le fichier n'a jamais été ouvert par cette version : ouvrez-le une fois avec guichet counter)",
		"the journal ends at %d but its head says %d: the last entries were removed":                                                                      "le journal s'arrête à %d mais sa tête indique %d : les dernières écritures ont été supprimées",
		"the journal goes on to %d but its head says %d: entries were added outside the register":                                                         "le journal va jusqu'à %d mais sa tête indique %d : des écritures ont été ajoutées hors de la caisse",
		"entry %d is not the one its head recorded (hash %s, the head says %s): the end of the journal was rewritten":                                     "l'écriture %d n'est pas celle que sa tête a enregistrée (empreinte %s, la tête indique %s) : la fin du journal a été réécrite",
		"the head %q is not SEQ:HASH (an entry number, a colon, and at least 8 hex characters of its hash, as printed on the Z report)":                   "la tête « %s » n'est pas SEQ:HASH (un numéro d'écriture, deux-points et au moins 8 caractères hexadécimaux de son empreinte, comme imprimé sur le rapport Z à la ligne Journal)",
		"the journal ends at %d but the head written down (%s) says %d: the last entries were removed":                                                    "le journal s'arrête à %d mais la tête notée (%s) indique %d : les dernières écritures ont été supprimées",
		"entry %d's hash starts %s, the head written down says %s: the journal was rewritten":                                                             "l'empreinte de l'écriture %d commence par %s, la tête notée indique %s : le journal a été réécrit",
		"the event log ends at %d but its flat file %s goes on to %d: the last events were removed, or an older copy of the file was put back":            "le journal technique s'arrête à %d mais son fichier plat %s va jusqu'à %d : les derniers événements ont été supprimés, ou une copie plus ancienne du fichier a été remise",
		"the journal ends at %d but its flat file %s goes on to %d: the last entries were removed, or an older copy of the file was put back, and the register refuses to start on it; to rebuild the file from the flat file, move %s aside (keep it) and start the register": "le journal s'arrête à %d mais son fichier plat %s va jusqu'à %d : les dernières écritures ont été supprimées, ou une copie plus ancienne du fichier a été remise, et la caisse refuse de démarrer dessus ; pour reconstruire le fichier depuis le fichier plat, mettez %s de côté (gardez-le) et démarrez la caisse",

		// A journal that does not verify (verify.go, checkpoint.go, entry.go,
		// events.go): the register refuses to start on it.
		"the journal does not verify": "le journal ne se vérifie pas",
		"journal entry %d: %w":        "écriture %d du journal : %w",
		"the journal does not verify from entry %d (%w): no sale is possible on it; it can still be read and exported; restore it from a backup or the central server":    "le journal ne se vérifie pas à partir de l'écriture %d (%w) : aucune vente n'y est possible ; il peut encore être lu et exporté ; restaurez-le depuis une sauvegarde ou le serveur central",
		"the journal %s does not verify from entry %d (%w): no sale is possible on it; it can still be read and exported; restore it from a backup or the central server": "le journal %s ne se vérifie pas à partir de l'écriture %d (%w) : aucune vente n'y est possible ; il peut encore être lu et exporté ; restaurez-le depuis une sauvegarde ou le serveur central",
		"it changed since the register last verified it":                "elle a changé depuis la dernière vérification de la caisse",
		"a key of %d bytes where entry %d should be":                    "une clé de %d octets là où devrait être l'écriture %d",
		"missing: the next key is %d (a gap in the sequence)":           "manquante : la clé suivante est %d (un trou dans la séquence)",
		"stored under key %d but says it is entry %d":                   "rangée sous la clé %d mais elle se dit l'écriture %d",
		"its hash does not match its content (the entry was changed)":   "son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)",
		"it does not chain to the entry before (previous hash differs)": "elle ne s'enchaîne pas à l'écriture précédente (l'empreinte précédente diffère)",
		"it belongs to register %q, not %q":                             "elle appartient à la caisse « %s », pas à « %s »",
		"it has no type":                                                "elle n'a pas de type",
		"its payload is not JSON":                                       "son contenu n'est pas du JSON",
		"the last entry is not stored under its own number":             "la dernière écriture n'est pas rangée sous son propre numéro",
		"the stored entry is damaged (%s)":                              "l'écriture stockée est endommagée (%s)",
		"its closure does not read: %s":                                 "sa clôture ne se lit pas : %s",
		"event: %w":                                                     "événement : %w",
		"event missing (a gap in the event log)":                        "événement manquant (un trou dans le journal technique)",
		"event changed (its hash or link does not match)":               "événement modifié (son empreinte ou son lien ne correspond pas)",

		// A journal a tool refuses, its views or its flat file (archive.go,
		// files.go, verify.go, flat.go).
		"the journal does not verify, nothing archived: %w":  "le journal ne se vérifie pas, rien n'a été archivé : %w",
		"the journal does not verify, views not rebuilt: %w": "le journal ne se vérifie pas, les vues n'ont pas été reconstruites : %w",
		// checkViews (verify.go): no room for the scratch copy it folds in
		"the views could not be checked: a scratch copy of the file (%d bytes) in %s: %w (set TMPDIR to a directory with room)": "les vues n'ont pas pu être vérifiées : une copie de travail du fichier (%d octets) dans %s : %w (donnez à TMPDIR un dossier où il y a de la place)",
		"view %s, key %q: kept %s, the journal gives %s":                                                                        "vue %s, clé %q : gardé %s, le journal donne %s",
		"views %s differ too": "les vues %s diffèrent aussi",
		"the register's views do not say what its journal does (%s): the file was changed outside the register (its views, or the journal's last entries removed with its head); keep a copy of the file, then rebuild the views from the journal (guichet journal rebuild, the register closed)": "les vues de la caisse ne disent pas ce que dit son journal (%s) : le fichier a été modifié hors de la caisse (ses vues, ou les dernières écritures du journal supprimées avec sa tête) ; gardez une copie du fichier, puis reconstruisez les vues depuis le journal (guichet journal rebuild, la caisse fermée)",
		"the journal's flat file %s holds an event %d that is not the event log's: one of the two was changed; keep both files as they are":                                                                                                                                                       "le fichier plat du journal %s contient un événement %d qui n'est pas celui du journal technique : l'un des deux a été modifié ; gardez les deux fichiers tels quels",
		"the journal's flat file %s does not hold entry %d, which the journal holds, though it holds entries after it: it could not rebuild the journal's file; one of the two was changed; keep both files as they are":                                                                          "le fichier plat du journal %s ne contient pas l'écriture %d, que le journal contient, alors qu'il contient des écritures après elle : il ne pourrait pas reconstruire le fichier du journal ; l'un des deux a été modifié ; gardez les deux fichiers tels quels",
		"the journal's flat file %s holds an entry %d that is not the journal's: it is not this journal's flat file, or one of the two was changed; keep both files as they are":                                                                                                                  "le fichier plat du journal %s contient une écriture %d qui n'est pas celle du journal : ce n'est pas le fichier plat de ce journal, ou l'un des deux a été modifié ; gardez les deux fichiers tels quels",

		// Archiving a year (archive.go).
		"the signing key %s.key is not the one the journal pinned: restore it": "la clé de signature %s.key n'est pas celle que le journal a épinglée : restaurez-la",
		"cannot write the archive %s: %w":                                      "impossible d'écrire l'archive %s : %w",
		"the record of the archive could not be written to the journal's flat file %s (%v): check the disk (full? the card?); the register's next start says whether it was recorded (guichet journal events), else remove %s and archive the year again": "l'enregistrement de l'archive n'a pas pu être écrit dans le fichier plat du journal %s (%v) : vérifiez le disque (plein ? la carte ?) ; le prochain démarrage de la caisse dit s'il a été enregistré (guichet journal events), sinon supprimez %s et archivez l'année à nouveau",

		// A closure that does not add up (closures.go).
		"journal entry %d, %s: %w": "écriture %d du journal, %s : %w",
		"it was added up by a newer version of the program (fold %d, this one knows %d): verify the journal with that version": "elle a été calculée par une version plus récente du programme (méthode %d, celle-ci connaît %d) : vérifiez le journal avec cette version",
		"unknown kind %q": "genre « %s » inconnu",
		"it is number %d, the one before was %d (a closure is missing)":                     "elle porte le numéro %d, la précédente le %d (une clôture manque)",
		"its period starts at entry %d, the previous closure ended at %d":                   "sa période commence à l'écriture %d, la clôture précédente s'arrêtait à %d",
		"it does not close the entries before it (to %d, chain %s)":                         "elle ne clôt pas les écritures qui la précèdent (jusqu'à %d, chaîne %s)",
		"its net total says %s, its entries add up to %s":                                   "son total net indique %s, ses écritures font %s",
		"its totals by method, VAT rate or category differ from what its entries add up to": "ses totaux par moyen de paiement, taux de TVA ou catégorie diffèrent de ce que font ses écritures",
		"its year's grand total says %s, the entries since the year opened add up to %s":    "son grand total de l'année indique %s, les écritures depuis l'ouverture de l'année font %s",
		"its perpetual grand total says %s, the entries since the first add up to %s":       "son grand total perpétuel indique %s, les écritures depuis la première font %s",
		"its ticket statement differs from the tickets its entries issued and took back":    "son relevé des billets diffère des billets que ses écritures ont émis et repris",
		"no register key precedes it: its signature cannot be checked":                      "aucune clé de caisse ne la précède : sa signature ne peut pas être vérifiée",
		"its signature does not verify with the register's key (the closure was changed)":   "sa signature ne se vérifie pas avec la clé de la caisse (la clôture a été modifiée)",

		// Amounts that cannot be added up (closures.go, pos's words).
		"journal entry %d: its amounts cannot be added up with those of the entries before it (%w): it, or an entry before it, was changed and the chain's hashes made again": "écriture %d du journal : ses montants ne s'additionnent pas avec ceux des écritures qui la précèdent (%w) : elle, ou une écriture avant elle, a été modifiée et les empreintes de la chaîne refaites",
		"%w: %s":                          "%w : %s",
		"amounts in different currencies": "montants en monnaies différentes",
		"%w (%s and %s)":                  "%w (%s et %s)",

		// An error of the program (damaged.go), or the disk's (flat.go).
		"an error in the program stopped this (%s), not a damaged file: note the time and start the register again; its journal is intact (do not move its file aside)":                                                                                                                                                              "une erreur du programme a arrêté ceci (%s), pas un fichier endommagé : notez l'heure et redémarrez la caisse ; son journal est intact (ne mettez pas son fichier de côté)",
		"an error in the program stopped this (%s), not a damaged file, after the last sale was written to the flat file %s; this register records nothing more until it is started again, which records that sale: look at it then: note the time and start the register again; its journal is intact (do not move its file aside)": "une erreur du programme a arrêté ceci (%s), pas un fichier endommagé, après que la dernière vente a été écrite dans le fichier plat %s ; cette caisse n'enregistre plus rien jusqu'à son redémarrage, qui enregistre cette vente : vérifiez-la alors : notez l'heure et redémarrez la caisse ; son journal est intact (ne mettez pas son fichier de côté)",
		"%w; if it happens again, call for help and give them %s": "%w ; si cela se reproduit, appelez l'assistance et donnez-lui %s",
		"the journal could not be written to the disk (%s: %w): this register records nothing more until it is started again; check the disk (full? the card?), start the register again and look at the last sale, which may or may not be recorded": "le journal n'a pas pu être écrit sur le disque (%s : %w) : cette caisse n'enregistre plus rien jusqu'à son redémarrage ; vérifiez le disque (plein ? la carte ?), redémarrez la caisse et vérifiez la dernière vente, qui est peut-être enregistrée, peut-être pas",
	}
	for en, fr := range m {
		frenchSentences[en] = fr
	}
	pos.AddSentences("fr", m) // whichever init runs first
}
