package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"guichet/local"
	"guichet/pos"
)

func init() {
	register("customers", "customer records (import|list|example)", runCustomers)
}

const customersUsage = `usage: guichet customers COMMAND [--db FILE] [--catalog FILE] ...
  import    --staff ID --pin PIN FILE
                                   CSV, all or nothing, with every bad line named; a row whose
                                   e-mail is already a customer's updates that customer (without
                                   an e-mail: the customer without one of that name and phone)
  list      [--search WORDS] [--json]
                                   customers (name, e-mail, newsletter consent); --json: their
                                   whole records (civility, address, language, notes...)
  example                          print an example CSV file to import
import is done, as at the administrator's desk, by an administrator: --staff ID --pin PIN (needed
when the catalog has a staff list; without one, --staff NAME is recorded as given). list and
example only read: anyone may, and they take no --staff or --pin (none is checked).`

func runCustomers(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, customersUsage, stdout, stderr, "import", "list", "example")
	if err != nil {
		return err
	}
	fs := newFlags("customers "+sub, customersUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	staff := fs.String("staff", "", "import: who imports: an administrator's staff id in the catalog, with --pin (when the catalog lists no staff: a name, recorded as given)")
	pin := fs.String("pin", "", "import: the member of staff's PIN")
	search := fs.String("search", "", "list: only customers matching these words")
	asJSON := fs.Bool("json", false, "list: the whole records as JSON")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	if sub != "import" {
		if err := readsAsAnyone(fs, sub); err != nil {
			return err
		}
	}
	var data []byte // import: the file's
	switch sub {
	case "example":
		fmt.Fprint(stdout, pos.CustomersCSVExample)
		return nil
	case "import":
		if len(rest) != 1 {
			return pos.Errorf("name one CSV file: guichet customers import FILE (see guichet customers example)")
		}
		// read before the register's file is opened: a file not there
		// writes nothing (and makes no register file)
		if data, err = os.ReadFile(rest[0]); err != nil {
			return pos.Errorf("cannot read the customers: %w", missingFile(err, rest[0]))
		}
	case "list":
		if err := registerFileThere(*db); err != nil {
			return err
		}
	default:
		fmt.Fprintf(stderr, "guichet customers: unknown command %q\n%s\n", sub, customersUsage)
		return exitCode(2)
	}
	c, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	if sub == "import" {
		// recorded as a member of staff the counter lets import customers
		// (an administrator: pos.ActCustomers, counter.Till.ImportCustomers),
		// their PIN checked; only the register that holds the file may
		return writeAsStaff(*db, c, *staff, *pin, staffCommand{
			name:    "guichet customers import",
			noStaff: pos.Errorf("this box office has a staff list: say who imports the customers with --staff ID --pin PIN, an administrator's"),
			mayNot: func(staff string) error {
				return pos.Errorf("%s may not import customers (an administrator's right): run it again with an administrator's --staff ID --pin PIN", staff)
			},
			instead: "; or import them at its administrator's desk (a on the sales list, then i)",
		}, func(w staffWriter, stdout, stderr io.Writer) error {
			list, err := w.ImportCustomers(data)
			if err != nil {
				return pos.Errorf("%s: %w", rest[0], err)
			}
			fmt.Fprintln(stdout, sayn(langOf(stderr), len(list), "%d customer imported", "%d customers imported", len(list)))
			return nil
		}, stdout, stderr)
	}
	// list only reads: read-only, so it works while the register runs
	r, err := local.Open(local.Options{Path: *db, Catalog: c, ReadOnly: true})
	if err != nil {
		return err
	}
	defer r.Close()
	list, err := r.SearchCustomers(*search, 0)
	if err != nil {
		return err
	}
	if *asJSON {
		// the postal address, language and notes the table leaves
		// out: what a manager looks a customer up for, to post an
		// invoice or answer a call
		if list == nil {
			list = []pos.Customer{}
		}
		out, _ := json.MarshalIndent(list, "", "  ")
		fmt.Fprintln(stdout, string(out))
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	lang := langOf(stderr)
	fmt.Fprintln(tw, sayf(lang, "ID\tNAME\tE-MAIL\tPHONE\tNEWSLETTER"))
	for _, cu := range list {
		nl := word(lang, "no")
		if cu.Newsletter {
			nl = sayf(lang, "yes, since %s", cu.NewsletterSince.In(c.Location()).Format("2006-01-02"))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cu.ID, cu.Name, cu.Email, cu.Phone, nl)
	}
	return tw.Flush()
}
