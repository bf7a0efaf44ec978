package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"guichet/internal/cli"
	"guichet/local"
	"guichet/pos"
	"guichet/sync/server"
)

func init() {
	register("register", "enrol registers (add NAME --key FILE.pub | revoke NAME | renew NAME | retire NAME | list)", runRegister)
	register("catalog", "the organiser's catalog registers pull (load FILE)", runCatalog)
	register("codes", "promo codes on the server (list|history|add|generate|import|export|disable|enable|delete)", runCodes)
	register("report", "sales across registers (sales --since --until --by ...)", runReport)
}

const registerUsage = `usage: guichetd register COMMAND [--db URL]
  add NAME --key FILE.pub   enrol a register with its public key (<register db>.pub); prints its token once
  revoke NAME               refuse its token from now on (its journal stays)
  renew NAME                a new token for an enrolled register (the old one stops working)
  retire NAME [--idle D] [--grant-margin D] [--force]
                            write off a register gone for good: revoke it and give back to the
                            box office what its grants hold beyond what its stored journal sold;
                            refused while it may still sell (it pushed or reached the server less
                            than --idle ago, default 1h; a grant has not ended plus --grant-margin,
                            give guichetd serve's; its journal stops before its grants ended) unless --force
  list [--json]             registers, how far their journals are stored, their last push and
                            last contact (any request: a register with nothing to push still pulls
                            the catalog; one gone does not); --json: one object each, times in UTC
                            (RFC 3339), a time never reached left out, for a monitoring script`

func runRegister(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, registerUsage, stdout, stderr)
	if err != nil {
		return err
	}
	fs := newFlags("register "+sub, registerUsage, stdout, stderr)
	db := dbFlag(fs)
	keyFile := fs.String("key", "", "add: the register's public key file (<register db>.pub)")
	idle := fs.Duration("idle", server.DefaultRetireIdle, "retire: refuse if the register pushed or reached the server more recently than this")
	force := fs.Bool("force", false, "retire: even if the register may still be selling offline (its machine is gone for good)")
	margin := fs.Duration("grant-margin", server.DefaultGrantMargin, "retire: guichetd serve's --grant-margin (a register may sell from a grant this long after its end, by its clock)")
	asJSON := fs.Bool("json", false, "list: print JSON")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	ctx := context.Background()
	store, err := openStoreFor(ctx, *db, sub == "list")
	if err != nil {
		return err
	}
	defer store.Close()
	name := ""
	if sub != "list" {
		if len(rest) != 1 {
			return fmt.Errorf("name the register: guichetd register %s NAME", sub)
		}
		name = rest[0]
	}
	switch sub {
	case "add":
		if *keyFile == "" {
			return errors.New("give the register's public key: --key <register db>.pub (written beside its file at first start)")
		}
		pub, err := local.LoadPublicKey(*keyFile)
		if err != nil {
			return err
		}
		token, err := store.AddRegister(ctx, name, pub)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\n", token)
		fmt.Fprintf(stderr, "register %s enrolled. This token is shown once: put it in the register's token file (guichet --central URL --token-file FILE).\n", name)
	case "renew":
		token, err := store.RenewRegister(ctx, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\n", token)
	case "revoke":
		if err := store.RevokeRegister(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "register %s revoked: its pushes are refused from now on\n", name)
	case "retire":
		store.SetGrantMargin(*margin)
		rep, err := store.RetireRegister(ctx, name, server.RetireOptions{Idle: *idle, Force: *force})
		if err != nil {
			return err
		}
		for _, why := range rep.Overrode {
			fmt.Fprintf(stderr, "retired with --force although %s\n", why)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RESOURCE\tHELD\tSOLD\tBACK TO THE BOX OFFICE")
		for _, g := range rep.Grants {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", g.Resource, g.Held, g.Sold, g.Returned)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "register %s retired: %s; its pushes are refused from now on, its stored journal stays\n", name, wentBack(rep.Grants))
	case "list":
		regs, err := store.Registers(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			type listed struct {
				server.RegisterInfo
				State string `json:"state"`
			}
			out := make([]listed, 0, len(regs))
			for _, r := range regs {
				r.Enrolled, r.Revoked, r.Retired = r.Enrolled.UTC(), r.Revoked.UTC(), r.Retired.UTC()
				r.LastTime, r.LastPush, r.LastContact = r.LastTime.UTC(), r.LastPush.UTC(), r.LastContact.UTC()
				out = append(out, listed{r, registerState(r)})
			}
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		z, err := boxOfficeZone(ctx, store)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		// The last contact tells a register running with nothing to push
		// (recent) from one gone (as old as its last push).
		fmt.Fprintln(tw, "REGISTER\tSTORED TO\tLAST ENTRY\tLAST PUSH\tLAST CONTACT\tSTATE")
		for _, r := range regs {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", r.Name, r.LastSeq, z.when(r.LastTime), z.when(r.LastPush), z.when(r.LastContact), registerState(r))
		}
		return tw.Flush()
	default:
		fmt.Fprintln(stderr, registerUsage)
		return exitCode(2)
	}
	return nil
}

// registerState is a register's standing as list says it: enrolled,
// revoked, or retired (a retired register is revoked as well).
func registerState(r server.RegisterInfo) string {
	switch {
	case !r.Retired.IsZero():
		return "retired"
	case !r.Revoked.IsZero():
		return "revoked"
	}
	return "enrolled"
}

// wentBack says what a retirement gave back, kind by kind: one ticket
// sold with a code under an offer's quota holds a place, a share of the
// quota and a use of the code, so the kinds are not added together.
func wentBack(grants []server.RetiredGrant) string {
	kinds := []struct{ prefix, unit string }{
		{"zone", "place(s)"}, // a seated zone's places are its seats
		{"pass", "pass(es)"},
		{"offer", "of offer quotas"},
		{"offeritem", "of offer quotas per item"},
		{"code", "code use(s)"},
	}
	n := make([]int, len(kinds))
	for _, g := range grants {
		kind, _, _ := strings.Cut(g.Resource, "/")
		if kind == "seat" {
			kind = "zone"
		}
		for i, k := range kinds {
			if k.prefix == kind {
				n[i] += g.Returned
			}
		}
	}
	var parts []string
	for i, k := range kinds {
		if n[i] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[i], k.unit))
		}
	}
	if len(parts) == 0 {
		return "nothing went back to the box office"
	}
	return "back to the box office " + strings.Join(parts, ", ")
}

// zone is where the times a listing prints stand: the box office's time
// zone (the catalog's), as its registers and report sales show them, not
// the server machine's (an e-mail queued at 18:29 on the register read
// 17:29 here). With no catalog loaded there is none to go by: the times
// are in UTC and say so.
type zone struct {
	loc  *time.Location
	said string // after each time: " UTC" with no catalog
}

// boxOfficeZone is the zone of the catalog loaded, UTC said without one.
func boxOfficeZone(ctx context.Context, store *server.Store) (zone, error) {
	cat, err := store.Catalog(ctx)
	switch {
	case err == nil:
		return zone{loc: cat.Location()}, nil
	case errors.Is(err, server.ErrNoCatalog):
		return zone{loc: time.UTC, said: " UTC"}, nil
	}
	return zone{}, fmt.Errorf("read the catalog for its time zone: %w", err)
}

// format writes t in the zone with layout, the zone said if it must be.
func (z zone) format(t time.Time, layout string) string {
	return t.In(z.loc).Format(layout) + z.said
}

// when is a time to the second, "-" for none.
func (z zone) when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return z.format(t, "2006-01-02 15:04:05")
}

const catalogUsage = `usage: guichetd catalog load FILE [--staff NAME] [--db URL]   (the fixtures' format, validated as a register does)
The codes the catalog creates, changes and deletes are recorded with the load (its version, the
file's name and, with --staff, who loaded it, as given): guichetd codes history CODE lists them.`

func runCatalog(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("catalog", catalogUsage, stdout, stderr)
	db := dbFlag(fs)
	staff := fs.String("staff", "", "who loads the catalog: a name, recorded with the codes it changes (optional)")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || rest[0] != "load" {
		fmt.Fprintln(stderr, catalogUsage)
		return exitCode(2)
	}
	// --staff may be left out (scripts that load a catalog name no one),
	// but one given blank (a variable left empty) would record no one
	// while seeming to: refused before anything is read or written.
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "staff" })
	if given && strings.TrimSpace(*staff) == "" {
		return errors.New("--staff is blank: give the name of who loads the catalog (it is recorded with the codes the catalog changes), or leave --staff out")
	}
	data, err := os.ReadFile(rest[1])
	if err != nil {
		return err
	}
	ctx := context.Background()
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	v, changed, err := store.LoadCatalogChanged(ctx, *staff, rest[1], data)
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(stdout, "catalog %s is the one loaded already (version %d), its codes as it defines them: nothing changed, registers keep it\n", rest[1], v)
		return nil
	}
	fmt.Fprintf(stdout, "catalog %s loaded (version %d): registers apply it at their next pull, between sales\n", rest[1], v)
	return nil
}

const codesUsage = `usage: guichetd codes COMMAND [--db URL] [--offer ID] [--staff NAME] ...
  list      --offer ID                          codes with uses across all registers / permitted, and state
  history   CODE...                             created, changed, disabled, enabled, deleted on the server: when,
                                                by whom (guichetd codes --staff, or which catalog load)
  add       --offer ID [--max-uses N] CODE...   custom codes (max uses counts orders; 0: unlimited)
  generate  --offer ID --count N [--length 10] [--max-uses 1]
  import    --offer ID FILE                     CSV as guichet codes reads it, all or nothing
  export    --offer ID [--out FILE]             CSV with uses across all registers
  disable   CODE...                             registers refuse it from their next pull
  enable    CODE...
  delete    CODE...                             only a code no order used on any register, canceled since or not
add, generate, import, disable, enable and delete need --staff NAME: who changes the codes, recorded
with each change as given (the server has no staff list nor PIN). list, history and export only
read, and take no --staff.`

func runCodes(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, codesUsage, stdout, stderr)
	if err != nil {
		return err
	}
	fs := newFlags("codes "+sub, codesUsage, stdout, stderr)
	db := dbFlag(fs)
	offer := fs.String("offer", "", "offer id")
	maxUses := fs.Int("max-uses", -1, "orders that may use each code (0: unlimited)")
	count := fs.Int("count", 0, "generate: how many codes")
	length := fs.Int("length", 10, "generate: characters per code (at least 8)")
	out := fs.String("out", "", "export: write to this file instead of standard output")
	staff := fs.String("staff", "", "who changes the codes: a name, recorded with each change as given")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	switch sub {
	case "list", "add", "generate", "export", "import":
		if *offer == "" {
			return errors.New("name the offer with --offer ID (its id in the catalog)")
		}
	case "disable", "enable", "delete", "history":
		if len(rest) == 0 {
			return fmt.Errorf("name the codes: guichetd codes %s CODE [CODE]", sub)
		}
	default:
		fmt.Fprintln(stderr, codesUsage)
		return exitCode(2)
	}
	readOnly := sub == "list" || sub == "export" || sub == "history"
	// who changes the codes, before the database is opened: a refused
	// command changes nothing; one that only reads records no one, and
	// says so rather than seem to
	switch {
	case readOnly && *staff != "":
		return fmt.Errorf("%s only reads: it records no one; run it again without --staff", sub)
	case !readOnly && strings.TrimSpace(*staff) == "":
		return fmt.Errorf("say who changes the codes with --staff NAME: it is recorded with each change (guichetd codes history CODE lists them)")
	}
	ctx := context.Background()
	store, err := openStoreFor(ctx, *db, readOnly)
	if err != nil {
		return err
	}
	defer store.Close()
	switch sub {
	case "list":
		vs, err := store.Codes(ctx, *offer)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tUSES\tSTATE")
		for _, v := range vs {
			permit, state := "unlimited", "active"
			if v.MaxUses > 0 {
				permit = strconv.Itoa(v.MaxUses)
			}
			if v.Disabled {
				state = "disabled"
			}
			if v.Deleted {
				state = "deleted, used offline"
			}
			fmt.Fprintf(tw, "%s\t%d / %s\t%s\n", v.Code.Code, v.Uses, permit, state)
		}
		return tw.Flush()
	case "add":
		if len(rest) == 0 {
			return errors.New("name the codes to add: guichetd codes add --offer ID CODE [CODE]")
		}
		var codes []pos.Code
		for _, k := range rest {
			codes = append(codes, pos.Code{Code: k, MaxUses: max(*maxUses, 0)})
		}
		if err := store.AddCodes(ctx, *staff, *offer, codes); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d code(s) added to %s\n", len(codes), *offer)
	case "generate":
		mu := *maxUses
		if mu < 0 {
			mu = 1
		}
		codes, err := store.GenerateCodes(ctx, *staff, *offer, *count, *length, mu)
		if err != nil {
			return err
		}
		for _, k := range codes {
			fmt.Fprintln(stdout, k.Code)
		}
	case "import":
		if len(rest) != 1 {
			return errors.New("name the CSV file: guichetd codes import --offer ID FILE")
		}
		data, err := os.ReadFile(rest[0])
		if err != nil {
			return err
		}
		codes, err := store.ImportCodes(ctx, *staff, *offer, data)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d code(s) imported into %s\n", len(codes), *offer)
	case "history":
		// in the box office's time, as its registers' histories are
		cat, err := store.Catalog(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, k := range rest {
			h, err := store.CodeHistory(ctx, k)
			if err != nil {
				return err
			}
			if len(h) == 0 {
				fmt.Fprintf(tw, "%s: no change recorded on the server (made before the server recorded its codes' changes, and not changed since)\n", pos.NormalizeCode(k))
				continue
			}
			fmt.Fprintf(tw, "%s\nTIME\tWHAT\tOFFER\tBY\n", pos.NormalizeCode(k))
			for _, c := range h {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.At.In(cat.Location()).Format("2006-01-02 15:04"), changeWhat(c), c.Offer, changeBy(c))
			}
		}
		return tw.Flush()
	case "export":
		if *out == "" {
			return store.ExportCodes(ctx, *offer, stdout)
		}
		// The file is replaced only by a whole export: a refused one (a
		// mistyped offer) leaves an earlier export there as it was.
		var buf bytes.Buffer
		if err := store.ExportCodes(ctx, *offer, &buf); err != nil {
			return err
		}
		return cli.ReplaceFile(*out, buf.Bytes())
	case "disable", "enable", "delete":
		// One code at a time, each said as it is done: a code that fails
		// stops there, and what was done before it is on the screen.
		for _, k := range rest {
			if sub == "delete" {
				err = store.DeleteCode(ctx, *staff, k)
			} else {
				err = store.SetCodeDisabled(ctx, *staff, k, sub == "disable")
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%sd: %s\n", strings.TrimSuffix(sub, "e"), pos.NormalizeCode(k))
		}
		if sub != "delete" {
			fmt.Fprintln(stdout, "registers get it at their next pull")
		}
	}
	return nil
}

// changeWhat is what a code's change did, as codes history says it: one
// created or changed with its quantity allowed; one a catalog load deleted
// with why (the catalog loaded no longer defines it).
func changeWhat(c server.CodeChange) string {
	uses := "unlimited"
	if c.MaxUses > 0 {
		uses = strconv.Itoa(c.MaxUses)
	}
	switch {
	case c.What == "created":
		return fmt.Sprintf("created (%s, %s)", c.Source, uses)
	case c.What == "changed":
		return fmt.Sprintf("changed (%s)", uses)
	case c.What == "deleted" && c.Catalog > 0:
		return "deleted (not in the catalog loaded)"
	}
	return c.What
}

// changeBy is who made a code's change: the name guichetd codes --staff
// gave, or the catalog load (its file, the version it printed, and who
// loaded it when catalog load --staff said).
func changeBy(c server.CodeChange) string {
	if c.Catalog == 0 {
		return c.Staff
	}
	by := fmt.Sprintf("catalog load %s (version %d)", c.CatalogFile, c.Catalog)
	if c.Staff != "" {
		by += " by " + c.Staff
	}
	return by
}

func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const usage = `usage: guichetd report sales [--since TIME] [--until TIME] [--by method|register|performance|category|offer] [--json|--csv]
  TIME is 2026-03-10 or 2026-03-10T18:00 (the box office's time, in the catalog's
  time zone, as its registers' days are) or RFC 3339 (its own offset)`
	fs := newFlags("report", usage, stdout, stderr)
	db := dbFlag(fs)
	since := fs.String("since", "", "from this time on (inclusive)")
	until := fs.String("until", "", "up to this time (exclusive)")
	by := fs.String("by", "method", "method, register, performance, category or offer")
	asJSON := fs.Bool("json", false, "print JSON")
	asCSV := fs.Bool("csv", false, "print CSV")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "sales" {
		fmt.Fprintln(stderr, usage)
		return exitCode(2)
	}
	ctx := context.Background()
	store, err := openStoreReadOnly(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	// Days and hours are the box office's, as its registers' closures and
	// Z reports count them, not those of the server's clock.
	loc := time.Local
	cat, err := store.Catalog(ctx)
	switch {
	case err == nil:
		loc = cat.Location()
	case !errors.Is(err, server.ErrNoCatalog):
		return err
	}
	from, err := parseTime(*since, loc)
	if err != nil {
		return fmt.Errorf("--since: %w", err)
	}
	to, err := parseTime(*until, loc)
	if err != nil {
		return fmt.Errorf("--until: %w", err)
	}
	if !from.IsZero() && !to.IsZero() && !to.After(from) {
		return fmt.Errorf("--until %s is not after --since %s: nothing is sold in that time; give the first day with --since and the day after the last with --until", *until, *since)
	}
	rep, err := store.Sales(ctx, from, to, *by)
	if err != nil {
		return err
	}
	return printSales(stdout, rep, *asJSON, *asCSV)
}

func printSales(w io.Writer, rep server.SalesReport, asJSON, asCSV bool) error {
	refunds := rep.By == "method" || rep.By == "register"
	switch {
	case asJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case asCSV:
		// the amount a plain number a spreadsheet adds up, its currency beside it
		// by method or register, the refunds counted apart from the
		// payments, in a last column
		cw := csv.NewWriter(w)
		head := []string{rep.By, "currency", "count", "amount"}
		if refunds {
			head = append(head, "refunds")
		}
		_ = cw.Write(head)
		for _, r := range rep.Rows {
			row := []string{r.Key, r.Currency, strconv.Itoa(r.Count), pos.M(r.Amount, pos.Currency(r.Currency)).Number()}
			if refunds {
				row = append(row, strconv.Itoa(r.Refunds))
			}
			_ = cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	}
	// the passes apart from the tickets, as the registers' X and Z reports
	// count them ("Billets 2", "Pass 1")
	passes := ""
	if rep.Passes > 0 {
		passes = fmt.Sprintf(", passes %d", rep.Passes)
	}
	fmt.Fprintf(w, "orders %d, tickets %d%s, canceled %d, lapsed %d\n\n", rep.Orders, rep.Tickets, passes, rep.Canceled, rep.Lapsed)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	if refunds {
		fmt.Fprintf(tw, "%s\tcount\tamount\trefunds\t\n", strings.ToUpper(rep.By))
	} else {
		fmt.Fprintf(tw, "%s\tcount\tamount\t\n", strings.ToUpper(rep.By))
	}
	for _, r := range rep.Rows {
		key := r.Key
		if key == "" {
			// the tickets no offer changed (by offer): a blank row head
			// read as a line of the row above, or a fault ("" in JSON
			// and CSV, for scripts)
			key = "(no " + rep.By + ")"
		}
		if refunds {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t\n", key, r.Count, pos.M(r.Amount, pos.Currency(r.Currency)), r.Refunds)
		} else {
			fmt.Fprintf(tw, "%s\t%d\t%s\t\n", key, r.Count, pos.M(r.Amount, pos.Currency(r.Currency)))
		}
	}
	return tw.Flush()
}

// parseTime reads a --since or --until time in loc (the box office's time
// zone), or with its own offset (RFC 3339).
func parseTime(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: write 2026-03-10 or 2026-03-10T18:00", s)
}
