package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"runtime/debug"
	"strings"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
	"guichet/sync"
)

// serviceFlags are the flags of every command that runs the register
// service (the counter, the SSH tills): its file, catalog, language,
// printer, receipts, e-mail and central server.
type serviceFlags struct {
	catalog, db, id, lang, printer, profile, receipts, central, tokenFile *string
	syncAlert                                                             *time.Duration
	newJournal                                                            *uint64
	afterTotal, afterClosures, afterYearTotal                             *string
	escrow                                                                *bool
	grantLow, grantBatch                                                  *int
	smtp                                                                  smtpFlags
	// acceptCatalog, when set, refuses a catalog pulled from the central
	// server (counter.Central.Accept): the kiosk's
	acceptCatalog func(*pos.Catalog) error
	// log, when set, gets the print jobs' failures (counter.Options.Log):
	// the SSH server's log
	log *slog.Logger
}

func addServiceFlags(fs *flags) *serviceFlags {
	return &serviceFlags{
		catalog:        fs.String("catalog", "", "catalog file (default: the embedded demo box office)"),
		db:             fs.String("db", "guichet.db", "the register's journal file"),
		id:             fs.String("register", "", "register id of a new file, which order numbers start with (default K01); an existing file is its own register"),
		lang:           fs.String("lang", "", "language the screens start in: fr or en (default: the catalog's first)"),
		printer:        fs.String("printer", "preview", "where tickets print: "+printers.SpecHelp),
		profile:        fs.String("printer-profile", printers.DefaultProfile, "printer model: "+strings.Join(printers.ProfileNames(), ", ")),
		receipts:       fs.String("receipts", string(counter.ReceiptsAsk), "which sales print a receipt by themselves: ask (none: r on the done screen), always, or cash (sales paid in cash)"),
		central:        fs.String("central", "", "push the journal to this central server (guichetd's URL); default: the register runs alone"),
		tokenFile:      fs.String("token-file", "", "the file holding the token guichetd register add printed (with --central)"),
		syncAlert:      fs.Duration("sync-alert", 15*time.Minute, "the status line alerts when entries wait longer than this to reach the central server"),
		newJournal:     fs.Uint64("new-journal", 0, "start a new journal with the key of a lost one, numbering orders after this one (see the README)"),
		afterTotal:     fs.String("after-total", "", "with --new-journal: the perpetual grand total of the lost journal's last closure (\"CHF 12345.60\"); read from the central server with --central"),
		afterClosures:  fs.String("after-closures", "", "with --new-journal: the numbers of the lost journal's last daily, monthly and yearly closures, DAY,MONTH,YEAR (412,13,1)"),
		afterYearTotal: fs.String("after-year-total", "", "with --new-journal: the year's grand total of the lost journal's last closure, if it is of this year (\"CHF 2345.60\")"),
		escrow:         fs.Bool("escrow", true, "with --central: sell only the capacity the central server grants this register (no oversell offline); false: the whole catalog, as alone"),
		grantLow:       fs.Int("grant-low", 5, "with --escrow: ask the central server for more of a zone, pass, quota or code when less than this is left"),
		grantBatch:     fs.Int("grant-batch", 20, "with --escrow: how much to ask for at a time; more than twice this is given back"),
		smtp:           addSMTPFlags(fs), // cmd/guichet/email.go: the register sends its e-mails itself
	}
}

// open opens the register service the flags describe, with its printer;
// close stops both. serves says what this process serves ("counter",
// "kiosk", "ssh ADDR"): a second process refused is told.
func (f *serviceFlags) open(serves string) (svc *counter.Service, lang pos.Lang, close func(), err error) {
	// Left out, the service takes the catalog's first language (an
	// English box office's screens open in English); it was always fr.
	if *f.lang != "" {
		if lang, err = pos.ParseLang(*f.lang); err != nil {
			return nil, "", nil, err
		}
	}
	policy, err := counter.ParseReceiptPolicy(*f.receipts)
	if err != nil {
		return nil, "", nil, err
	}
	c, err := loadCatalog(*f.catalog, time.Now())
	if err != nil {
		return nil, "", nil, err
	}
	prof, err := printers.LookupProfile(*f.profile)
	if err != nil {
		return nil, "", nil, err
	}
	var mailOpts *counter.MailOptions
	if *f.central == "" {
		if mailOpts, err = f.smtp.mailOptions(false); err != nil {
			return nil, "", nil, err
		}
	} else if *f.smtp.Host != "" {
		// With a central server guichetd sends (GUICHET_SMTP in the
		// environment is left for it).
		return nil, "", nil, counter.ErrCentralSends
	}
	o := counter.Options{Log: f.log, Path: *f.db, Register: *f.id, Catalog: c, Lang: lang, Profile: &prof, Receipts: policy,
		NewJournalAfter: *f.newJournal, Mail: mailOpts, Serves: serves}
	if *f.central != "" {
		if *f.tokenFile == "" {
			return nil, "", nil, pos.Errorf("--central needs --token-file FILE: the token guichetd register add printed")
		}
		token, err := readToken(*f.tokenFile)
		if err != nil {
			return nil, "", nil, err
		}
		o.Central = counter.Central{URL: *f.central, Token: token, Alert: *f.syncAlert, Escrow: *f.escrow, Low: *f.grantLow, Batch: *f.grantBatch,
			Accept: f.acceptCatalog}
	}
	if o.NewJournalAfter == 0 && *f.afterTotal+*f.afterClosures+*f.afterYearTotal != "" {
		return nil, "", nil, pos.Errorf("--after-total, --after-closures and --after-year-total go with --new-journal AFTER: they are the figures a new journal's closures go on from")
	}
	if o.NewJournalAfter > 0 {
		o.NewJournalFrom = newJournalFrom(o.Central, *f.afterTotal, *f.afterClosures, *f.afterYearTotal, c.Currency())
	}
	transport, err := printers.Open(*f.printer)
	if err != nil {
		return nil, "", nil, err
	}
	o.Printer = transport
	svc, err = counter.Open(o)
	var locked *counter.LockedError
	if errors.As(err, &locked) {
		// another process sells on this file: one register, many tills
		pid := ""
		if locked.PID > 0 {
			pid = fmt.Sprintf(" (pid %d)", locked.PID)
		}
		err = pos.Errorf("%s is %w%s%s", locked.Path, counter.ErrLocked, pid, howToJoin(locked.Serves))
	}
	if err != nil {
		transport.Close()
		return nil, "", nil, err
	}
	startedUp()
	return svc, svc.Lang(), func() { svc.Close(); transport.Close() }, nil
}

// newJournalFrom is where a new journal's closures go on from
// (--new-journal): the last closures the central server holds of the
// register, else the figures typed (--after-total, --after-closures,
// --after-year-total). Typed figures must be the central server's, or of a
// later daily closure (made after the last push); they are taken alone
// when the central server does not answer.
func newJournalFrom(central counter.Central, total, closures, yearTotal string, cur pos.Currency) func(ed25519.PublicKey) (local.JournalFigures, error) {
	return func(pub ed25519.PublicKey) (local.JournalFigures, error) {
		typed := total != "" || closures != "" || yearTotal != ""
		var mine local.JournalFigures
		if typed {
			var err error
			if mine, err = local.TypedFigures(total, closures, yearTotal, cur); err != nil {
				return local.JournalFigures{}, err
			}
		}
		if central.URL == "" {
			if !typed {
				return local.JournalFigures{}, local.ErrNoJournalFigures
			}
			return mine, nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		theirs, err := sync.LastClosures(ctx, central.URL, central.Token, pub, nil)
		switch {
		case err != nil && typed:
			return mine, nil // the operator read them elsewhere
		case err != nil:
			return local.JournalFigures{}, err
		case typed && mine.Closures[local.ClosureDay] > theirs.Closures[local.ClosureDay]:
			return mine, nil // closures made after the last push: the operator's are newer
		case typed && (mine.Perpetual != theirs.Perpetual || !maps.Equal(mine.Closures, theirs.Closures)):
			return local.JournalFigures{}, pos.Errorf("the figures typed (%s) are not those of the last closures the central server holds (%s): check them against the last closure made, or leave --after-total, --after-closures and --after-year-total out to take the server's", mine, theirs)
		}
		return theirs, nil
	}
}

// howToJoin tells the seller refused by a register already open on the
// file what to do, from what that register serves (its pid file): the end
// of the refusal's sentence, in its language.
func howToJoin(serves string) error {
	kind, addr, _ := strings.Cut(serves, " ")
	switch kind {
	case "ssh":
		host, port, ok := sshHost(addr)
		if !ok {
			break
		}
		if port == "22" {
			return pos.Errorf(", which serves tills over SSH: join it with ssh till@%s", host)
		}
		return pos.Errorf(", which serves tills over SSH: join it with ssh -p %s till@%s", port, host)
	case "counter":
		return pos.Errorf(", the counter on another terminal: sell there, or quit it there and start guichet ssh --console to serve this terminal and SSH tills together")
	case "kiosk":
		return pos.Errorf(", the self-service kiosk: stop it first (F12 three times and an administrator's PIN on its screen)")
	}
	return pos.Errorf(": close it first; if that register serves tills over SSH (guichet ssh), join it: ssh -p 2222 till@localhost")
}

// sshHost is the host and port a client on this machine dials to reach
// guichet ssh listening on addr.
func sshHost(addr string) (host, port string, ok bool) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", "", false
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && (ip.IsUnspecified() || ip.IsLoopback()) {
		host = "localhost"
	}
	return host, port, true
}

// howToOpenDoor is howToJoin for a door (guichet door) refused by a
// register already open on the file: a door opens beside the tills over
// SSH (ssh -t door@…), not in a second process.
func howToOpenDoor(serves, door string) error {
	kind, addr, _ := strings.Cut(serves, " ")
	switch kind {
	case "ssh":
		if host, port, ok := sshHost(addr); ok {
			return pos.Errorf(", which serves tills over SSH: open this door there, beside them, with ssh -t -p %s door@%s %s", port, host, door)
		}
	case "counter":
		return pos.Errorf(", the counter on another terminal: quit it there and start guichet ssh --console (the counter and SSH tills together), then open this door with ssh -t -p 2222 door@localhost %s", door)
	case "kiosk":
		return pos.Errorf(", the self-service kiosk: stop it first (F12 three times and an administrator's PIN on its screen)")
	}
	return pos.Errorf(": close it first; if that register serves tills over SSH (guichet ssh), open this door there: ssh -t -p 2222 door@localhost %s", door)
}

// stopFirst completes the refusal of a command that writes to a file
// another process holds (local.LockedError, which says only "close it
// first") with what that process is, from its pid file, how to stop it,
// and the command to run again; or is another way, "" if none. Beside the
// SSH tills run as a service, "close it first" left the technician to
// find what to close, and how.
func stopFirst(err error, again, or string) error {
	var locked *local.LockedError
	if !errors.As(err, &locked) {
		return err
	}
	pid := ""
	if locked.PID > 0 {
		pid = fmt.Sprintf(" (pid %d)", locked.PID)
	}
	var what, how error = pos.Errorf(""), pos.Errorf("stop it")
	kind, addr, _ := strings.Cut(locked.Serves, " ")
	switch kind {
	case "ssh":
		what, how = pos.Errorf(", which serves tills over SSH on %s", addr), pos.Errorf("stop it (systemctl stop guichet when it runs as a service, else ctrl+c where it was started)")
	case "counter":
		what, how = pos.Errorf(", the counter on another terminal"), pos.Errorf("quit it there (ctrl+c)")
	case "kiosk":
		what, how = pos.Errorf(", the self-service kiosk"), pos.Errorf("stop it (F12 three times and an administrator's PIN on its screen)")
	}
	return pos.Errorf("%s is %w%s%s: %s, run %s again, then start it again%s", locked.Path, local.ErrLocked, pid, what, how, again, words(or))
}

// startedUp gives the memory the start-up left unused back to the system,
// once the service is open and before the screens start (the counter, the
// kiosk and the SSH server run for hours). On the 2,000-performance bench
// catalog, parsing the catalog and opening the file allocate 4.7 MB, and
// 8 at a first start, which creates the file (the capacity of every
// performance granted: a 150 KB entry, its views, its pages); 1-2 MB stay
// live. Left to the pacer, the heap goes on from a goal set by a mark
// taken in the middle of that, on top of pages the garbage left, and the
// first frame peaked at 24-26 MB of RSS at a first start (make
// bench-startup). One collection here (about 1 ms) sets the next goal from
// what the register keeps and returns the freed pages: 22-23 MB.
func startedUp() { debug.FreeOSMemory() }
