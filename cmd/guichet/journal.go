package main

import (
	"bufio"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"guichet/local"
	"guichet/pos"
)

func init() {
	register("journal", "check, export, rebuild, describe or archive a register's journal, or re-point it to its organiser's new name (verify|export|rebuild|stats|archive|verify-archive|events|organiser)", runJournal)
}

const journalUsage = `usage: guichet journal verify|export|rebuild|stats|archive|verify-archive|events|organiser [--db FILE]
  verify    check the hash chain and its head, and that the views (the orders, seats,
            tickets, balances and totals the screens and reports read, kept beside the
            journal) are what the journal gives; exits 1 naming the first bad entry, the
            head when the last entries were removed, or the views that differ (guichet
            journal rebuild mends them)
            (--expect-head SEQ:HASH: also check against a head printed on a Z report)
  export    every entry as a JSON line (--from SEQ to start later)
  rebuild   make the views again from the journal and say whether they differed
            (the register must not be running)
  stats     counts of entries, orders and customers, the print queue, and the sizes
            of the file and its flat file (JSON)
  archive   --year YYYY --out FILE: a closed year's entries and closures as a signed,
            self-contained archive (a tar of JSON lines with a README); recorded in the
            journal (the register must not be running; a year is closed from the
            register's first action after 31 December)
  verify-archive FILE [FILE...]
            check an archive alone: signature, files, chain and closures; exits 1 naming
            what is wrong (--pub FILE: also check it is that register's key); several
            archives: each alone, then that they follow each other year after year
  events    the technical event log (starts, stops, key pinned, clock jumps, printer
            faults, failed unlocks, archives, restores, catalogs from the central server
            refused, with why and what to do), its chain checked
  organiser --catalog FILE [--confirm --staff ID --pin PIN]
            the organiser the file sells for and the one the catalog names (a file refuses
            another organiser's catalog); with --confirm, when the catalog is the box
            office's own under a new name (or its new owner's), the file sells for the
            catalog's organiser from now on, recorded in the journal with who (an
            administrator of that catalog), when and both names (the register stopped)`

func runJournal(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, journalUsage, stdout, stderr, "verify", "export", "rebuild", "stats", "archive", "verify-archive", "events", "organiser")
	if err != nil {
		return err
	}
	fs := newFlags("journal "+sub, journalUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	from := fs.Uint64("from", 1, "export: first sequence number")
	expect := fs.String("expect-head", "", "verify: a head written down earlier, SEQ:HASH (at least 8 hex characters)")
	year := fs.String("year", "", "archive: the year to archive")
	out := fs.String("out", "", "archive: the archive file to write")
	pubFile := fs.String("pub", "", "verify-archive: the register's public key file (<db>.pub)")
	asJSON := fs.Bool("json", false, "events: JSON lines")
	catalogPath := fs.String("catalog", "", "organiser: the catalog the file is to sell with")
	confirm := fs.Bool("confirm", false, "organiser: re-point the file to the catalog's organiser")
	staff := fs.String("staff", "", "organiser: who re-points it (an administrator of the catalog)")
	pin := fs.String("pin", "", "organiser: their PIN")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	if sub == "verify-archive" {
		if len(rest) == 0 {
			return pos.Errorf("name the archive: guichet journal verify-archive FILE [FILE...]")
		}
		for _, f := range rest {
			if _, err := os.Stat(f); err != nil {
				return missingFile(err, f) // not the file system's "open x: no such file or directory"
			}
		}
		var pub ed25519.PublicKey
		if *pubFile != "" {
			if pub, err = local.LoadPublicKey(*pubFile); err != nil {
				return err
			}
		}
		var ms []local.ArchiveManifest
		if len(rest) == 1 {
			var m local.ArchiveManifest
			m, err = local.VerifyArchive(rest[0], pub)
			ms = append(ms, m)
		} else {
			ms, err = local.VerifyArchives(rest, pub)
		}
		var bad *local.ArchiveError
		if errors.As(err, &bad) {
			fmt.Fprintf(stdout, "BAD: %s\n", sayErr(err, string(langOf(stderr))))
			return exitCode(1)
		}
		if err != nil {
			return err
		}
		// "ok:" and "BAD:" as they are, whatever the language: scripts
		// look for them; the sentence after them is said in lang
		lang := langOf(stderr)
		for _, m := range ms {
			fmt.Fprintln(stdout, "ok: "+sayf(lang, "archive of register %s, year %s: entries %d to %d chained, every hash, file and closure checked, signed by key %s", m.Register, m.Year, m.First, m.Last, m.PublicKey))
		}
		if len(ms) > 1 {
			fmt.Fprintln(stdout, "ok: "+sayf(lang, "the years %s to %s follow each other: none missing, each chained to the year before and opening with the figures it closed with", ms[0].Year, ms[len(ms)-1].Year))
		}
		return nil
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q: name the file with --db FILE", rest[0])
	}
	if err := registerFileThere(*db); err != nil {
		return err // not the file system's "open x: no such file or directory"
	}
	switch sub {
	case "verify":
		var anchor *local.Anchor
		if *expect != "" {
			a, err := local.ParseAnchor(*expect)
			if err != nil {
				return err
			}
			anchor = &a
		}
		res, err := local.VerifyAgainst(*db, anchor)
		lang := langOf(stderr)
		// BAD: what is wrong, in the command line's language, then what
		// of the journal can still be trusted
		bad := func(err error, then ...error) error {
			fmt.Fprintf(stdout, "BAD: %s\n", sayErr(err, string(lang)))
			for _, line := range then {
				fmt.Fprintln(stdout, pos.Say(line, lang))
			}
			return exitCode(1)
		}
		var entry *local.BadEntryError
		if errors.As(err, &entry) {
			return bad(entry, pos.Errorf("the journal is good up to entry %d; entry %d and after cannot be trusted", entry.Seq-1, entry.Seq))
		}
		var closure *local.ClosureError
		if errors.As(err, &closure) {
			return bad(closure, pos.Errorf("the chain holds, but this closure does not say what its entries add up to (or is not signed by the register): the journal cannot be trusted from entry %d on", closure.Seq))
		}
		var amounts *local.AmountsError
		if errors.As(err, &amounts) {
			return bad(amounts, pos.Errorf("the chain holds, but its amounts do not add up: the journal cannot be trusted up to entry %d", amounts.Seq))
		}
		var flat *local.FlatMismatchError
		if errors.As(err, &flat) {
			return bad(flat)
		}
		var head *local.HeadError
		if errors.As(err, &head) {
			return bad(head)
		}
		var views *local.ViewsError
		if errors.As(err, &views) {
			return bad(views)
		}
		if err != nil {
			return err
		}
		// "ok:" as it is, whatever the language: scripts look for it
		fmt.Fprintln(stdout, "ok: "+sayn(lang, res.Entries, "register %s, %d entry, gapless, every hash and link checked, ends at its head, every closure adds up and is signed; head %d:%s (last hash %s)", "register %s, %d entries, gapless, every hash and link checked, ends at its head, every closure adds up and is signed; head %d:%s (last hash %s)", res.Register, res.Entries, res.Entries, res.Last.String()[:12], res.Last))
		if res.Restarted != "" {
			fmt.Fprintf(stdout, "    %s\n", pos.Say(errors.New(res.Restarted), lang))
		}
		if res.Views {
			fmt.Fprintln(stdout, "ok: "+sayf(lang, "every view (orders, seats, tickets sold, vouchers, shifts, codes...) is what the journal gives"))
		} else {
			fmt.Fprintf(stdout, "    %s\n", sayf(lang, "the views were not checked: %s", errors.New(res.ViewsUnchecked)))
		}
		if anchor != nil {
			fmt.Fprintln(stdout, "ok: "+sayf(lang, "entry %d matches the head written down (%s)", anchor.Seq, anchor.String()))
		}
		if f := res.Flat; f != nil {
			fmt.Fprintln(stdout, "ok: "+sayf(lang, "flat file %s: %s and %s, each the journal's own bytes", f.Path, sayn(lang, f.Entries, "%d entry", "%d entries", f.Entries), sayn(lang, f.Events, "%d event", "%d events", f.Events)))
			if f.Behind > 0 {
				fmt.Fprintf(stdout, "    %s\n", sayn(lang, f.Behind, "%d entry of the journal is not in it yet: the register appends it at its next start", "the journal's last %d entries are not in it yet: the register appends them at its next start", f.Behind))
			}
			if f.Ahead > 0 {
				fmt.Fprintf(stdout, "    %s\n", sayn(lang, f.Ahead, "it holds %d entry the journal does not (the register, or the machine, stopped before the file had it): the register's next start completes or rebuilds the file from it", "it holds %d entries the journal does not (the register, or the machine, stopped before the file had them): the register's next start completes or rebuilds the file from it", f.Ahead))
			}
			if f.Torn > 0 {
				fmt.Fprintf(stdout, "    %s\n", sayn(lang, f.Torn, "its last %d byte is not a whole batch: a write under way, or one a stop cut short (no sale was told done with it, and the register's next start removes it)", "its last %d bytes are not a whole batch: a write under way, or one a stop cut short (no sale was told done with it, and the register's next start removes it)", f.Torn))
			}
		}
	case "export":
		w := bufio.NewWriter(stdout)
		n, err := local.Export(*db, *from, w)
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(stderr, sayn(langOf(stderr), n, "%d entry exported", "%d entries exported", n))
	case "rebuild":
		res, err := local.Rebuild(*db)
		if err != nil {
			return stopFirst(err, "guichet journal rebuild", "")
		}
		lang := langOf(stderr)
		if res.Identical {
			fmt.Fprintln(stdout, sayf(lang, "views rebuilt from %s: identical to the ones kept (%s)", sayn(lang, res.Entries, "%d entry", "%d entries", res.Entries), res.After))
		} else {
			fmt.Fprintln(stdout, sayf(lang, "views rebuilt from %s: they DIFFERED from the ones kept (%s before, %s now); the rebuilt ones are kept", sayn(lang, res.Entries, "%d entry", "%d entries", res.Entries), res.Before, res.After))
		}
	case "archive":
		if *year == "" || *out == "" {
			return pos.Errorf("say which year and where: guichet journal archive --year YYYY --out FILE")
		}
		res, err := local.ArchiveYear(*db, *year, *out, time.Now())
		if err != nil {
			return stopFirst(err, "guichet journal archive", "")
		}
		fmt.Fprintln(stdout, sayf(langOf(stderr), "archived year %s: entries %d to %d (%d) in %s, sha256 %s; recorded as journal entry %d", res.Year, res.First, res.Last, res.Entries, *out, res.SHA256, res.Seq))
	case "events":
		events, err := local.Events(*db)
		var bad *local.BadEntryError
		if errors.As(err, &bad) {
			fmt.Fprintf(stdout, "BAD: %s\n", pos.Say(pos.Errorf("event log: %w", bad), langOf(stderr)))
			return exitCode(1)
		}
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		lang := langOf(stderr)
		width := 17 // the kinds' column: the longest kind said in lang
		for _, e := range events {
			width = max(width, utf8.RuneCountInString(word(lang, e.Kind)))
		}
		for _, e := range events {
			if *asJSON {
				if err := enc.Encode(e); err != nil {
					return err
				}
				continue
			}
			// kept in English (--json prints it so, for scripts): said in
			// the command line's language where it is one of the
			// register's sentences (a catalog refused, an archive's
			// range, a clock jump, a PIN refused...)
			detail := e.Detail
			switch {
			case detail == "":
			case e.Kind == local.EventPrinterFault:
				// a printer's status (paper out, cover open...), a
				// job's failure, a printer unreachable
				detail = printerFault(detail, lang)
			default:
				detail = pos.Say(errors.New(detail), lang)
			}
			var what []string
			for _, s := range []string{e.Version, e.Staff, detail} {
				if s != "" {
					what = append(what, s)
				}
			}
			// the kind in the command line's language (French read
			// "register.started"); --json keeps local's names for scripts
			fmt.Fprintf(stdout, "%6d  %s  %-*s %s\n", e.Seq, e.Time.Format(time.RFC3339), width, word(lang, e.Kind), strings.Join(what, " · "))
		}
	case "organiser":
		return journalOrganiser(*db, *catalogPath, *confirm, *staff, *pin, stdout, langOf(stderr))
	case "stats":
		s, err := local.FileStats(*db)
		if err != nil {
			return err
		}
		out, _ := json.MarshalIndent(s, "", "  ")
		fmt.Fprintln(stdout, string(out))
	}
	return nil
}

// journalOrganiser shows the organiser the register's file sells for and
// the one the catalog names, and with confirm re-points the file to the
// catalog's (local.RepointOrganiser): the way out of the refusal a box
// office meets when its name changed in its catalog.
func journalOrganiser(db, catalogPath string, confirm bool, staff, pin string, stdout io.Writer, lang pos.Lang) error {
	if catalogPath == "" {
		return pos.Errorf("give the catalog the file is to sell with: guichet journal organiser --db FILE --catalog FILE")
	}
	cat, err := loadCatalog(catalogPath, time.Now())
	if err != nil {
		return err
	}
	st, err := local.OrganiserOf(db)
	if err != nil {
		return err
	}
	named := cat.Organiser.Name
	if st.Organiser == "" {
		fmt.Fprintln(stdout, sayf(lang, "%s (register %s) remembers no organiser yet: it learns it from the catalog it last sold with; the catalog %s names %q", db, st.Register, catalogPath, named))
	} else {
		fmt.Fprintln(stdout, sayf(lang, "%s (register %s) sells for %q; the catalog %s names %q", db, st.Register, st.Organiser, catalogPath, named))
	}
	for _, c := range st.Changes {
		fmt.Fprintln(stdout, "    "+sayf(lang, "re-pointed from %q to %q on %s by %s (journal entry %d)", c.From, c.To, c.Time.Format(time.RFC3339), c.Staff, c.Seq))
	}
	switch {
	case st.Organiser != "" && st.SameOrganiser(named):
		fmt.Fprintln(stdout, sayf(lang, "the same box office: the file takes this catalog, nothing to re-point"))
		return nil
	case strings.TrimSpace(named) == "":
		return pos.Errorf("the catalog %s names no organiser (organiser.name): a register's file is re-pointed only to a named one", catalogPath)
	case !confirm:
		fmt.Fprintln(stdout, sayf(lang, "nothing changed. If %s is the box office's own catalog under a new name (or its new owner's), re-point the file to it, the register stopped: "+
			"guichet journal organiser --db %s --catalog %s --confirm --staff ID --pin PIN (an administrator of that catalog); the journal records who, when and both names", catalogPath, db, catalogPath))
		return nil
	}
	if len(cat.Staff) > 0 {
		s, ok := cat.StaffByID(staff)
		switch {
		case staff == "":
			return pos.Errorf("say who re-points the file: --staff ID --pin PIN, an administrator of %s", catalogPath)
		case !ok || !s.CheckPIN(pin):
			return pos.Errorf("staff %q with that PIN is not in %s: check --staff and --pin", staff, catalogPath)
		case s.Role != pos.RoleAdmin:
			return pos.Errorf("%s is not an administrator in %s: an administrator re-points the register's file", staff, catalogPath)
		}
	} else if strings.TrimSpace(staff) == "" {
		return pos.Errorf("say who re-points the file: --staff NAME (the catalog %s lists no staff), recorded in the journal", catalogPath)
	}
	ch, err := local.RepointOrganiser(local.Options{Path: db, Catalog: cat, Serves: "guichet journal organiser"}, staff)
	if err != nil {
		return err
	}
	if ch.Seq == 0 {
		fmt.Fprintln(stdout, sayf(lang, "the same box office: the file takes this catalog, nothing to re-point"))
		return nil
	}
	was := sayf(lang, "it sold for %q", ch.From)
	if ch.From == "" {
		was = sayf(lang, "it remembered none")
	}
	fmt.Fprintln(stdout, sayf(lang, "%s sells for %q from now on (%s): recorded as journal entry %d, by %s at %s", db, ch.To, was, ch.Seq, ch.Staff, ch.Time.Format(time.RFC3339)))
	return nil
}
