package sync

import "guichet/pos"

// French for the refusals of the journal a register's status line shows
// (Status.Refused, kept as text): the pusher's own, and guichetd's, which
// reach the register as the server wrote them, in English. Text another
// server or a proxy wrote stays as it came.
func init() {
	pos.AddStoredSentences(pos.French, pusherFR)
	pos.AddStoredSentences(pos.French, guichetdFR)
	pos.AddSentences(pos.French, newJournalFR)
}

// newJournalFR is the French of LastClosures' refusals (new_journal.go):
// a register starting a new journal (--new-journal) reads the lost one's
// figures from the central server.
var newJournalFR = map[string]string{
	"the central server %s does not answer (%w): start again when it does, or type the lost journal's figures (%v)":                                                        "le serveur central %s ne répond pas (%w) : redémarrez quand il répondra, ou tapez les chiffres du journal perdu (%v)",
	"the central server did not give the register's last closures (%s: %s): type the lost journal's figures instead (%v)":                                                  "le serveur central n'a pas donné les dernières clôtures de la caisse (%s : %s) : tapez plutôt les chiffres du journal perdu (%v)",
	"the central server's answer is not readable: %w":                                                                                                                      "la réponse du serveur central est illisible : %w",
	"the central server holds no closure of register %s (none was pushed): type the lost journal's figures (%w)":                                                           "le serveur central n'a aucune clôture de la caisse %s (aucune n'a été envoyée) : tapez les chiffres du journal perdu (%w)",
	"the central server's closure at entry %d is not readable: %w":                                                                                                         "la clôture du serveur central à l'écriture %d est illisible : %w",
	"the central server's %s of register %s is not signed with this register's key: is --token-file this register's token? Otherwise type the lost journal's figures (%v)": "la %s de la caisse %s sur le serveur central n'est pas signée avec la clé de cette caisse : --token-file est-il bien le jeton de cette caisse ? Sinon, tapez les chiffres du journal perdu (%v)",
}

// pusherFR is the French of the pusher's own refusals (pusher.go,
// acknowledged).
var pusherFR = map[string]string{
	"the central server holds entries of register %s up to %d, but this file ends at %d: is this the register's own file?":                                                       "le serveur central a des écritures de la caisse %s jusqu'à %s, mais ce fichier s'arrête à %s : est-ce bien le fichier de cette caisse ?",
	"entry %d on the central server differs from this file's: the journals diverged (guichet journal verify)":                                                                    "l'écriture %s du serveur central diffère de celle de ce fichier : les journaux ont divergé (guichet journal verify)",
	"entry %d of the register this token names on the central server is not this file's (register %s): is the token this register's? (guichetd register list)":                   "l'écriture %s de la caisse que ce jeton nomme sur le serveur central n'est pas celle de ce fichier (caisse %s) : ce jeton est-il bien celui de cette caisse ? (guichetd register list)",
	"the central server holds entries up to %d of the register this token names, but this file (register %s) ends at %d: is the token this register's? (guichetd register list)": "le serveur central a des écritures jusqu'à %s de la caisse que ce jeton nomme, mais ce fichier (caisse %s) s'arrête à %s : ce jeton est-il bien celui de cette caisse ? (guichetd register list)",
}

// guichetdFR is the French of guichetd's refusals of a push, their
// formats copied from sync/server (ingest.go, retire.go): the register
// does not link the server. sentences_fr_test.go reads the server's
// source, and fails when a refusal there has no French twin here, or a
// French twin has no refusal there (the English changed on one side).
var guichetdFR = map[string]string{
	"register %s was retired (written off) on %s: the box office took back what it had not sold, so the server refuses its pushes and grant requests; enrol this machine as a new register to sell with it again": "la caisse %s a été radiée le %s : la billetterie a repris ce qu'elle n'avait pas vendu, et le serveur refuse ses envois et ses demandes de places ; inscrivez cette machine comme nouvelle caisse pour vendre à nouveau avec elle",

	"entry %d belongs to register %q, and this token is register %s's: a register pushes only its own journal. Enrol this machine under its journal's name (guichetd register add %s --key <its db>.pub) and give it that token; if %s is another machine, start this one on a new file with --register NAME and enrol it under that name": "l'écriture %s appartient à la caisse « %s », et ce jeton est celui de la caisse %s : une caisse n'envoie que son propre journal. Inscrivez cette machine sous le nom de son journal (guichetd register add %s --key <son fichier>.pub) et donnez-lui ce jeton ; si %s est une autre machine, démarrez celle-ci sur un nouveau fichier avec --register NOM et inscrivez-la sous ce nom",

	"entry %d differs from the entry %d the server stored under register %s: this is a new journal under the name of one the server keeps (a register started again with --new-journal, or on a new file), and it cannot be pushed under that name. Sell from this register under a new name: on the server, guichetd register retire %s (the old journal stays stored and in the reports), then start the register on a new file with a new name (--register) and enrol it with guichetd register add": "l'écriture %s diffère de l'écriture %s que le serveur a gardée pour la caisse %s : c'est un nouveau journal sous le nom d'un journal que le serveur garde (une caisse redémarrée avec --new-journal, ou sur un nouveau fichier), et il ne peut pas être envoyé sous ce nom. Vendez depuis cette caisse sous un nouveau nom : sur le serveur, guichetd register retire %s (l'ancien journal reste gardé et dans les rapports), puis démarrez la caisse sur un nouveau fichier avec un nouveau nom (--register) et inscrivez-la avec guichetd register add",

	"entry %d differs from the entry %d the server stored: this journal was changed after it was pushed":          "l'écriture %s diffère de l'écriture %s que le serveur a gardée : ce journal a été modifié après son envoi",
	"entry %d does not continue the chain the server stored (its previous hash differs): the journal was changed": "l'écriture %s ne continue pas la chaîne que le serveur a gardée (son empreinte précédente diffère) : le journal a été modifié",
	"entry %d records a signing key that is not the one enrolled for register %s":                                 "l'écriture %s enregistre une clé de signature qui n'est pas celle inscrite pour la caisse %s",
	"the batch holds two different entries %d":                                                                    "l'envoi contient deux écritures %s différentes",
	"an entry of the batch repeats an entry id or order the server stored already: %s":                            "une écriture de l'envoi répète un identifiant d'écriture ou une commande que le serveur a déjà : %s",

	// the detail in parentheses is the decoder's or the payload check's,
	// in English; what to do is said in French
	"entry %d of the batch cannot be read (%v): check the register's journal with guichet journal verify; if it is intact, call for help and give them this sentence": "l'écriture %s de l'envoi est illisible (%s) : vérifiez le journal de la caisse avec guichet journal verify ; s'il est intact, appelez à l'aide et donnez-leur cette phrase",
	"entry %d cannot be taken by the server (%v): update guichetd to the register's version or a newer one; if it is, call for help and give them this sentence":      "l'écriture %s ne peut pas être prise par le serveur (%s) : mettez guichetd à la version de la caisse ou à une plus récente ; s'il l'est déjà, appelez à l'aide et donnez-leur cette phrase",
}
