package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"guichet/internal/cli"
	"guichet/local"
	"guichet/pos"
)

func init() {
	register("codes", "promo codes of an offer (add|generate|list|limit|copy|history|disable|enable|delete|export|import|example)", runCodes)
}

const codesUsage = `usage: guichet codes COMMAND [--db FILE] [--catalog FILE] [--offer ID] [--staff ID --pin PIN] ...
  list      --offer ID [--lang fr|en]           codes with uses / permitted and state (the offer's name in
                                                the catalog's first language, or --lang)
  limit     --max-uses N CODE...                change the quantity allowed (not below the orders that used it)
  copy      FROM NEW                            a new code with FROM's offer and quantity allowed
  history   CODE                                created, used (with orders), disabled, enabled, changed, by whom
  add       --offer ID [--max-uses N] CODE...   custom codes (max uses counts orders; 0: unlimited)
  generate  --offer ID --count N [--length 10] [--max-uses 1]
                                                random unique codes, no look-alike characters
  disable   CODE...                             stop a code without deleting it
  enable    CODE...                             use a disabled code again
  delete    CODE...                             only a code no order used, canceled since or not (else disable it)
  export    --offer ID [--out FILE]             CSV of the offer's codes (standard output by default)
  import    --offer ID FILE                     CSV, at most 500 codes, all or nothing
  example                                       print an example CSV file to import
add, generate, limit, copy, disable, enable, delete and import are done, as at the administrator's
desk, by an administrator: --staff ID --pin PIN (needed when the catalog has a staff list; without
one, --staff NAME is recorded as given). list, history, export and example only read: anyone may,
and they take no --staff or --pin (none is checked).`

func runCodes(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, codesUsage, stdout, stderr, "list", "add", "generate", "limit", "copy", "history", "disable", "enable", "delete", "export", "import", "example")
	if err != nil {
		return err
	}
	fs := newFlags("codes "+sub, codesUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	offer := fs.String("offer", "", "offer id")
	staff := fs.String("staff", "", "who changes the codes: an administrator's staff id in the catalog, with --pin (when the catalog lists no staff: a name, recorded as given)")
	pin := fs.String("pin", "", "the member of staff's PIN")
	maxUses := fs.Int("max-uses", -1, "orders that may use each code (0: unlimited)")
	count := fs.Int("count", 0, "generate: how many codes")
	length := fs.Int("length", 10, "generate: characters per code (at least 8)")
	out := fs.String("out", "", "export: write to this file instead of standard output")
	langFlag := fs.String("lang", "", "list: the language of the offer's name (default: the catalog's first)")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	if sub == "list" || sub == "export" || sub == "history" || sub == "example" {
		if err := readsAsAnyone(fs, sub); err != nil {
			return err
		}
	}
	if sub == "example" {
		fmt.Fprint(stdout, pos.CodesCSVExample)
		return nil
	}
	needOffer := func() error {
		if *offer == "" {
			return pos.Errorf("name the offer with --offer ID (its id in the catalog)")
		}
		return nil
	}
	needCodes := func() error {
		if len(rest) == 0 {
			return pos.Errorf("name the codes: guichet codes %s CODE [CODE]", sub)
		}
		return nil
	}
	var data []byte // import: the file's
	switch sub {
	case "list", "add", "generate", "export", "import":
		if err := needOffer(); err != nil {
			return err
		}
	case "disable", "enable", "delete", "limit", "history":
		if err := needCodes(); err != nil {
			return err
		}
	}
	// what the flags say, before the file is opened: a refused command
	// writes nothing (and makes no file)
	switch sub {
	case "list", "export":
	case "add":
		if err := needCodes(); err != nil {
			return err
		}
	case "generate":
		if *count < 1 {
			return pos.Errorf("say how many codes with --count N")
		}
	case "limit":
		if *maxUses < 0 {
			return pos.Errorf("say how many orders may use the code with --max-uses N (0: unlimited)")
		}
	case "import":
		if len(rest) != 1 {
			return pos.Errorf("name one CSV file: guichet codes import --offer ID FILE (see guichet codes example)")
		}
		if data, err = os.ReadFile(rest[0]); err != nil {
			return pos.Errorf("cannot read the codes: %w", missingFile(err, rest[0]))
		}
	case "disable", "enable", "delete", "history":
	case "copy":
		if len(rest) != 2 {
			return pos.Errorf("name the code to copy and the new one: guichet codes copy FROM NEW")
		}
	default:
		fmt.Fprintf(stderr, "guichet codes: unknown command %q\n%s\n", sub, codesUsage)
		return exitCode(2)
	}
	if sub != "add" && sub != "generate" && sub != "import" {
		if err := registerFileThere(*db); err != nil {
			return err
		}
	}
	c, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	// list, export and history only read: read-only, so they work while
	// the register runs and never change the file, and as anyone
	if sub == "list" || sub == "export" || sub == "history" {
		r, err := local.Open(local.Options{Path: *db, Catalog: c, ReadOnly: true})
		if err != nil {
			return err
		}
		defer r.Close()
		return codesRead(r, sub, *offer, *out, *langFlag, rest, c, stdout, stderr)
	}
	// The others record entries, as a member of staff the counter lets
	// manage codes (an administrator: pos.ActCodes), their PIN checked;
	// only the register that holds the file may.
	return writeAsStaff(*db, c, *staff, *pin, staffCommand{
		name:    "guichet codes " + sub,
		noStaff: pos.Errorf("this box office has a staff list: say who changes the codes with --staff ID --pin PIN, an administrator's"),
		mayNot: func(staff string) error {
			return pos.Errorf("%s may not change the codes (an administrator's right): run it again with an administrator's --staff ID --pin PIN", staff)
		},
		instead: "; or change them at its administrator's desk (a on the sales list, then Enter on the offer)",
	}, func(w staffWriter, stdout, stderr io.Writer) error {
		return codesWrite(w, sub, *offer, *maxUses, *count, *length, rest, data, stdout, stderr)
	}, stdout, stderr)
}

// codesRead runs the subcommands that only read on r, the register's file
// opened read-only.
func codesRead(r *local.Register, sub, offer, out, langFlag string, rest []string, c *pos.Catalog, stdout, stderr io.Writer) error {
	switch sub {
	case "list":
		list, err := r.Codes(offer)
		if err != nil {
			return err
		}
		lang := c.Lang("")
		if langFlag != "" {
			if lang, err = pos.ParseLang(langFlag); err != nil {
				return err
			}
		}
		// the register's offers: the catalog's as changed there, and
		// those made there (r.Codes found the offer among them)
		offers, err := r.Offers()
		if err != nil {
			return err
		}
		name := offer
		for _, o := range offers {
			if o.ID == offer {
				name = o.Name.In(lang)
			}
		}
		fmt.Fprintln(stdout, sayn(lang, len(list), "offer %s — %s: %d code", "offer %s — %s: %d codes", offer, name, len(list)))
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, sayf(lang, "CODE\tUSES / PERMITTED\tSTATE\tFROM"))
		for _, v := range list {
			state, from := "enabled", "register"
			if v.Disabled {
				state = "disabled"
			}
			if v.Catalog {
				from = "catalog"
			}
			uses := pos.UsageText(v.Uses, v.MaxUses)
			if v.MaxUses == 0 {
				uses = sayf(lang, "%d / unlimited", v.Uses)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", v.Code.Code, uses, word(lang, state), word(lang, from))
		}
		return tw.Flush()
	case "history":
		lang := langOf(stderr)
		for _, code := range rest {
			h, err := r.CodeHistory(code)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "%s\n%s\n", pos.NormalizeCode(code), sayf(lang, "TIME\tWHAT\tORDER\tBY"))
			for _, e := range h {
				what, when := word(lang, e.What), "—" // the catalog's codes have no moment
				if e.What == "catalog" {
					what = sayf(lang, "in the catalog")
				}
				if e.What == "created" || e.What == "changed" || e.What == "catalog" {
					what += " (" + usesWord(lang, e.Uses) + ")"
				}
				if !e.Time.IsZero() {
					when = e.Time.In(c.Location()).Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", when, what, e.Order, e.Staff)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	case "export":
		if out == "" {
			return r.ExportCodes(offer, stdout)
		}
		// The file is replaced only by a whole export: a refused one (a
		// mistyped offer) leaves an earlier export there as it was.
		var buf bytes.Buffer
		if err := r.ExportCodes(offer, &buf); err != nil {
			return err
		}
		return cli.ReplaceFile(out, buf.Bytes())
	}
	return nil
}

// codesWrite runs the subcommands that write, as w: a member of staff's
// till, or the register's file with the name given (writeAsStaff), on the
// file opened for a trial first.
func codesWrite(w staffWriter, sub, offer string, maxUses, count, length int, rest []string, data []byte, stdout, stderr io.Writer) error {
	lang := langOf(stderr)
	switch sub {
	case "add":
		codes := make([]pos.Code, len(rest))
		for i, s := range rest {
			codes[i] = pos.Code{Code: s, MaxUses: max(maxUses, 0)}
		}
		if err := w.AddCodes(offer, codes); err != nil {
			return err
		}
		fmt.Fprintln(stdout, sayn(lang, len(codes), "%d code added to offer %s", "%d codes added to offer %s", len(codes), offer))
	case "generate":
		uses := maxUses
		if uses < 0 {
			uses = 1 // random codes are usually single-use
		}
		codes, err := w.GenerateCodes(offer, count, length, uses)
		if err != nil {
			return err
		}
		for _, k := range codes {
			fmt.Fprintln(stdout, k.Code)
		}
		fmt.Fprintln(stderr, sayn(lang, len(codes), "%d random code added to offer %s, %s", "%d random codes added to offer %s, each %s", len(codes), offer, forOrders(lang, uses)))
	case "disable", "enable":
		for _, code := range rest {
			if err := w.SetCodeDisabled(code, sub == "disable"); err != nil {
				return err
			}
			fmt.Fprintln(stdout, sayf(lang, "%s "+sub+"d", pos.NormalizeCode(code)))
		}
	case "limit":
		for _, code := range rest {
			if err := w.SetCodeMaxUses(code, maxUses); err != nil {
				return err
			}
			if maxUses == 0 {
				fmt.Fprintln(stdout, sayf(lang, "%s: unlimited orders", pos.NormalizeCode(code)))
			} else {
				fmt.Fprintln(stdout, sayn(lang, maxUses, "%s: %d order", "%s: %d orders", pos.NormalizeCode(code), maxUses))
			}
		}
	case "copy":
		k, err := w.CopyCode(rest[0], rest[1])
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, sayf(lang, "%s added to offer %s, %s", k.Code, k.Offer, forOrders(lang, k.MaxUses)))
	case "delete":
		for _, code := range rest {
			if err := w.DeleteCode(code); err != nil {
				return err
			}
			fmt.Fprintln(stdout, sayf(lang, "%s deleted", pos.NormalizeCode(code)))
		}
	case "import":
		codes, err := w.ImportCodes(offer, data)
		if err != nil {
			return pos.Errorf("%s: %w", rest[0], err)
		}
		fmt.Fprintln(stdout, sayn(lang, len(codes), "%d code imported into offer %s", "%d codes imported into offer %s", len(codes), offer))
	}
	return nil
}

// usesWord is a code's quantity allowed, in lang: a number, or unlimited.
func usesWord(lang pos.Lang, n int) string {
	if n == 0 {
		return word(lang, "unlimited")
	}
	return fmt.Sprint(n)
}

// forOrders is the same for a code added: "for 5 orders".
func forOrders(lang pos.Lang, n int) string {
	if n == 0 {
		return sayf(lang, "for unlimited orders")
	}
	return sayn(lang, n, "for %d order", "for %d orders", n)
}
