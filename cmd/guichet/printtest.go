package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

func init() {
	register("print-test", "print a sample ticket and receipt", runPrintTest)
}

// runPrintTest prints a sample ticket and a sample receipt, or shows them
// decoded with --printer preview.
func runPrintTest(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return printTest(args, stdout, stderr)
}

func printTest(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("print-test", "usage: guichet print-test --printer SPEC [--profile NAME] [--format spectacle|cinema] [--lang fr|en] [--db FILE]", stdout, stderr)
	spec := fs.String("printer", "", "where to print: "+printers.SpecHelp)
	profile := fs.String("profile", printers.DefaultProfile, "printer model: "+strings.Join(printers.ProfileNames(), ", "))
	// the name the counter, guichet ssh and the kiosk give it, so their
	// printer's settings can be tried as they are written
	fs.StringVar(profile, "printer-profile", printers.DefaultProfile, "the same as --profile, as the counter names it")
	format := fs.String("format", "spectacle", "ticket format: spectacle (82 x 203.2 mm) or cinema (101.6 x 76.2 mm)")
	lang := fs.String("lang", "fr", "language of the fixed words: fr or en")
	catalog := fs.String("catalog", "", "the sample receipt sells from this catalog (default: the embedded demo box office)")
	db := fs.String("db", "", "sign the sample QR code with this register's key (FILE.key, only read); without it, with a sample key sample.key/sample.pub beside a file printer's output, else in the current directory")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q; the options are --printer, --profile, --format, --lang, --catalog and --db", rest[0])
	}
	if *spec == "" {
		return pos.Errorf("say which printer to use with --printer: %s", words(printers.SpecHelp))
	}
	f := printers.Format(*format)
	if f != printers.Spectacle && f != printers.Cinema {
		return pos.Errorf("there is no ticket format %q; use spectacle or cinema", *format)
	}
	language, err := pos.ParseLang(*lang)
	if err != nil {
		return err
	}
	prof, err := printers.LookupProfile(*profile)
	if err != nil {
		return err
	}
	tr, err := printers.Open(*spec)
	if err != nil {
		return err
	}
	defer tr.Close()

	// After Open: a printer that cannot be named leaves no sample key behind.
	sample, keyNote, err := signedSample(f, *lang, *db, *spec, langOf(stderr))
	if err != nil {
		return err
	}
	ticket, err := printers.EncodeTicket(sample, prof)
	if err != nil {
		return fmt.Errorf("cannot lay out the sample ticket: %w", err)
	}
	cat, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	sampleReceipt, err := counter.SampleReceipt(cat, time.Now(), language)
	if err != nil {
		return err
	}
	receipt, err := printers.EncodeReceipt(sampleReceipt, prof)
	if err != nil {
		return fmt.Errorf("cannot lay out the sample receipt: %w", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if sr, ok := tr.(printers.StatusReader); ok {
		st, err := sr.Status(ctx)
		switch {
		case errors.Is(err, printers.ErrNoStatus):
			fmt.Fprintln(stderr, sayf(langOf(stderr), "%s: status cannot be read on this connection; printing anyway", tr))
		case err != nil:
			return err
		case !st.Ready():
			return pos.Errorf("the printer %s cannot print: %s", tr, printerSays(st))
		default:
			fmt.Fprintln(stderr, sayf(langOf(stderr), "%s: %s", tr, printerSays(st)))
		}
	}
	for _, job := range []struct {
		name string
		data []byte
	}{{"ticket", ticket}, {"receipt", receipt}} {
		if err := printAndWait(ctx, tr, prof, job.data, "sample "+job.name, stderr); err != nil {
			return err
		}
	}
	fmt.Fprintln(stderr, keyNote)
	if p, ok := tr.(*printers.Preview); ok {
		fmt.Fprint(stdout, p.Text(prof.ColumnsA))
		return nil
	}
	fmt.Fprintln(stderr, sayf(langOf(stderr), "printed a sample %s ticket and a receipt on %s (profile %s)", f, tr, prof.Name))
	return nil
}

// signedSample is the sample ticket with a QR code a door can check: signed
// with the register's key when db is given, else with the sample key beside
// a file printer's output (or in the current directory). note says which
// key and how to verify it, in the command line's language say.
func signedSample(f printers.Format, lang, db, spec string, say pos.Lang) (t printers.Ticket, note string, err error) {
	var (
		key     ed25519.PrivateKey
		keyFile string
		pubFile string
	)
	if db != "" {
		keyFile, pubFile = db+".key", db+".pub"
		if key, err = readSigningKey(keyFile); errors.Is(err, os.ErrNotExist) {
			return t, "", pos.Errorf("there is no signing key %s beside the register's file: give the file whose key should sign the sample, or leave out --db to sign it with a sample key", keyFile)
		} else if err != nil {
			return t, "", err
		}
		note = sayf(say, "the sample QR code is signed with the register's key %s", keyFile)
	} else {
		dir := "."
		if path, ok := strings.CutPrefix(spec, "file:"); ok {
			dir = filepath.Dir(path)
		}
		keyFile, pubFile = filepath.Join(dir, "sample.key"), filepath.Join(dir, "sample.pub")
		var created bool
		if key, created, err = sampleKey(dir); err != nil {
			return t, "", err
		}
		note = sayf(say, "the sample QR code is signed with the sample key %s", keyFile)
		if created {
			note += sayf(say, " (new)")
		}
	}
	payload, err := local.SignTicket(key, sampleClaim)
	if err != nil {
		return t, "", err
	}
	t = printers.SampleTicket(f, lang)
	t.QRPayload, t.TicketNumber = payload, sampleClaim.Number
	if _, err := os.Stat(pubFile); err != nil {
		pubFile = keyFile
	}
	note += sayf(say, "; check it with: guichet ticket verify %s --key %s", payload, pubFile)
	return t, note, nil
}

// printAndWait writes one job (what names it: "statement", "sample
// ticket") and, when the profile's printer confirms what it printed, waits
// for it, saying on stderr what it waits for: a command returns once the
// paper came out, or says it may not have.
func printAndWait(ctx context.Context, tr printers.Transport, prof printers.Profile, data []byte, what string, stderr io.Writer) error {
	if _, err := tr.Write(data); err != nil {
		return pos.Errorf("the %s was not printed: %w", words(what), err)
	}
	pw, ok := tr.(printers.PrintWaiter)
	if !ok || !prof.ConfirmPrint {
		return nil
	}
	err := pw.WaitPrinted(ctx, func(st printers.Status) {
		if !st.Ready() {
			fmt.Fprintln(stderr, sayf(langOf(stderr), "waiting for the printer: %s", printerSays(st)))
		}
	})
	switch {
	case errors.Is(err, printers.ErrNoConfirm):
		fmt.Fprintln(stderr, sayf(langOf(stderr), "the printer did not confirm the %s; if it came out, choose a profile without print confirmation", words(what)))
	case err != nil && !errors.Is(err, printers.ErrNoStatus):
		return pos.Errorf("the %s may not have printed: %w", words(what), err)
	}
	return nil
}
