package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/pos"
)

// TestTheCommandLineSpeaksTheBoxOfficesLanguage: every command's error was
// English ("guichet report: ..."), and some were Go's chains ("open x: no
// such file or directory", no shift ""): a French box office's manager
// met them at the most common mistakes. The command line now speaks
// --lang's language, else the catalog's first (the demo's: French), and
// says what to do. Each mistake is made as a person makes it, in both
// languages: its first line of standard error and its exit status.
func TestTheCommandLineSpeaksTheBoxOfficesLanguage(t *testing.T) {
	dir := t.TempDir()
	cat, err := fixtures.DemoCatalog(time.Now())
	must(t, err)
	// held.db: a counter sells on it (this process); fresh.db: no shift yet
	held, err := counter.Open(counter.Options{Path: filepath.Join(dir, "held.db"), Register: "K01", Catalog: cat, Serves: "counter"})
	must(t, err)
	defer held.Close()
	fresh, err := counter.Open(counter.Options{Path: filepath.Join(dir, "fresh.db"), Register: "K02", Catalog: cat})
	must(t, err)
	fresh.Close()
	pid := os.Getpid()
	// a port another program holds (guichet ssh reads its staff keys first)
	must(t, os.WriteFile(filepath.Join(dir, "staff_keys"), []byte("# no staff yet\n"), 0o600))
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	defer taken.Close()
	port := taken.Addr().String()
	mistakes := []struct {
		mistake string
		args    []string
		french  []string // the command line in French: the demo's, or with --lang fr
		code    int
		fr, en  string // the first line of standard error
	}{
		{"a misspelt command", []string{"repotr", "z"}, nil, 2,
			`guichet n'a pas de commande « repotr » (vouliez-vous dire report ?) ; guichet -h les liste`,
			`guichet has no command "repotr" (did you mean report?); guichet -h lists them`},
		{"a misspelt flag", []string{"report", "z", "--dby", "r.db"}, nil, 2,
			`guichet report z ne prend pas d'option --dby (vouliez-vous dire --db ?) ; guichet report z -h liste les options qu'elle prend`,
			`guichet report z takes no flag --dby (did you mean --db?); guichet report z -h lists the flags it takes`},
		{"a flag without its value", []string{"report", "tickets", "--db", "fresh.db", "--day"}, nil, 2,
			`--day attend une valeur : guichet report tickets -h dit ce qu'elle prend`,
			`--day needs a value: guichet report tickets -h says what it takes`},
		{"a word for a number", []string{"counter", "--db", "fresh.db", "--grant-low", "cinq"}, nil, 2,
			`--grant-low est un nombre entier (5), pas « cinq »`,
			`--grant-low is a whole number (5), not "cinq"`},
		{"a misspelt yes", []string{"counter", "--db", "fresh.db", "--escrow=oui"}, nil, 2,
			`--escrow est oui ou non (true ou false), pas « oui »`,
			`--escrow is yes or no (true or false), not "oui"`},
		{"a language the register does not speak", []string{"report", "z", "--lang", "de"}, []string{}, 2,
			`guichet report : la langue doit être fr ou en, pas « de »`,
			""}, // said in the catalog's language: one test

		{"a misspelt journal command", []string{"journal", "verfy", "--db", "fresh.db"}, nil, 2, // French: the file's catalog's
			`guichet journal n'a pas de sous-commande « verfy » (vouliez-vous dire verify ?)`,
			`guichet journal has no command "verfy" (did you mean verify?)`},
		{"no register file", []string{"journal", "verify", "--db", "missing.db"}, []string{"--lang", "fr"}, 1,
			`guichet journal : aucun fichier de caisse à l'emplacement missing.db : donnez-le avec --db FICHIER`,
			`guichet journal: no register file at missing.db: give it with --db FILE`},
		{"no catalog file", []string{"report", "z", "--db", "fresh.db", "--catalog", "catalogue.json"}, []string{"--lang", "fr"}, 1,
			fmt.Sprintf(`guichet report : impossible de lire le catalogue (--catalog) : il n'y a pas de fichier catalogue.json dans %s : vérifiez son nom, et donnez son chemin depuis ce dossier`, dir),
			fmt.Sprintf(`guichet report: cannot read the catalog (--catalog): there is no file catalogue.json in %s: check its name, and give its path from this folder`, dir)},
		{"no shift yet", []string{"report", "z", "--db", "fresh.db"}, nil, 1,
			`guichet report : aucun service n'a encore été ouvert dans fresh.db : un vendeur en ouvre un avec un fonds de caisse à une caisse`,
			`guichet report: no shift was opened in fresh.db yet: a seller opens one with a float at a till`},
		{"the journal held by the counter", []string{"counter", "--db", "held.db"}, nil, 1,
			fmt.Sprintf(`guichet counter : held.db est déjà ouvert par une autre caisse (pid %d), la caisse d'un autre terminal : vendez-y, ou quittez-la là-bas et lancez guichet ssh --console pour servir ce terminal et des caisses SSH ensemble`, pid),
			fmt.Sprintf(`guichet counter: held.db is already open by another register (pid %d), the counter on another terminal: sell there, or quit it there and start guichet ssh --console to serve this terminal and SSH tills together`, pid)},
		{"a write beside the counter", []string{"journal", "rebuild", "--db", "held.db"}, nil, 1, // its snapshot says French
			fmt.Sprintf(`guichet journal : held.db est déjà ouvert par une autre caisse (pid %d), la caisse d'un autre terminal : quittez-la là-bas (ctrl+c), relancez guichet journal rebuild, puis redémarrez-la`, pid),
			fmt.Sprintf(`guichet journal: held.db is already open by another register (pid %d), the counter on another terminal: quit it there (ctrl+c), run guichet journal rebuild again, then start it again`, pid)},
		{"a ticket check without the ticket", []string{"ticket", "verify", "--db", "fresh.db"}, nil, 2,
			`nommez un billet : guichet ticket verify CODE (le texte de son code QR, G2:…)`,
			`name one ticket: guichet ticket verify PAYLOAD (the text of its QR code, G2:…)`},
		{"a misspelt ticket command", []string{"ticket", "revokd"}, nil, 2,
			`guichet ticket n'a pas de sous-commande « revokd » (vouliez-vous dire revoked ?)`,
			`guichet ticket has no command "revokd" (did you mean revoked?)`},
		{"a port another program holds", []string{"ssh", "--db", "ssh.db", "--listen", port}, nil, 1,
			fmt.Sprintf(`guichet ssh : %s est pris : un autre programme écoute sur ce port (ss -ltnp le nomme) : arrêtez-le, ou donnez un autre port à guichet ssh avec --listen`, port),
			fmt.Sprintf(`guichet ssh: %s is taken: another program listens on that port (ss -ltnp names it): stop it, or give guichet ssh another port with --listen`, port)},
	}
	// commandLine is a mistake's command line in lang, and the first line
	// it is to say.
	commandLine := func(args, french []string, fr, en, lang string) ([]string, string) {
		args, want := append([]string(nil), args...), en
		switch {
		case lang == "fr":
			args, want = append(args, french...), fr
		case french == nil && strings.HasPrefix(args[len(args)-1], "--"): // a flag left without its value stays last
			args = append(args[:len(args)-1:len(args)-1], "--lang", "en", args[len(args)-1])
		case french == nil: // French by the demo: English asked
			args = append(args, "--lang", "en")
		}
		return args, want
	}
	// The commands on held.db each wait out its lock (a second) before
	// they are refused: they are started first, all at once, and their
	// subtests wait for them; the order cancel beside the counter too.
	heldRuns := map[string]*guichetRun{}
	for _, tc := range mistakes {
		for _, lang := range []string{"fr", "en"} {
			if args, want := commandLine(tc.args, tc.french, tc.fr, tc.en, lang); want != "" && slices.Contains(args, "held.db") {
				heldRuns[tc.mistake+"/"+lang] = startGuichet(t, dir, "", args...)
			}
		}
	}
	cancel := startGuichet(t, dir, "", "order", "cancel", "K01-000001", "--reason", "x", "--db", "held.db", "--staff", "claire", "--pin", "1234", "--float", "0")
	for _, tc := range mistakes {
		for _, lang := range []string{"fr", "en"} {
			t.Run(tc.mistake+"/"+lang, func(t *testing.T) {
				args, want := commandLine(tc.args, tc.french, tc.fr, tc.en, lang)
				if want == "" {
					t.Skip("said in one language only")
				}
				run := heldRuns[tc.mistake+"/"+lang]
				if run == nil {
					run = startGuichet(t, dir, "", args...)
				}
				_, stderr, code := run.wait(t)
				// The person's sentence is the first line that is not the
				// log's (guichet ssh logs the staff keys it read first).
				var first string
				for _, l := range strings.Split(stderr, "\n") {
					if !strings.HasPrefix(l, "time=") {
						first = l
						break
					}
				}
				if code != tc.code || first != want {
					t.Errorf("guichet %s: exit %d, said:\n%s\nwant exit %d and\n%s", strings.Join(args, " "), code, stderr, tc.code, want)
				}
			})
		}
	}
	// guichet order's JSON error is a sentence for a person too
	out, _, code := cancel.wait(t)
	var e orderError
	want := fmt.Sprintf("held.db est déjà ouvert par une autre caisse (pid %d), la caisse d'un autre terminal : quittez-la là-bas (ctrl+c), relancez guichet order cancel, puis redémarrez-la ; ou faites-le à une de ses caisses (o sur la liste des ventes)", pid)
	if code != 1 || json.Unmarshal([]byte(out), &e) != nil || e.Error != want {
		t.Errorf("guichet order cancel beside the counter: exit %d\n%s\nwant the error %q", code, out, want)
	}
}

// partsError is an error that says itself and cannot be compared (it
// holds a slice).
type partsError struct{ parts []string }

func (e partsError) Error() string { return strings.Join(e.parts, " ") }
func (e partsError) Say(lang pos.Lang) string {
	return string(lang) + ": " + e.Error()
}

// TestAnErrorThatSaysItselfIsAsked: sayErr compared the error found with
// errors.As with the error itself, which panics for a type that cannot be
// compared; one that wraps such an error is said by pos.Say.
func TestAnErrorThatSaysItselfIsAsked(t *testing.T) {
	e := partsError{[]string{"two", "words"}}
	if got := sayErr(e, "fr"); got != "fr: two words" {
		t.Errorf("sayErr(partsError) = %q", got)
	}
	if got := sayErr(fmt.Errorf("held: %w", e), "fr"); got != "held: two words" {
		t.Errorf("sayErr(wrapped partsError) = %q", got)
	}
}

// TestJournalAndSyncSpeakTheirFilesLanguage: guichet journal and guichet
// sync read no catalog, and spoke English to a French box office whatever
// its catalog said. They speak the language of the catalog the register's
// file remembers (its first), English for a file written before files
// remembered it; --lang still decides.
func TestJournalAndSyncSpeakTheirFilesLanguage(t *testing.T) {
	dir := t.TempDir()
	fr, err := fixtures.DemoCatalog(time.Now())
	must(t, err)
	en, err := fixtures.DemoCatalog(time.Now())
	must(t, err)
	en.Organiser.Languages = []pos.Lang{pos.English, pos.French}
	for file, c := range map[string]*pos.Catalog{"fr.db": fr, "en.db": en, "older.db": fr} {
		r, err := counter.Open(counter.Options{Path: filepath.Join(dir, file), Register: "K01", Catalog: c})
		must(t, err)
		r.Close()
	}
	db, err := bolt.Open(filepath.Join(dir, "older.db"), 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte("languages")) }))
	must(t, db.Close())

	const archiveFr, archiveEn = "guichet journal : dites quelle année et où : guichet journal archive --year AAAA --out FICHIER",
		"guichet journal: say which year and where: guichet journal archive --year YYYY --out FILE"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"journal", "archive", "--db", "fr.db"}, archiveFr},
		{[]string{"journal", "archive", "--db=en.db"}, archiveEn},
		{[]string{"journal", "archive", "--db", "older.db"}, archiveEn},
		{[]string{"journal", "archive", "--db", "fr.db", "--lang", "en"}, archiveEn},
		{[]string{"journal", "archive", "--db", "en.db", "--lang", "fr"}, archiveFr},
		{[]string{"journal", "archive"}, "guichet journal: no register file at guichet.db: give it with --db FILE"}, // none here
		{[]string{"journal", "organiser", "--db", "fr.db", "--catalog", "nope.json"}, // the catalog mistyped: the file's
			fmt.Sprintf("guichet journal : impossible de lire le catalogue (--catalog) : il n'y a pas de fichier nope.json dans %s : vérifiez son nom, et donnez son chemin depuis ce dossier", dir)},
		{[]string{"sync", "status", "--db", "fr.db", "--alert", "soon"}, `--alert est une durée (90s, 15m, 1h30m), pas « soon »`},
		{[]string{"sync", "status", "--db", "en.db", "--alert", "soon"}, `--alert is a duration (90s, 15m, 1h30m), not "soon"`},
	} {
		_, stderr, _ := runGuichet(t, dir, "", tc.args...)
		if first, _, _ := strings.Cut(stderr, "\n"); first != tc.want {
			t.Errorf("guichet %s said:\n%s\nwant\n%s", strings.Join(tc.args, " "), stderr, tc.want)
		}
	}
}

// TestTheCommandsRefusalsSayWhatToDoInTheBoxOfficesLanguage: the
// refusals of codes, customers, door, email, print-test (printers' own
// refusal of a spec and of a profile), sync, journal organiser, kiosk,
// ssh and terminal-sim were written with fmt.Errorf and came out in
// English to a French box office, some as Go's chain ("cannot read the
// exit PIN: open nofile: no such file or directory"). Each mistake is
// made as a person makes it, in both languages: the demo's French, or
// the register file's (journal, sync), or --lang fr (terminal-sim, which
// has neither), and English with --lang en.
func TestTheCommandsRefusalsSayWhatToDoInTheBoxOfficesLanguage(t *testing.T) {
	dir := t.TempDir()
	cat, err := fixtures.DemoCatalog(time.Now())
	must(t, err)
	fresh, err := counter.Open(counter.Options{Path: filepath.Join(dir, "fresh.db"), Register: "K02", Catalog: cat})
	must(t, err)
	fresh.Close()
	must(t, os.WriteFile(filepath.Join(dir, "c.csv"), []byte(pos.CustomersCSVExample), 0o644))
	// a catalog a comma short, and one with a misspelt field
	must(t, os.WriteFile(filepath.Join(dir, "comma.json"), []byte("{\"organiser\": {\"name\": \"Théâtre\"\n \"currency\": \"CHF\"}}\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "colour.json"), []byte(`{"organiser": {"name": "Théâtre", "currency": "CHF", "colour": "red"}, "payment_methods": [{"id": "cash", "kind": "cash", "name": "Cash", "staff": true}]}`), 0o644))
	// a printer that does not answer: a port nothing listens on any more
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	gone := l.Addr().String()
	l.Close()
	const specsFr = "dev:/dev/usb/lp0 (une imprimante USB ou parallèle), tcp://192.168.1.50:9100 (une imprimante réseau ; port 9100 par défaut), file:out.bin (ajoute les octets à un fichier) ou preview (pas d'imprimante : garde le billet pour le montrer à l'écran)"
	const specsEn = "dev:/dev/usb/lp0 (a USB or parallel printer), tcp://192.168.1.50:9100 (a network printer; port 9100 by default), file:out.bin (append the bytes to a file) or preview (no printer: keep the ticket to show it on screen)"
	for _, tc := range []struct {
		mistake string
		args    []string
		french  []string // what makes it French: nothing but the demo's or the file's catalog, or --lang fr
		fr, en  string   // the first line of standard error; exit 1
	}{
		{"codes without the offer", []string{"codes", "list", "--db", "fresh.db"}, nil,
			`guichet codes : nommez l'offre avec --offer ID (son identifiant dans le catalogue)`,
			`guichet codes: name the offer with --offer ID (its id in the catalog)`},
		{"a code copied to nothing", []string{"codes", "copy", "SEMAINE", "--db", "fresh.db"}, nil,
			`guichet codes : nommez le code à copier et le nouveau : guichet codes copy ANCIEN NOUVEAU`,
			`guichet codes: name the code to copy and the new one: guichet codes copy FROM NEW`},
		{"codes generated without a count", []string{"codes", "generate", "--offer", "semaine", "--db", "fresh.db"}, nil,
			`guichet codes : dites combien de codes avec --count N`,
			`guichet codes: say how many codes with --count N`},
		{"customers imported from no file", []string{"customers", "import", "--db", "fresh.db"}, nil,
			`guichet customers : nommez un fichier CSV : guichet customers import FICHIER (voir guichet customers example)`,
			`guichet customers: name one CSV file: guichet customers import FILE (see guichet customers example)`},
		{"codes changed by nobody", []string{"codes", "disable", "SEMAINE", "--db", "fresh.db"}, nil,
			`guichet codes : cette billetterie a une liste du personnel : dites qui modifie les codes avec --staff ID --pin PIN, ceux d'un administrateur`,
			`guichet codes: this box office has a staff list: say who changes the codes with --staff ID --pin PIN, an administrator's`},
		{"codes changed by a cashier", []string{"codes", "disable", "SEMAINE", "--db", "fresh.db", "--staff", "marc", "--pin", "5678"}, nil,
			`guichet codes : marc ne peut pas modifier les codes (c'est un droit d'administrateur) : relancez la commande avec les --staff ID --pin PIN d'un administrateur`,
			`guichet codes: marc may not change the codes (an administrator's right): run it again with an administrator's --staff ID --pin PIN`},
		{"customers imported by nobody", []string{"customers", "import", "c.csv", "--db", "fresh.db"}, nil,
			`guichet customers : cette billetterie a une liste du personnel : dites qui importe les clients avec --staff ID --pin PIN, ceux d'un administrateur`,
			`guichet customers: this box office has a staff list: say who imports the customers with --staff ID --pin PIN, an administrator's`},
		{"customers imported by a cashier", []string{"customers", "import", "c.csv", "--db", "fresh.db", "--staff", "lea", "--pin", "2468"}, nil,
			`guichet customers : lea ne peut pas importer de clients (c'est un droit d'administrateur) : relancez la commande avec les --staff ID --pin PIN d'un administrateur`,
			`guichet customers: lea may not import customers (an administrator's right): run it again with an administrator's --staff ID --pin PIN`},
		{"a door without its name", []string{"door", "--db", "fresh.db"}, nil,
			`guichet door : nommez cette porte avec --door (--door "porte 1") : « déjà admis par … » la cite`,
			`guichet door: name this door with --door (--door "porte 1"): "already admitted by …" says it`},
		{"an e-mail state misspelt", []string{"email", "outbox", "--state", "sen", "--db", "fresh.db"}, nil,
			`guichet email : l'état d'un e-mail est waiting, sent ou refused, pas « sen »`,
			`guichet email: an e-mail's state is waiting, sent or refused, not "sen"`},
		{"a print test without its printer", []string{"print-test"}, nil,
			`guichet print-test : dites quelle imprimante utiliser avec --printer : ` + specsFr,
			`guichet print-test: say which printer to use with --printer: ` + specsEn},
		{"a printer spec misspelt", []string{"print-test", "--printer", "usb:/dev/lp0"}, nil,
			`guichet print-test : impossible d'utiliser l'imprimante « usb:/dev/lp0 » : elle ne nomme aucune sorte d'imprimante connue ; écrivez ` + specsFr,
			`guichet print-test: cannot use printer "usb:/dev/lp0": it names no known kind of printer; write ` + specsEn},
		{"a network printer without its host", []string{"print-test", "--printer", "tcp://"}, nil,
			`guichet print-test : impossible d'utiliser l'imprimante « tcp:// » : l'adresse n'a pas d'hôte ; écrivez ` + specsFr,
			`guichet print-test: cannot use printer "tcp://": the address has no host; write ` + specsEn},
		{"a file printer in a folder not there", []string{"print-test", "--printer", "file:none/out.bin"}, nil,
			`guichet print-test : impossible d'ouvrir none/out.bin pour y écrire les impressions : open none/out.bin: no such file or directory`,
			`guichet print-test: cannot open none/out.bin to write print jobs: open none/out.bin: no such file or directory`},
		{"a statement printed on a printer that does not answer", []string{"report", "tickets", "--db", "fresh.db", "--print", "tcp://" + gone}, nil,
			fmt.Sprintf(`guichet report : l'impression a échoué (relevé) : impossible de joindre l'imprimante à %s : dial tcp %s: connect: connection refused`, gone, gone),
			fmt.Sprintf(`guichet report: the statement was not printed: cannot reach the printer at %s: dial tcp %s: connect: connection refused`, gone, gone)},
		{"a printer profile misspelt", []string{"print-test", "--printer", "preview", "--profile", "tm-t89"}, nil,
			`guichet print-test : il n'y a pas de profil d'imprimante « tm-t89 » ; les profils sont generic58, generic80, generic80-640, generic80-noqr, tm-t20, tm-t88`,
			`guichet print-test: there is no printer profile named "tm-t89"; the profiles are generic58, generic80, generic80-640, generic80-noqr, tm-t20, tm-t88`},
		{"a ticket format misspelt", []string{"print-test", "--printer", "preview", "--format", "opera"}, nil,
			`guichet print-test : il n'y a pas de format de billet « opera » ; prenez spectacle ou cinema`,
			`guichet print-test: there is no ticket format "opera"; use spectacle or cinema`},
		{"a push without its server", []string{"sync", "push", "--db", "fresh.db"}, nil,
			`guichet sync : dites où envoyer : --central URL --token-file FICHIER (le jeton que guichetd register add a affiché)`,
			`guichet sync: say where to push: --central URL --token-file FILE (the token guichetd register add printed)`},
		{"a push without its token file", []string{"sync", "push", "--db", "fresh.db", "--central", "http://127.0.0.1:1", "--token-file", "token"}, nil,
			fmt.Sprintf(`guichet sync : impossible de lire le fichier du jeton : il n'y a pas de fichier token dans %s : vérifiez son nom, et donnez son chemin depuis ce dossier`, dir),
			fmt.Sprintf(`guichet sync: cannot read the token file: there is no file token in %s: check its name, and give its path from this folder`, dir)},
		{"a re-point without the catalog", []string{"journal", "organiser", "--db", "fresh.db"}, nil,
			`guichet journal : donnez le catalogue avec lequel le fichier doit vendre : guichet journal organiser --db FICHIER --catalog FICHIER`,
			`guichet journal: give the catalog the file is to sell with: guichet journal organiser --db FILE --catalog FILE`},
		{"a kiosk's exit PIN file not there", []string{"kiosk", "--db", "fresh.db", "--exit-pin-file", "pin"}, nil,
			fmt.Sprintf(`guichet kiosk : impossible de lire le code PIN de sortie : il n'y a pas de fichier pin dans %s : vérifiez son nom, et donnez son chemin depuis ce dossier`, dir),
			fmt.Sprintf(`guichet kiosk: cannot read the exit PIN: there is no file pin in %s: check its name, and give its path from this folder`, dir)},
		{"a kiosk's exit PIN too short", []string{"kiosk", "--db", "fresh.db", "--exit-pin", "12"}, nil,
			`guichet kiosk : le code PIN de sortie a 4 à 12 chiffres, comme celui d'un collaborateur : l'écran de code PIN de la borne ne prend que des chiffres, et un client en trouve un plus court en quelques essais`,
			`guichet kiosk: the exit PIN is 4 to 12 digits, as a staff PIN: the kiosk's PIN screen takes digits only, and a shorter one a customer finds in a few tries`},
		{"idle limits out of order", []string{"ssh", "--db", "fresh.db", "--idle", "10m", "--idle-release", "5m"}, nil,
			`guichet ssh : les délais d'inactivité vont dans l'ordre : --idle, puis --idle-release, puis --idle-end`,
			`guichet ssh: the idle limits go in order: --idle, then --idle-release, then --idle-end`},
		{"an archive not there", []string{"journal", "verify-archive", "2025.tar"}, []string{"--lang", "fr"},
			fmt.Sprintf(`guichet journal : il n'y a pas de fichier 2025.tar dans %s : vérifiez son nom, et donnez son chemin depuis ce dossier`, dir),
			fmt.Sprintf(`guichet journal: there is no file 2025.tar in %s: check its name, and give its path from this folder`, dir)},
		{"a head mistyped", []string{"journal", "verify", "--db", "fresh.db", "--expect-head", "12"}, nil,
			`guichet journal : la tête « 12 » n'est pas SEQ:HASH (un numéro d'écriture, deux-points et au moins 8 caractères hexadécimaux de son empreinte, comme imprimé sur le rapport Z à la ligne Journal)`,
			`guichet journal: the head "12" is not SEQ:HASH (an entry number, a colon, and at least 8 hex characters of its hash, as printed on the Z report)`},
		{"a word after the counter", []string{"counter", "extra", "--db", "fresh.db"}, nil,
			`guichet counter : argument inattendu « extra » (voir guichet counter -h)`,
			`guichet counter: unexpected argument "extra" (see guichet counter -h)`},
		{"a word after the terminal simulator", []string{"terminal-sim", "extra"}, []string{"--lang", "fr"},
			`guichet terminal-sim : argument inattendu « extra » (voir guichet terminal-sim -h)`,
			`guichet terminal-sim: unexpected argument "extra" (see guichet terminal-sim -h)`},
		{"a catalog a comma short", []string{"codes", "list", "--offer", "semaine", "--db", "fresh.db", "--catalog", "comma.json"}, []string{"--lang", "fr"},
			`guichet codes : catalogue comma.json : ligne 2, colonne 2, dans organiser : il manque une virgule avant « " », après l'élément qui le précède`,
			`guichet codes: catalog comma.json: line 2, column 2, in organiser: a comma is missing before '"', after the item before it`},
		{"a catalog's field misspelt", []string{"codes", "list", "--offer", "semaine", "--db", "fresh.db", "--catalog", "colour.json"}, []string{"--lang", "fr"},
			`guichet codes : catalogue colour.json : ligne 1, colonne 54, dans organiser : « colour » n'est pas un champ de l'organisateur ; vérifiez son orthographe (les champs admis : name, currency, languages, time_zone, vat_rate_bp, vat_number, address, email, reply_to)`,
			`guichet codes: catalog colour.json: line 1, column 54, in organiser: "colour" is not a field of an organiser; check its spelling (the fields it takes: name, currency, languages, time_zone, vat_rate_bp, vat_number, address, email, reply_to)`},
		{"the terminal simulator on another machine's address", []string{"terminal-sim", "--listen", "10.0.0.1:7011"}, []string{"--lang", "fr"},
			`guichet terminal-sim : le simulateur de terminal n'écoute que sur cette machine (127.0.0.1), pas sur 10.0.0.1`,
			`guichet terminal-sim: the terminal simulator listens on this machine only (127.0.0.1), not 10.0.0.1`},
		{"a kiosk's terminal that is not tcp://", []string{"kiosk", "--db", "fresh.db", "--terminal", "127.0.0.1:7011"}, nil,
			`guichet kiosk : --terminal doit être tcp://HÔTE:PORT (le simulateur de terminal : guichet terminal-sim), pas « 127.0.0.1:7011 »`,
			`guichet kiosk: --terminal must be tcp://HOST:PORT (the terminal simulator: guichet terminal-sim), not "127.0.0.1:7011"`},
	} {
		for _, lang := range []string{"fr", "en"} {
			t.Run(tc.mistake+"/"+lang, func(t *testing.T) {
				args, want := append([]string(nil), tc.args...), tc.en
				switch {
				case lang == "fr":
					args, want = append(args, tc.french...), tc.fr
				case tc.french == nil: // French by the catalog: English asked
					args = append(args, "--lang", "en")
				}
				_, stderr, code := runGuichet(t, dir, "", args...)
				first, _, _ := strings.Cut(stderr, "\n")
				if code != 1 || first != want {
					t.Errorf("guichet %s: exit %d, said:\n%s\nwant exit 1 and\n%s", strings.Join(args, " "), code, stderr, want)
				}
			})
		}
	}
}

// TestNoSentenceHasTwoFrenchs: two packages translated "there is no
// performance %q in the catalog" differently (counter's door and the
// command line's table): which one guichet door said depended on the
// order of the packages' init. Every sentence the program links has one.
func TestNoSentenceHasTwoFrenchs(t *testing.T) {
	for _, c := range pos.SentenceConflicts() {
		t.Errorf("translated twice, differently: %s", c)
	}
}

// TestTheCommandLinesWordsStayItsOwn: the words the command line put in
// its tables ("no", "register", "catalog", "used"...) were added to pos's
// shared sentences, where pos.Say translates an error by its whole text: a
// plain error reading "no" or "register" was said "non" or "caisse". They
// are the command line's own (frenchWords, said by word and words), and
// no single word is added to the shared table.
func TestTheCommandLinesWordsStayItsOwn(t *testing.T) {
	for en, fr := range frenchWords {
		if got := pos.Say(errors.New(en), pos.French); got != en {
			t.Errorf("a plain error %q is said %q in French: a word of the command line's is in the shared sentences", en, got)
		}
		if word(pos.French, en) != fr || word(pos.English, en) != en || words(en).In(pos.French) != fr {
			t.Errorf("%q: word says %q / %q, words %q", en, word(pos.French, en), word(pos.English, en), words(en).In(pos.French))
		}
	}
	for _, m := range []map[string]string{frenchSentences, frenchStored} {
		for en := range m {
			if !strings.ContainsAny(en, " \t%") && en != "" {
				t.Errorf("%q, a single word, is added to the shared sentences: put it in frenchWords", en)
			}
		}
	}
	for _, en := range []string{"no", "register", "catalog", "used", "statement"} {
		if _, ok := frenchWords[en]; !ok {
			t.Errorf("%q is no longer one of the command line's words: the test checks nothing", en)
		}
	}
}
