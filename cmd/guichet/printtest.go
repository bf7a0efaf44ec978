package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

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
	fs := newFlags("print-test", "usage: guichet print-test --printer SPEC [--profile NAME] [--format spectacle|cinema] [--lang fr|en]", stdout, stderr)
	spec := fs.String("printer", "", "where to print: "+printers.SpecHelp)
	profile := fs.String("profile", printers.DefaultProfile, "printer model: "+strings.Join(printers.ProfileNames(), ", "))
	format := fs.String("format", "spectacle", "ticket format: spectacle (82 x 203.2 mm) or cinema (101.6 x 76.2 mm)")
	lang := fs.String("lang", "fr", "language of the fixed words: fr or en")
	rest, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q; the options are --printer, --profile, --format and --lang", rest[0])
	}
	if *spec == "" {
		return fmt.Errorf("say which printer to use with --printer: %s", printers.SpecHelp)
	}
	f := printers.Format(*format)
	if f != printers.Spectacle && f != printers.Cinema {
		return fmt.Errorf("there is no ticket format %q; use spectacle or cinema", *format)
	}
	if *lang != "fr" && *lang != "en" {
		return fmt.Errorf("the language must be fr or en, not %q", *lang)
	}
	prof, err := printers.LookupProfile(*profile)
	if err != nil {
		return err
	}
	ticket, err := printers.EncodeTicket(printers.SampleTicket(f, *lang), prof)
	if err != nil {
		return fmt.Errorf("cannot lay out the sample ticket: %w", err)
	}
	receipt, err := printers.EncodeReceipt(printers.SampleReceipt(*lang), prof)
	if err != nil {
		return fmt.Errorf("cannot lay out the sample receipt: %w", err)
	}

	tr, err := printers.Open(*spec)
	if err != nil {
		return err
	}
	defer tr.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if sr, ok := tr.(printers.StatusReader); ok {
		st, err := sr.Status(ctx)
		switch {
		case errors.Is(err, printers.ErrNoStatus):
			fmt.Fprintf(stderr, "%s: status cannot be read on this connection; printing anyway\n", tr)
		case err != nil:
			return err
		case !st.Ready():
			return fmt.Errorf("the printer %s cannot print: %s", tr, st)
		default:
			fmt.Fprintf(stderr, "%s: %s\n", tr, st)
		}
	}
	for _, job := range []struct {
		name string
		data []byte
	}{{"ticket", ticket}, {"receipt", receipt}} {
		if _, err := tr.Write(job.data); err != nil {
			return fmt.Errorf("the sample %s was not printed: %w", job.name, err)
		}
		if pw, ok := tr.(printers.PrintWaiter); ok && prof.ConfirmPrint {
			err := pw.WaitPrinted(ctx, func(st printers.Status) {
				if !st.Ready() {
					fmt.Fprintf(stderr, "waiting for the printer: %s\n", st)
				}
			})
			switch {
			case errors.Is(err, printers.ErrNoConfirm):
				fmt.Fprintf(stderr, "the printer did not confirm the %s; if it came out, choose a profile without print confirmation\n", job.name)
			case err != nil && !errors.Is(err, printers.ErrNoStatus):
				return fmt.Errorf("the sample %s may not have printed: %w", job.name, err)
			}
		}
	}
	if p, ok := tr.(*printers.Preview); ok {
		fmt.Fprint(stdout, p.Text(prof.ColumnsA))
		return nil
	}
	fmt.Fprintf(stderr, "printed a sample %s ticket and a receipt on %s (profile %s)\n", f, tr, prof.Name)
	return nil
}
