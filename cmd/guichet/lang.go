package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/internal/cli"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// The command line speaks the box office's language, as its screens do:
// the language --lang names (every command takes it), else the first
// language of the catalog the command runs with (--catalog FILE, else the
// embedded demo's), English when the catalog names none or cannot be read.
// The commands that read no catalog (journal, sync) speak the language of
// the catalog the register's file (--db) remembers (local.LanguagesOf),
// English for a file written before files remembered it, and for
// terminal-sim, which has neither. A French box office's manager running
// guichet report z, or guichet journal verify, met English.
func init() {
	program.Speaks = speaks
	program.Say = sayErr
	program.LangUsage = "the language of its messages: fr or en (default: its catalog's first, the demo's without --catalog; for journal and sync, the one the register's file remembers; English for terminal-sim)"
	pos.AddSentences(pos.French, frenchSentences)
	pos.AddStoredSentences(pos.French, frenchStored)
}

// readNoCatalog are the commands that run with no catalog: the embedded
// demo's language is not theirs to speak, but the register file's (--db,
// guichet.db by default) is, when they have one.
var readNoCatalog = map[string]bool{"journal": true, "sync": true, "terminal-sim": true}

// fileLangOf are the commands that speak the language their register's
// file remembers.
var fileLangOf = map[string]bool{"journal": true, "sync": true}

// speaks gives the language of a command line's messages (cli.Program's
// Speaks): a --lang the register does not speak is refused.
func speaks(command string, args []string) (func() string, error) {
	if v, ok := flagValue(args, "lang"); ok {
		l, err := pos.ParseLang(v)
		if err != nil {
			// said in the language the command would speak without it
			return func() string { return string(commandLang(command, args)) }, err
		}
		return func() string { return string(l) }, nil
	}
	return func() string { return string(commandLang(command, args)) }, nil
}

// commandLang is the language a command line speaks without --lang: its
// catalog's, else, for journal and sync, its register file's.
func commandLang(command string, args []string) pos.Lang {
	path := flagValue1(args, "catalog")
	if fileLangOf[command] && (path == "" || path == "demo" || !fileThere(path)) { // journal organiser --catalog FILE mistyped: the file's
		db := flagValue1(args, "db")
		if db == "" {
			db = "guichet.db"
		}
		return firstKnown(local.LanguagesOf(db))
	}
	return catalogLang(command, path)
}

// fileThere says whether path is a file that can be looked at.
func fileThere(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// firstKnown is the first of a catalog's languages, English when it is
// none the register speaks.
func firstKnown(langs []pos.Lang) pos.Lang {
	if len(langs) == 0 || !langs[0].Known() {
		return pos.English
	}
	return langs[0]
}

// flagValue1 is flagValue's value alone.
func flagValue1(args []string, name string) string {
	v, _ := flagValue(args, name)
	return v
}

// catalogLang is the first language of the catalog at path (the demo's
// for "" or "demo", but for a command that reads no catalog), English
// when it names none or cannot be read: only the languages are read, not
// the whole catalog checked (the command does that, and says what is
// wrong with it).
func catalogLang(command, path string) pos.Lang {
	if (path == "" || path == "demo") && readNoCatalog[command] {
		return pos.English
	}
	data := fixtures.Demo
	if path != "" && path != "demo" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return pos.English
		}
	}
	var c struct {
		Organiser struct {
			Languages []pos.Lang `json:"languages"`
		} `json:"organiser"`
	}
	if json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &c) != nil {
		return pos.English
	}
	return firstKnown(c.Organiser.Languages)
}

// sayErr writes a command's error in lang (cli.Program's Say): the
// register's refusals (pos.Errorf, its sentinels) and the command line's
// own are translated; an error that says itself (Say(lang)) does.
func sayErr(err error, lang string) string {
	if s, ok := err.(interface{ Say(pos.Lang) string }); ok { // itself, not one it wraps
		return s.Say(pos.Lang(lang))
	}
	return pos.Say(err, pos.Lang(lang))
}

// langOf is the language of the messages written to stderr, the command
// line's (cli.LangOf).
func langOf(stderr io.Writer) pos.Lang { return pos.Lang(cli.LangOf(stderr)) }

// words are an English phrase and its French (frenchWords, else
// frenchSentences), put inside a sentence (pos.Errorf renders a Text in
// the sentence's language).
func words(en string) pos.Text {
	if fr, ok := frenchWords[en]; ok {
		return pos.Text{"en": en, "fr": fr}
	}
	if fr, ok := frenchSentences[en]; ok {
		return pos.Text{"en": en, "fr": fr}
	}
	return pos.Text{"en": en}
}

// frenchSentences are the French of the command line's sentences: the
// formats of its pos.Errorf errors and the phrases put in them (words).
var frenchSentences = map[string]string{
	// order.go
	"name one order: guichet order %s NUMBER":                                        "nommez une commande : guichet order %s NUMÉRO",
	"unexpected argument %q: give the request with --cart FILE or on standard input": "argument inattendu « %s » : donnez la demande avec --cart FICHIER ou sur l'entrée standard",
	"there is no order %s in %s":                                                     "il n'y a pas de commande %s dans %s",
	"say why with --reason TEXT: it is kept in the journal":                          "dites pourquoi avec --reason TEXTE : c'est gardé dans le journal",
	"give the bank transfer's reference with --ref REF: it is how its payment is found again (paid at the counter: --method cash|card|...)": "donnez la référence du virement avec --ref RÉF : c'est par elle que son paiement se retrouve (payé au guichet : --method cash|card|...)",
	"the cart is empty: give its lines":                                     "le panier est vide : donnez ses lignes",
	"staff %q with that PIN is not in the catalog: check --staff and --pin": "aucun collaborateur « %s » avec ce code PIN dans le catalogue : vérifiez --staff et --pin",

	"%s has no open shift: open it at the counter with the float in the drawer first, or give --float AMOUNT to open it here (--float 0 with no cash drawer)": "%s n'a pas de service ouvert : ouvrez-le d'abord au guichet avec le fonds de caisse dans le tiroir, ou donnez --float MONTANT pour l'ouvrir ici (--float 0 sans tiroir-caisse)",
	"shift %s is already open with a float of %s: leave out --float":                                                                                          "le service %s est déjà ouvert avec un fonds de caisse de %s : retirez --float",

	// ticket.go
	"name one ticket: guichet ticket verify PAYLOAD (the text of its QR code, G2:…)": "nommez un billet : guichet ticket verify CODE (le texte de son code QR, G2:…)",

	"--float %q: %w":                                        "--float « %s » : %w",
	"--tendered %q: %w":                                     "--tendered « %s » : %w",
	"cannot read the request: %w":                           "impossible de lire la demande : %w",
	"the request is not valid: %w":                          "la demande n'est pas valable : %w",
	"the kiosk places its own orders: give --staff instead": "la borne passe ses propres commandes : donnez plutôt --staff",
	`an order's customer is one of the register's records, named in the cart: "cart": {"customer": "K01-C00001", "lines": [...]} (guichet customers list shows their ids); "customer": {...} is for guichet quote`: `le client d'une commande est une des fiches du registre, nommée dans le panier : "cart": {"customer": "K01-C00001", "lines": [...]} (guichet customers list donne leurs identifiants) ; "customer": {...} est pour guichet quote`,
	`an order is placed now: leave "now" and "today" to guichet quote`:                     `une commande se passe maintenant : laissez "now" et "today" à guichet quote`,
	`say how the order is paid: "payments": [{"method": "cash", "tendered": "CHF 50.00"}]`: `dites comment la commande est payée : "payments": [{"method": "cash", "tendered": "CHF 50.00"}]`,

	// readRequest (quote.go): guichet order says them too
	"%s is empty: write the request in it (see guichet quote in the README)":                                       "%s est vide : écrivez-y la demande (voir guichet quote dans le README)",
	"no request came on standard input: give it with --cart FILE, or pipe it in (see guichet quote in the README)": "aucune demande n'est arrivée sur l'entrée standard : donnez-la avec --cart FICHIER, ou envoyez-la par un tube (voir guichet quote dans le README)",

	// codes.go, customers.go
	"name the offer with --offer ID (its id in the catalog)":                              "nommez l'offre avec --offer ID (son identifiant dans le catalogue)",
	"name the codes: guichet codes %s CODE [CODE]":                                        "nommez les codes : guichet codes %s CODE [CODE]",
	"name the code to copy and the new one: guichet codes copy FROM NEW":                  "nommez le code à copier et le nouveau : guichet codes copy ANCIEN NOUVEAU",
	"say how many codes with --count N":                                                   "dites combien de codes avec --count N",
	"say how many orders may use the code with --max-uses N (0: unlimited)":               "dites combien de commandes peuvent utiliser le code avec --max-uses N (0 : illimité)",
	"name one CSV file: guichet codes import --offer ID FILE (see guichet codes example)": "nommez un fichier CSV : guichet codes import --offer ID FICHIER (voir guichet codes example)",
	"name one CSV file: guichet customers import FILE (see guichet customers example)":    "nommez un fichier CSV : guichet customers import FICHIER (voir guichet customers example)",
	"%s: %w": "%s : %w",
	"this box office has a staff list: say who changes the codes with --staff ID --pin PIN, an administrator's":         "cette billetterie a une liste du personnel : dites qui modifie les codes avec --staff ID --pin PIN, ceux d'un administrateur",
	"%s only reads, which anyone may: it checks no PIN and records no one; run it again without %s":                     "%s ne fait que lire, ce que chacun peut faire : aucun code PIN n'est vérifié et personne n'est enregistré ; relancez sans %s",
	"%s only reads, which anyone may: it checks no PIN and records no one; run it again without --staff and --pin":      "%s ne fait que lire, ce que chacun peut faire : aucun code PIN n'est vérifié et personne n'est enregistré ; relancez sans --staff ni --pin",
	"this box office has a staff list: say who imports the customers with --staff ID --pin PIN, an administrator's":     "cette billetterie a une liste du personnel : dites qui importe les clients avec --staff ID --pin PIN, ceux d'un administrateur",
	"%s may not change the codes (an administrator's right): run it again with an administrator's --staff ID --pin PIN": "%s ne peut pas modifier les codes (c'est un droit d'administrateur) : relancez la commande avec les --staff ID --pin PIN d'un administrateur",
	"%s may not import customers (an administrator's right): run it again with an administrator's --staff ID --pin PIN": "%s ne peut pas importer de clients (c'est un droit d'administrateur) : relancez la commande avec les --staff ID --pin PIN d'un administrateur",

	// door.go, counter.go, terminalsim.go
	"unexpected argument %q (see guichet counter -h)":                                                           "argument inattendu « %s » (voir guichet counter -h)",
	"unexpected argument %q (see guichet door -h)":                                                              "argument inattendu « %s » (voir guichet door -h)",
	"unexpected argument %q (see guichet terminal-sim -h)":                                                      "argument inattendu « %s » (voir guichet terminal-sim -h)",
	`name this door with --door (--door "porte 1"): "already admitted by …" says it`:                            `nommez cette porte avec --door (--door "porte 1") : « déjà admis par … » la cite`,
	`name this door after the host (ssh -t -p 2222 door@boxoffice porte nord): "already admitted by …" says it`: `nommez cette porte après l'hôte (ssh -t -p 2222 door@boxoffice porte nord) : « déjà admis par … » la cite`,
	"unexpected argument %q: the door is named once, by --door or after the host":                               "argument inattendu « %s » : la porte se nomme une fois, par --door ou après l'hôte",

	// sync.go: sync status, a person's lines
	"register %s runs alone: no central server has taken any of its %d entries (they are in this file only, the oldest %s old)": "la caisse %s fonctionne seule : aucun serveur central n'a pris aucune de ses %d écritures (elles ne sont que dans ce fichier, la plus ancienne attend depuis %s)",
	"register %s: every entry pushed (%d)":                                  "caisse %s : toutes les écritures sont envoyées (%d)",
	"register %s: 1 entry not pushed (%d), %s old":                          "caisse %s : 1 écriture non envoyée (%d), elle attend depuis %s",
	"register %s: %d entries not pushed (from %d to %d), the oldest %s old": "caisse %s : %d écritures non envoyées (de %d à %d), la plus ancienne attend depuis %s",
	"no entry was ever pushed and the oldest is older than %s: if this register should push, start it with --central URL --token-file FILE (or run guichet sync push); if it runs alone, leave --alert out": "aucune écriture n'a jamais été envoyée et la plus ancienne a plus de %s : si cette caisse doit envoyer son journal, démarrez-la avec --central URL --token-file FICHIER (ou lancez guichet sync push) ; si elle fonctionne seule, retirez --alert",
	"the oldest unpushed entry is older than %s: check the connection to the central server (guichet sync push)":                                                                                            "l'écriture non envoyée la plus ancienne a plus de %s : vérifiez la connexion au serveur central (guichet sync push)",

	// journal.go
	"%d entry exported":   "%d écriture exportée",
	"%d entries exported": "%d écritures exportées",

	// email.go
	"an e-mail's state is waiting, sent or refused, not %q":                                  "l'état d'un e-mail est waiting, sent ou refused, pas « %s »",
	"no mail server: give --smtp HOST[:PORT] or GUICHET_SMTP":                                "aucun serveur de messagerie : donnez --smtp HÔTE[:PORT] ou GUICHET_SMTP",
	"say which e-mail and which order: guichet email preview KIND --order NUMBER (KIND: %s)": "dites quel e-mail et quelle commande : guichet email preview TYPE --order NUMÉRO (TYPE : %s)",
	"name one order: guichet order send NUMBER [--to ADDRESS]":                               "nommez une commande : guichet order send NUMÉRO [--to ADRESSE]",
	"the mail server refused the tickets for %s: %s":                                         "le serveur de messagerie a refusé les billets pour %s : %s",

	// print-test, report --print (printtest.go, samplekey.go, report.go)
	"unexpected argument %q; the options are --printer, --profile, --format, --lang, --catalog and --db":                                                    "argument inattendu « %s » ; les options sont --printer, --profile, --format, --lang, --catalog et --db",
	"say which printer to use with --printer: %s":                                                                                                           "dites quelle imprimante utiliser avec --printer : %s",
	"there is no ticket format %q; use spectacle or cinema":                                                                                                 "il n'y a pas de format de billet « %s » ; prenez spectacle ou cinema",
	"there is no signing key %s beside the register's file: give the file whose key should sign the sample, or leave out --db to sign it with a sample key": "il n'y a pas de clé de signature %s à côté du fichier de la caisse : donnez le fichier dont la clé doit signer l'exemple, ou retirez --db pour le signer avec une clé d'exemple",
	"cannot read the signing key %s: %w":                                                                                                                    "impossible de lire la clé de signature %s : %w",
	"%s is not a guichet signing key: check that it is the .key file beside a register's file":                                                              "%s n'est pas une clé de signature guichet : vérifiez que c'est le fichier .key à côté du fichier d'une caisse",
	"the statement is already shown here; --print takes a printer: %s":                                                                                      "le relevé est déjà affiché ici ; --print prend une imprimante : %s",
	"the report is already shown here; --print takes a printer: %s":                                                                                         "le rapport est déjà affiché ici ; --print prend une imprimante : %s",
	"the %s was not printed: %w":                                                                                                                            "l'impression a échoué (%s) : %w",
	"the printer %s cannot print: %s":                                                                                                                       "l'imprimante %s ne peut pas imprimer : %s",
	"the %s was not printed: the printer %s cannot print: %s":                                                                                               "l'impression a échoué (%s) : l'imprimante %s ne peut pas imprimer : %s",
	"the %s may not have printed: %w":                                                                                                                       "l'impression n'a peut-être pas abouti (%s) : %w",
	printers.SpecHelp:                                                                                                                                       specHelpFr,
	printers.PaperSpecHelp:                                                                                                                                  paperSpecHelpFr,

	// kiosk.go
	"cannot read the exit PIN: %w": "impossible de lire le code PIN de sortie : %w",
	"the exit PIN file %s is empty: write the exit PIN in it (4 to 12 digits), or leave --exit-pin-file out to leave with an administrator's PIN only": "le fichier du code PIN de sortie %s est vide : écrivez-y le code PIN de sortie (4 à 12 chiffres), ou retirez --exit-pin-file pour ne sortir qu'avec le code PIN d'un administrateur",
	"the exit PIN is 4 to 12 digits, as a staff PIN: the kiosk's PIN screen takes digits only, and a shorter one a customer finds in a few tries":      "le code PIN de sortie a 4 à 12 chiffres, comme celui d'un collaborateur : l'écran de code PIN de la borne ne prend que des chiffres, et un client en trouve un plus court en quelques essais",
	"cannot open the kiosk's log: %w": "impossible d'ouvrir le journal technique de la borne : %w",

	// sync.go, service.go
	"say where to push: --central URL --token-file FILE (the token guichetd register add printed)": "dites où envoyer : --central URL --token-file FICHIER (le jeton que guichetd register add a affiché)",
	"%w; a running register pushes by itself with --central":                                       "%w ; une caisse en marche envoie d'elle-même avec --central",
	"push to %s: %w":                 "envoi à %s : %w",
	"cannot read the token file: %w": "impossible de lire le fichier du jeton : %w",
	"the token file %s is empty: put the token guichetd register add printed in it":                                                                                                                                               "le fichier du jeton %s est vide : mettez-y le jeton que guichetd register add a affiché",
	"--after-total, --after-closures and --after-year-total go with --new-journal AFTER: they are the figures a new journal's closures go on from":                                                                                "--after-total, --after-closures et --after-year-total vont avec --new-journal APRÈS : ce sont les chiffres dont partent les clôtures d'un nouveau journal",
	"the figures typed (%s) are not those of the last closures the central server holds (%s): check them against the last closure made, or leave --after-total, --after-closures and --after-year-total out to take the server's": "les chiffres tapés (%s) ne sont pas ceux des dernières clôtures que le serveur central détient (%s) : vérifiez-les avec la dernière clôture faite, ou retirez --after-total, --after-closures et --after-year-total pour prendre ceux du serveur",

	// ssh.go
	"cannot open the log file: %w":                                              "impossible d'ouvrir le fichier journal technique : %w",
	"the log format is text or json, not %q":                                    "le format du journal technique est text ou json, pas « %s »",
	"the idle limits go in order: --idle, then --idle-release, then --idle-end": "les délais d'inactivité vont dans l'ordre : --idle, puis --idle-release, puis --idle-end",

	// ticket.go, voucher.go
	"%s.pub: %w; remove it and it is written again from the key pinned in the journal":                                                                               "%s.pub : %w ; supprimez-le et il est réécrit depuis la clé enregistrée dans le journal",
	"%s.pub is not the key pinned in the journal %s: it would pass other registers' tickets and fail this one's; remove it and it is written again from the journal": "%s.pub n'est pas la clé enregistrée dans le journal %s : il accepterait les billets d'autres caisses et refuserait ceux de celle-ci ; supprimez-le et il est réécrit depuis le journal",
	"name one voucher or customer: guichet voucher %s CODE":                                                                                                          "nommez un avoir ou un client : guichet voucher %s CODE",
	"there is no voucher %s in %s": "il n'y a pas d'avoir %s dans %s",

	// journal organiser (journal.go)
	"give the catalog the file is to sell with: guichet journal organiser --db FILE --catalog FILE":           "donnez le catalogue avec lequel le fichier doit vendre : guichet journal organiser --db FICHIER --catalog FICHIER",
	"the catalog %s names no organiser (organiser.name): a register's file is re-pointed only to a named one": "le catalogue %s ne nomme aucun organisateur (organiser.name) : le fichier d'une caisse n'est rattaché qu'à un organisateur nommé",
	"say who re-points the file: --staff ID --pin PIN, an administrator of %s":                                "dites qui rattache le fichier : --staff ID --pin PIN, un administrateur de %s",
	"staff %q with that PIN is not in %s: check --staff and --pin":                                            "aucun collaborateur « %s » avec ce code PIN dans %s : vérifiez --staff et --pin",
	"%s is not an administrator in %s: an administrator re-points the register's file":                        "%s n'est pas administrateur dans %s : c'est un administrateur qui rattache le fichier de la caisse",
	"say who re-points the file: --staff NAME (the catalog %s lists no staff), recorded in the journal":       "dites qui rattache le fichier : --staff NOM (le catalogue %s ne liste aucun collaborateur), enregistré dans le journal",

	// owner.go
	"%w: %s belongs to the user %s: run the command as that user (sudo -u %s guichet %s ...)": "%w : %s appartient à l'utilisateur %s : lancez la commande en tant que cet utilisateur (sudo -u %s guichet %s ...)",

	// ssh.go
	"unexpected argument %q (see guichet ssh -h)": "argument inattendu « %s » (voir guichet ssh -h)",
	"no staff keys file %s: create it with one line per member of staff, their public key and their staff id (ssh-ed25519 AAAA... claire), then start guichet ssh again": "aucun fichier de clés du personnel %s : créez-le avec une ligne par collaborateur, sa clé publique et son identifiant (ssh-ed25519 AAAA... claire), puis relancez guichet ssh",
	"%w is taken: another program listens on that port (ss -ltnp names it): stop it, or give guichet ssh another port with --listen":                                     "%w est pris : un autre programme écoute sur ce port (ss -ltnp le nomme) : arrêtez-le, ou donnez un autre port à guichet ssh avec --listen",
	"cannot listen on %w: only root may listen on a port below 1024: give a higher one with --listen (0.0.0.0:2222)":                                                     "impossible d'écouter sur %w : seul root peut écouter sur un port en dessous de 1024 : donnez-en un plus haut avec --listen (0.0.0.0:2222)",
	"cannot listen on %w: this machine has no such address: give one of its own with --listen, or 0.0.0.0 for every network":                                             "impossible d'écouter sur %w : cette machine n'a pas cette adresse : donnez-en une des siennes avec --listen, ou 0.0.0.0 pour tous les réseaux",

	// kiosk.go
	"a kiosk takes payments on a terminal: give --terminal tcp://127.0.0.1:PORT (try guichet terminal-sim)": "une borne encaisse sur un terminal de paiement : donnez --terminal tcp://127.0.0.1:PORT (essayez guichet terminal-sim)",
	"unexpected argument %q (see guichet kiosk -h)":                                                         "argument inattendu « %s » (voir guichet kiosk -h)",

	// report.go
	"unexpected argument %q: guichet report tickets takes its day with --day YYYY-MM-DD": "argument inattendu « %s » : guichet report tickets prend son jour avec --day AAAA-MM-JJ",
	"choose --json or --csv, not both":                                                   "choisissez --json ou --csv, pas les deux",

	// journal.go
	"name the archive: guichet journal verify-archive FILE [FILE...]":          "nommez l'archive : guichet journal verify-archive FICHIER [FICHIER...]",
	"unexpected argument %q: name the file with --db FILE":                     "argument inattendu « %s » : nommez le fichier avec --db FICHIER",
	"say which year and where: guichet journal archive --year YYYY --out FILE": "dites quelle année et où : guichet journal archive --year AAAA --out FICHIER",

	// service.go
	"--central needs --token-file FILE: the token guichetd register add printed": "--central attend --token-file FICHIER : le jeton que guichetd register add a affiché",

	// Another organiser's file (catalog.go).
	"the embedded demo, as no --catalog was given": "la démo intégrée, faute de --catalog",
	"the embedded demo, --catalog demo":            "la démo intégrée, --catalog demo",
	"%s is the register of %s, the embedded demo (a start without --catalog made it); the catalog given is %s's (%s): to make the box office's register, move %s* aside (keep them) and start the register again with --catalog %s": "%s est la caisse de %s, la démo intégrée (un démarrage sans --catalog l'a créée) ; le catalogue donné est celui de %s (%s) : pour créer la caisse de la billetterie, mettez %s* de côté (gardez-les) et redémarrez la caisse avec --catalog %s",

	// journal.go: what of a journal that does not verify can be trusted.
	"the journal is good up to entry %d; entry %d and after cannot be trusted":                                                                                     "le journal est bon jusqu'à l'écriture %d ; l'écriture %d et les suivantes ne sont pas fiables",
	"the chain holds, but this closure does not say what its entries add up to (or is not signed by the register): the journal cannot be trusted from entry %d on": "la chaîne tient, mais cette clôture ne dit pas ce que font ses écritures (ou n'est pas signée par la caisse) : le journal n'est pas fiable à partir de l'écriture %d",
	"the chain holds, but its amounts do not add up: the journal cannot be trusted up to entry %d":                                                                 "la chaîne tient, mais ses montants ne s'additionnent pas : le journal n'est pas fiable jusqu'à l'écriture %d",
	"event log: %w": "journal technique : %w",

	// A shift's report (report_shift.go).
	"no shift was opened in %s yet: a seller opens one with a float at a till":             "aucun service n'a encore été ouvert dans %s : un vendeur en ouvre un avec un fonds de caisse à une caisse",
	"%s has no shift %s: guichet report x, without --shift, shows the last one opened":     "%s n'a pas de service %s : guichet report x, sans --shift, montre le dernier ouvert",
	"shift %s is still open: its Z is made when it closes (guichet report x shows it now)": "le service %s est encore ouvert : son Z se fait à sa clôture (guichet report x le montre maintenant)",

	// Files not there (owner.go).
	"no register file at %s: give it with --db FILE":                                "aucun fichier de caisse à l'emplacement %s : donnez-le avec --db FICHIER",
	"there is no file %s: check its name and its folder":                            "il n'y a pas de fichier %s : vérifiez son nom et son dossier",
	"there is no file %s in %s: check its name, and give its path from this folder": "il n'y a pas de fichier %s dans %s : vérifiez son nom, et donnez son chemin depuis ce dossier",
	"cannot read the catalog (--catalog): %w":                                       "impossible de lire le catalogue (--catalog) : %w",
	"cannot read the codes: %w":                                                     "impossible de lire les codes : %w",
	"cannot read the customers: %w":                                                 "impossible de lire les clients : %w",

	// A journal another process holds (service.go).
	"%s is %w%s%s": "%s est %w%s%s",
	", which serves tills over SSH: join it with ssh till@%s":                                                                                                                          ", qui sert des caisses par SSH : rejoignez-la avec ssh till@%s",
	", which serves tills over SSH: join it with ssh -p %s till@%s":                                                                                                                    ", qui sert des caisses par SSH : rejoignez-la avec ssh -p %s till@%s",
	", the counter on another terminal: sell there, or quit it there and start guichet ssh --console to serve this terminal and SSH tills together":                                    ", la caisse d'un autre terminal : vendez-y, ou quittez-la là-bas et lancez guichet ssh --console pour servir ce terminal et des caisses SSH ensemble",
	", the self-service kiosk: stop it first (F12 three times and an administrator's PIN on its screen)":                                                                               ", la borne libre-service : arrêtez-la d'abord (F12 trois fois et le code PIN d'un administrateur sur son écran)",
	": close it first; if that register serves tills over SSH (guichet ssh), join it: ssh -p 2222 till@localhost":                                                                      " : fermez-la d'abord ; si cette caisse sert des caisses par SSH (guichet ssh), rejoignez-la : ssh -p 2222 till@localhost",
	", which serves tills over SSH: open this door there, beside them, with ssh -t -p %s door@%s %s":                                                                                   ", qui sert des caisses par SSH : ouvrez-y cette porte, à côté d'elles, avec ssh -t -p %s door@%s %s",
	", the counter on another terminal: quit it there and start guichet ssh --console (the counter and SSH tills together), then open this door with ssh -t -p 2222 door@localhost %s": ", la caisse d'un autre terminal : quittez-la là-bas et lancez guichet ssh --console (la caisse et les caisses SSH ensemble), puis ouvrez cette porte avec ssh -t -p 2222 door@localhost %s",
	": close it first; if that register serves tills over SSH (guichet ssh), open this door there: ssh -t -p 2222 door@localhost %s":                                                   " : fermez-la d'abord ; si cette caisse sert des caisses par SSH (guichet ssh), ouvrez-y cette porte : ssh -t -p 2222 door@localhost %s",
	"%s is %w%s%s: %s, run %s again, then start it again%s":                                                                                                                            "%s est %w%s%s : %s, relancez %s, puis redémarrez-la%s",
	", which serves tills over SSH on %s": ", qui sert des caisses par SSH sur %s",
	"stop it":                             "arrêtez-la",
	"stop it (systemctl stop guichet when it runs as a service, else ctrl+c where it was started)": "arrêtez-la (systemctl stop guichet si elle tourne en service, sinon ctrl+c là où elle a été lancée)",
	", the counter on another terminal":                                  ", la caisse d'un autre terminal",
	"quit it there (ctrl+c)":                                             "quittez-la là-bas (ctrl+c)",
	", the self-service kiosk":                                           ", la borne libre-service",
	"stop it (F12 three times and an administrator's PIN on its screen)": "arrêtez-la (F12 trois fois et le code PIN d'un administrateur sur son écran)",
	"; or change them at its administrator's desk (a on the sales list, then Enter on the offer)": " ; ou modifiez-les au bureau de son administrateur (a sur la liste des ventes, puis Entrée sur l'offre)",
	"; or import them at its administrator's desk (a on the sales list, then i)":                  " ; ou importez-les au bureau de son administrateur (a sur la liste des ventes, puis i)",
	"; or start it with --smtp: it sends its outbox itself":                                       " ; ou lancez-la avec --smtp : elle envoie elle-même sa boîte d'envoi",
	"; or send them from one of its tills (e on the order)":                                       " ; ou envoyez-les depuis une de ses caisses (e sur la commande)",
	"; or do it at one of its tills (o on the sales list)":                                        " ; ou faites-le à une de ses caisses (o sur la liste des ventes)",

	// The lines written for a person on standard output (sayf, sayn):
	// codes.go
	"offer %s — %s: %d code":                     "offre %s — %s : %d code",
	"offer %s — %s: %d codes":                    "offre %s — %s : %d codes",
	"CODE\tUSES / PERMITTED\tSTATE\tFROM":        "CODE\tUTILISATIONS / PERMISES\tÉTAT\tORIGINE",
	"%d / unlimited":                             "%d / illimité",
	"TIME\tWHAT\tORDER\tBY":                      "MOMENT\tQUOI\tCOMMANDE\tPAR",
	"in the catalog":                             "dans le catalogue",
	"for unlimited orders":                       "pour un nombre illimité de commandes",
	"for %d order":                               "pour %d commande",
	"for %d orders":                              "pour %d commandes",
	"%d code added to offer %s":                  "%d code ajouté à l'offre %s",
	"%d codes added to offer %s":                 "%d codes ajoutés à l'offre %s",
	"%d random code added to offer %s, %s":       "%d code aléatoire ajouté à l'offre %s, %s",
	"%d random codes added to offer %s, each %s": "%d codes aléatoires ajoutés à l'offre %s, chacun %s",
	"%s enabled":                                 "%s activé",
	"%s disabled":                                "%s désactivé",
	"%s: unlimited orders":                       "%s : nombre de commandes illimité",
	"%s: %d order":                               "%s : %d commande",
	"%s: %d orders":                              "%s : %d commandes",
	"%s added to offer %s, %s":                   "%s ajouté à l'offre %s, %s",
	"%s deleted":                                 "%s supprimé",
	"%d code imported into offer %s":             "%d code importé dans l'offre %s",
	"%d codes imported into offer %s":            "%d codes importés dans l'offre %s",

	// customers.go
	"%d customer imported":                "%d client importé",
	"%d customers imported":               "%d clients importés",
	"ID\tNAME\tE-MAIL\tPHONE\tNEWSLETTER": "ID\tNOM\tE-MAIL\tTÉLÉPHONE\tNEWSLETTER",
	"yes, since %s":                       "oui, depuis le %s",

	// journal.go (after "ok: ", which stays as it is for scripts)
	"archive of register %s, year %s: entries %d to %d chained, every hash, file and closure checked, signed by key %s":                               "archive de la caisse %s, année %s : écritures %d à %d chaînées, chaque empreinte, fichier et clôture vérifiés, signée par la clé %s",
	"the years %s to %s follow each other: none missing, each chained to the year before and opening with the figures it closed with":                 "les années %s à %s se suivent : aucune ne manque, chacune est chaînée à la précédente et s'ouvre sur les chiffres de sa clôture",
	"register %s, %d entry, gapless, every hash and link checked, ends at its head, every closure adds up and is signed; head %d:%s (last hash %s)":   "caisse %s, %d écriture, sans trou, chaque empreinte et chaque lien vérifiés, finit à sa tête, chaque clôture s'additionne et est signée ; tête %d:%s (dernière empreinte %s)",
	"register %s, %d entries, gapless, every hash and link checked, ends at its head, every closure adds up and is signed; head %d:%s (last hash %s)": "caisse %s, %d écritures, sans trou, chaque empreinte et chaque lien vérifiés, finit à sa tête, chaque clôture s'additionne et est signée ; tête %d:%s (dernière empreinte %s)",
	"every view (orders, seats, tickets sold, vouchers, shifts, codes...) is what the journal gives":                                                  "chaque vue (commandes, places, billets vendus, bons, services, codes...) est ce que donne le journal",
	"the views were not checked: %s":                        "les vues n'ont pas été vérifiées : %s",
	"entry %d matches the head written down (%s)":           "l'écriture %d correspond à la tête notée (%s)",
	"flat file %s: %s and %s, each the journal's own bytes": "fichier plat %s : %s et %s, chacun aux octets mêmes du journal",
	"%d entry":   "%d écriture",
	"%d entries": "%d écritures",
	"%d event":   "%d événement",
	"%d events":  "%d événements",
	"%d entry of the journal is not in it yet: the register appends it at its next start":                                                                                         "%d écriture du journal n'y est pas encore : la caisse l'y ajoute à son prochain démarrage",
	"the journal's last %d entries are not in it yet: the register appends them at its next start":                                                                                "les %d dernières écritures du journal n'y sont pas encore : la caisse les y ajoute à son prochain démarrage",
	"it holds %d entry the journal does not (the register, or the machine, stopped before the file had it): the register's next start completes or rebuilds the file from it":     "il contient %d écriture que le journal n'a pas (la caisse, ou la machine, s'est arrêtée avant que le fichier l'ait) : le prochain démarrage de la caisse complète le fichier ou le reconstruit à partir du journal",
	"it holds %d entries the journal does not (the register, or the machine, stopped before the file had them): the register's next start completes or rebuilds the file from it": "il contient %d écritures que le journal n'a pas (la caisse, ou la machine, s'est arrêtée avant que le fichier les ait) : le prochain démarrage de la caisse complète le fichier ou le reconstruit à partir du journal",
	"its last %d byte is not a whole batch: a write under way, or one a stop cut short (no sale was told done with it, and the register's next start removes it)":                 "son dernier octet (%d) ne forme pas un lot entier : une écriture en cours, ou qu'un arrêt a interrompue (aucune vente n'a été dite faite avec elle, et le prochain démarrage de la caisse l'enlève)",
	"its last %d bytes are not a whole batch: a write under way, or one a stop cut short (no sale was told done with it, and the register's next start removes it)":               "ses %d derniers octets ne forment pas un lot entier : une écriture en cours, ou qu'un arrêt a interrompue (aucune vente n'a été dite faite avec elle, et le prochain démarrage de la caisse l'enlève)",
	"views rebuilt from %s: identical to the ones kept (%s)":                                                                                                                      "vues reconstruites depuis %s : identiques à celles qui étaient gardées (%s)",
	"views rebuilt from %s: they DIFFERED from the ones kept (%s before, %s now); the rebuilt ones are kept":                                                                      "vues reconstruites depuis %s : elles DIFFÉRAIENT de celles qui étaient gardées (%s avant, %s maintenant) ; les vues reconstruites sont gardées",
	"archived year %s: entries %d to %d (%d) in %s, sha256 %s; recorded as journal entry %d":                                                                                      "année %s archivée : écritures %d à %d (%d) dans %s, sha256 %s ; enregistrée comme écriture %d du journal",
	"%s (register %s) remembers no organiser yet: it learns it from the catalog it last sold with; the catalog %s names %q":                                                       "%s (caisse %s) ne connaît encore aucun organisateur : il l'apprend du dernier catalogue avec lequel la caisse a vendu ; le catalogue %s nomme « %s »",
	"%s (register %s) sells for %q; the catalog %s names %q":                                                                                                                      "%s (caisse %s) vend pour « %s » ; le catalogue %s nomme « %s »",
	"re-pointed from %q to %q on %s by %s (journal entry %d)":                                                                                                                     "rattaché de « %s » à « %s » le %s par %s (écriture %d du journal)",
	"the same box office: the file takes this catalog, nothing to re-point":                                                                                                       "la même billetterie : le fichier accepte ce catalogue, rien à rattacher",
	"nothing changed. If %s is the box office's own catalog under a new name (or its new owner's), re-point the file to it, the register stopped: guichet journal organiser --db %s --catalog %s --confirm --staff ID --pin PIN (an administrator of that catalog); the journal records who, when and both names": "rien n'a changé. Si %s est le catalogue de la billetterie sous un nouveau nom (ou celui de son nouveau propriétaire), rattachez-y le fichier, la caisse arrêtée : guichet journal organiser --db %s --catalog %s --confirm --staff ID --pin PIN (un administrateur de ce catalogue) ; le journal enregistre qui, quand et les deux noms",
	"it sold for %q":     "il vendait pour « %s »",
	"it remembered none": "il n'en connaissait aucun",
	"%s sells for %q from now on (%s): recorded as journal entry %d, by %s at %s": "%s vend désormais pour « %s » (%s) : enregistré comme écriture %d du journal, par %s à %s",

	// email.go
	"(no address: the order has no customer e-mail)": "(pas d'adresse : la commande n'a pas d'e-mail de client)",
	"To: %s":       "À : %s",
	"Subject: %s":  "Objet : %s",
	"PDF: %s (%s)": "PDF : %s (%s)",
	"queued %d, sent %d, to try again %d, refused %d": "en file : %d, envoyés : %d, à réessayer : %d, refusés : %d",
	"%s to %s: %s; next try %s":                       "%s pour %s : %s ; prochain essai %s",
	"guichet email: %d e-mail could not go now, said above with why (a server that does not answer: check --smtp and that the mail server runs); it waits in the outbox: run guichet email send again after its next try":          "guichet email : %d e-mail n'a pas pu partir maintenant, avec la raison dite ci-dessus (un serveur qui ne répond pas : vérifiez --smtp et que le serveur de messagerie tourne) ; il attend dans la boîte d'envoi : relancez guichet email send après son prochain essai",
	"guichet email: %d e-mails could not go now, each said above with why (a server that does not answer: check --smtp and that the mail server runs); they wait in the outbox: run guichet email send again after their next try": "guichet email : %d e-mails n'ont pas pu partir maintenant, chacun avec la raison dite ci-dessus (un serveur qui ne répond pas : vérifiez --smtp et que le serveur de messagerie tourne) ; ils attendent dans la boîte d'envoi : relancez guichet email send après leur prochain essai",
	"%s at %s": "%s à %s",
	"%d waits for its next try (a server that failed before is not asked again sooner): run guichet email send again then":  "%d attend son prochain essai (un serveur qui a déjà échoué n'est pas redemandé plus tôt) : relancez guichet email send à ce moment-là",
	"%d wait for their next try (a server that failed before is not asked again sooner): run guichet email send again then": "%d attendent leur prochain essai (un serveur qui a déjà échoué n'est pas redemandé plus tôt) : relancez guichet email send à ce moment-là",
	"queued %s":                       "mis en file le %s",
	", sent %s":                       ", envoyé le %s",
	", refused: %s":                   ", refusé : %s",
	", %d failed try (%s), next %s":   ", %d essai échoué (%s), prochain le %s",
	", %d failed tries (%s), next %s": ", %d essais échoués (%s), prochain le %s",
	" (copy)":                         " (copie)",
	"%d ticket%s queued for %s as %s: the central server sends it once the register pushes its journal":    "%d billet%s mis en file pour %s sous %s : le serveur central l'envoie dès que la caisse lui a transmis son journal",
	"%d tickets%s queued for %s as %s: the central server sends them once the register pushes its journal": "%d billets%s mis en file pour %s sous %s : le serveur central les envoie dès que la caisse lui a transmis son journal",
	"%d ticket%s queued for %s as %s: no mail server here, it goes when the register that sends runs":      "%d billet%s mis en file pour %s sous %s : pas de serveur de messagerie ici, il part quand la caisse qui envoie tourne",
	"%d tickets%s queued for %s as %s: no mail server here, they go when the register that sends runs":     "%d billets%s mis en file pour %s sous %s : pas de serveur de messagerie ici, ils partent quand la caisse qui envoie tourne",
	"%d ticket%s sent to %s (%s)":                             "%d billet%s envoyé à %s (%s)",
	"%d tickets%s sent to %s (%s)":                            "%d billets%s envoyés à %s (%s)",
	"%d ticket%s for %s waits in the outbox: %s; next try %s": "%d billet%s pour %s attend dans la boîte d'envoi : %s ; prochain essai à %s",
	"%d tickets%s for %s wait in the outbox: %s; next try %s": "%d billets%s pour %s attendent dans la boîte d'envoi : %s ; prochain essai à %s",

	// ticket.go (after "valid: " and "INVALID: ", which stay as they are for scripts)
	"%s is a ticket's number, not its code: guichet order show %s --db %s says its state": "%s est le numéro d'un billet, pas son code : guichet order show %s --db %s dit son état",
	"ticket %s":                 "billet %s",
	", performance %s, zone %s": ", représentation %s, zone %s",
	", seat %s":                 ", place %s",
	", category %s":             ", catégorie %s",
	"state in %s: valid":        "état dans %s : valable",
	"state in %s: UNPAID: its invoice is not paid yet; refuse it at the door until the box office validates the payment":                                                        "état dans %s : NON PAYÉ : sa facture n'est pas encore payée ; refusez-le à l'entrée tant que la billetterie n'a pas validé le paiement",
	"state in %s: CANCELLED on %s: refuse it at the door":                                                                                                                       "état dans %s : ANNULÉ le %s : refusez-le à l'entrée",
	"state in %s: EXCHANGED on %s: refuse it at the door":                                                                                                                       "état dans %s : ÉCHANGÉ le %s : refusez-le à l'entrée",
	"state in %s: sold by the lost journal this one replaced (the code is genuine): whether it was cancelled or exchanged went with that journal; check it with the box office": "état dans %s : vendu par le journal perdu que celui-ci a remplacé (le code est authentique) : s'il a été annulé ou échangé est parti avec ce journal ; vérifiez-le auprès de la billetterie",
	"state in %s: unknown to this journal (it did not issue this ticket)":                                                                                                       "état dans %s : inconnu de ce journal (il n'a pas émis ce billet)",
	"%d ticket cancelled, exchanged or on an invoice not paid yet":                                                                                                              "%d billet annulé, échangé ou sur une facture pas encore payée",
	"%d tickets cancelled, exchanged or on an invoice not paid yet":                                                                                                             "%d billets annulés, échangés ou sur une facture pas encore payée",
	"%s.pub is missing: the ticket is checked with the key pinned in the journal; the register writes %s.pub again at its next start (door scanners need it)":                   "%s.pub manque : le billet est vérifié avec la clé épinglée dans le journal ; la caisse réécrit %s.pub à son prochain démarrage (les lecteurs des portes en ont besoin)",

	// terminalsim.go, sync.go, printtest.go
	"payment terminal simulator on %s (kiosk: --terminal %s)": "simulateur de terminal de paiement sur %s (borne : --terminal %s)",
	"next charge: %s": "prochain débit : %s",
	"the central server's copy ends at entry %d, before the %d this file counted as pushed (its database restored from an older backup?): pushing again from %d": "la copie du serveur central s'arrête à l'écriture %d, avant les %d que ce fichier comptait comme envoyées (sa base restaurée depuis une sauvegarde plus ancienne ?) : nouvel envoi à partir de %d",
	"%s: status cannot be read on this connection; printing anyway":                                                                                              "%s : l'état ne peut pas être lu sur cette connexion ; impression quand même",
	"%s: %s": "%s : %s",
	"printed a sample %s ticket and a receipt on %s (profile %s)": "billet d'exemple %s et reçu imprimés sur %s (profil %s)",
	"the sample QR code is signed with the register's key %s":     "le code QR d'exemple est signé avec la clé de la caisse %s",
	"the sample QR code is signed with the sample key %s":         "le code QR d'exemple est signé avec la clé d'exemple %s",
	" (new)": " (nouvelle)",
	"; check it with: guichet ticket verify %s --key %s": " ; vérifiez-le avec : guichet ticket verify %s --key %s",
	"guichet report: unexpected argument %q":             "guichet report : argument inattendu « %s »",
	"guichet order %s: %s":                               "guichet order %s : %s",
	"waiting for the printer: %s":                        "en attente de l'imprimante : %s",
	"the printer did not confirm the %s; if it came out, choose a profile without print confirmation": "l'imprimante n'a pas confirmé l'impression (%s) ; si elle est sortie, choisissez un profil sans confirmation d'impression",
}

// frenchStored are the French of sentences other packages write as plain
// text (fmt.Errorf), which pos.Say recognises by their format. The
// printer's (printers.Open's, a printer unreachable) are printers' own
// (printers.FrenchReasons, added by counter).
var frenchStored = map[string]string{
	"the language must be fr or en, not %q":                     "la langue doit être fr ou en, pas « %s »",
	"--receipts must be ask, always or cash, not %q":            "--receipts vaut ask, always ou cash, pas « %s »",
	"there is no printer profile named %q; the profiles are %s": "il n'y a pas de profil d'imprimante « %s » ; les profils sont %s",

	// local.Verify's notes (VerifyResult.ViewsUnchecked, Restarted), said after journal verify's lines (every verb of the French %s);
	// the lost journal's figures (local.JournalFigures.String, %w) are said by local's own sentences for them
	"the machine stopped while the register had the file open: its next start rebuilds the file, views included, from its flat file":                                                                                                                                            "la machine s'est arrêtée pendant que la caisse avait le fichier ouvert : son prochain démarrage reconstruit le fichier, vues comprises, depuis son fichier plat",
	"they are of an older version, or one is missing: the register rebuilds them all from the journal at its next start":                                                                                                                                                        "elles sont d'une version plus ancienne, ou l'une manque : la caisse les reconstruit toutes depuis le journal à son prochain démarrage",
	"entry %d starts this journal in place of a lost one, before the lost journal's closure figures were carried: its closures started again from zero":                                                                                                                         "l'écriture %s commence ce journal à la place d'un journal perdu, d'avant le report des chiffres de clôture du journal perdu : ses clôtures sont reparties de zéro",
	"entry %d starts this journal in place of a lost one: its closures go on from the lost journal's (%w), taken as recorded, as verify cannot add up a journal that is lost: compare them with the lost journal's last closure (exported, archived, or on the central server)": "l'écriture %s commence ce journal à la place d'un journal perdu : ses clôtures reprennent celles du journal perdu (%s), prises telles qu'enregistrées, car verify ne peut pas additionner un journal perdu : comparez-les avec la dernière clôture du journal perdu (exportée, archivée ou sur le serveur central)",
}

// The French of printers' refusal of a printer spec (printers.Open), one
// format a reason, with the accepted specs said in French.
var (
	specHelpFr      = "dev:/dev/usb/lp0 (une imprimante USB ou parallèle), tcp://192.168.1.50:9100 (une imprimante réseau ; port 9100 par défaut), file:out.bin (ajoute les octets à un fichier) ou preview (pas d'imprimante : garde le billet pour le montrer à l'écran)"
	paperSpecHelpFr = "dev:/dev/usb/lp0 (une imprimante USB ou parallèle), tcp://192.168.1.50:9100 (une imprimante réseau ; port 9100 par défaut) ou file:out.bin (ajoute les octets à un fichier)"
	badSpecFr       = map[string]string{
		"the address has no host":           "l'adresse n'a pas d'hôte",
		"the address is not host:port":      "l'adresse n'est pas hôte:port",
		"the device path is empty":          "le chemin du périphérique est vide",
		"the file name is empty":            "le nom du fichier est vide",
		"it names no known kind of printer": "elle ne nomme aucune sorte d'imprimante connue",
	}
)

func init() {
	m := map[string]string{}
	for why, fr := range badSpecFr {
		m["cannot use printer %q: "+why+"; write "+printers.SpecHelp] = "impossible d'utiliser l'imprimante « %s » : " + fr + " ; écrivez " + specHelpFr
	}
	pos.AddStoredSentences(pos.French, m)
}

// printerStatusFr are the French of the phrases of a printer's status
// (printers.Status.String, its problems joined with "; ").
var printerStatusFr = map[string]string{
	"out of paper: load a new roll":                                        "plus de papier : mettez un rouleau",
	"the cover is open: close it":                                          "le capot est ouvert : fermez-le",
	"the cutter is jammed: open the cover and clear it":                    "le coupe-papier est bloqué : ouvrez le capot et dégagez-le",
	"printer error (the head may be too hot): it should recover by itself": "erreur de l'imprimante (la tête est peut-être trop chaude) : elle devrait repartir d'elle-même",
	"printer error: switch the printer off and on again":                   "erreur de l'imprimante : éteignez-la et rallumez-la",
	"paper is being fed with the FEED button":                              "le papier avance avec le bouton FEED",
	"the printer is offline":                                               "l'imprimante est hors ligne",
	"the paper roll is nearly out":                                         "le rouleau est presque fini",
	"ready, but the paper roll is nearly out":                              "prête, mais le rouleau est presque fini",
	"ready": "prête",
}

// printerSays is what a printer's status says, in the sentence's language
// (pos.Errorf renders a Text).
func printerSays(st printers.Status) pos.Text {
	en := st.String()
	return pos.Text{"en": en, "fr": printerStatusInFrench(en)}
}

// printerFault is a printer.fault event's detail (kept as English text)
// in lang: a job's failure (printers.Failure.String) said whole, the job
// as staff find it (counter.FailureSaid); a printer's status phrase by
// phrase; a printer that could not be reached or written to by its
// sentence (printers.FrenchReasons), the system's own words in it as they
// are.
func printerFault(detail string, lang pos.Lang) string {
	if lang != pos.French {
		return pos.Say(errors.New(detail), lang)
	}
	if f, ok := printers.FailureOf(detail); ok {
		return counter.FailureSaid(f, lang)
	}
	if fr := printerStatusInFrench(detail); fr != detail {
		return fr
	}
	return pos.Say(errors.New(detail), lang)
}

// printerStatusInFrench is a printer's status as printers.Status.String
// wrote it (a printer.fault event's detail too) in French: its phrases
// the command line has French for said in French, the others as they are.
func printerStatusInFrench(en string) string {
	var fr []string
	for _, p := range strings.Split(en, "; ") {
		if t, ok := printerStatusFr[p]; ok {
			p = t
		}
		fr = append(fr, p)
	}
	return strings.Join(fr, " ; ")
}

// frenchWords are the French of the words the command line puts in its
// lines and sentences: a table's column (a code's state, where it comes
// from, what happened to it, a customer's newsletter "no"), what a paper
// is ("the %s was not printed"), an event's kind. They are its own, said
// by word and words, not added to pos's shared sentences: there, a plain
// error whose whole text were "no" or "register" would have been said
// "non" or "caisse".
var frenchWords = map[string]string{
	// what a paper is (printAndWait, printPaper)
	"sample ticket":  "billet d'exemple",
	"sample receipt": "reçu d'exemple",
	"statement":      "relevé",
	"X report":       "rapport X",
	"Z closure":      "clôture Z",

	// codes.go: a code's state and where it comes from, what happened to it
	"enabled":   "activé",
	"disabled":  "désactivé",
	"register":  "caisse",
	"catalog":   "catalogue",
	"created":   "créé",
	"changed":   "modifié",
	"used":      "utilisé",
	"unused":    "rendu",
	"deleted":   "supprimé",
	"unlimited": "illimité",

	// customers.go: a customer's newsletter
	"no": "non",

	// journal.go: the kinds of the technical event log (journal events;
	// --json keeps local's names)
	local.EventStarted:        "démarrage",
	local.EventStopped:        "arrêt",
	local.EventKeyPinned:      "clé épinglée",
	local.EventClockJumped:    "saut d'horloge",
	local.EventPrinterFault:   "panne d'imprimante",
	local.EventUnlockFailed:   "code PIN refusé",
	local.EventArchiveMade:    "archive créée",
	local.EventRestored:       "journal restauré",
	local.EventCatalogRefused: "catalogue refusé",
}

// word is one of the command line's words (frenchWords) in lang.
func word(lang pos.Lang, en string) string {
	if fr, ok := frenchWords[en]; ok && lang == pos.French {
		return fr
	}
	return en
}

// sayf writes one of the command line's lines for a person (standard
// output, or a note on standard error) in lang: its format is looked up in
// frenchSentences, as an error's is (pos.Errorf), and Money and Text
// arguments are written in lang. The lines scripts read (CSV, JSON, the
// codes one a line, the ok: and BAD: markers) are not said through it.
func sayf(lang pos.Lang, format string, args ...any) string {
	return pos.Say(pos.Errorf(format, args...), lang)
}

// sayn is sayf with the format that agrees with n: one for a single
// thing (in French for none too: « 0 code ajouté »), many else.
func sayn[N ~int | ~int64 | ~uint64](lang pos.Lang, n N, one, many string, args ...any) string {
	if n == 1 || (n == 0 && lang == pos.French) {
		return sayf(lang, one, args...)
	}
	return sayf(lang, many, args...)
}
