package main

import (
	"errors"
	"flag"
	"io"
	"strings"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
)

// staffWriter is what guichet codes and guichet customers import write, as
// someone: a till the member of staff unlocked (*counter.Till, whose
// methods check the rights the counter checks: pos.ActCodes for codes,
// pos.ActCustomers for customers), or, with a
// catalog that lists no staff, the register's file with --staff recorded
// as given (namedStaff).
type staffWriter interface {
	AddCodes(offer string, codes []pos.Code) error
	GenerateCodes(offer string, n, length, maxUses int) ([]pos.Code, error)
	SetCodeMaxUses(code string, maxUses int) error
	CopyCode(from, code string) (pos.Code, error)
	SetCodeDisabled(code string, disabled bool) error
	DeleteCode(code string) error
	ImportCodes(offer string, data []byte) ([]pos.Code, error)
	ImportCustomers(data []byte) ([]pos.Customer, error)
}

var _ staffWriter = (*counter.Till)(nil)

// namedStaff writes on a register whose catalog lists no staff: nobody's
// PIN to check, the name given is recorded as who did it.
type namedStaff struct {
	r     *local.Register
	staff string
}

func (n namedStaff) AddCodes(offer string, codes []pos.Code) error {
	return n.r.AddCodes(n.staff, offer, codes)
}

func (n namedStaff) GenerateCodes(offer string, count, length, maxUses int) ([]pos.Code, error) {
	return n.r.GenerateCodes(n.staff, offer, count, length, maxUses)
}

func (n namedStaff) SetCodeMaxUses(code string, maxUses int) error {
	return n.r.SetCodeMaxUses(n.staff, code, maxUses)
}

func (n namedStaff) CopyCode(from, code string) (pos.Code, error) {
	return n.r.CopyCode(n.staff, from, code)
}

func (n namedStaff) SetCodeDisabled(code string, disabled bool) error {
	return n.r.SetCodeDisabled(n.staff, code, disabled)
}

func (n namedStaff) DeleteCode(code string) error { return n.r.DeleteCode(n.staff, code) }

func (n namedStaff) ImportCodes(offer string, data []byte) ([]pos.Code, error) {
	return n.r.ImportCodes(n.staff, offer, data)
}

func (n namedStaff) ImportCustomers(data []byte) ([]pos.Customer, error) {
	return n.r.ImportCustomers(n.staff, data)
}

// staffCommand is a command that writes as a member of staff: what it
// says when nobody is named, when the profile may not, and where else it
// is done when a running register holds the file.
type staffCommand struct {
	name    string                   // "guichet codes add", for stopFirst
	noStaff error                    // the catalog lists staff and no --staff was given
	mayNot  func(staff string) error // the profile lacks the right
	instead string                   // stopFirst's other way: the running register's desk
}

// writeAsStaff runs do as the member of staff staff with pin, as a till
// they unlocked would: when the catalog c lists staff, --staff ID --pin PIN
// are needed, the PIN is checked (a wrong one journaled and counted as a
// till's, and nothing else written: refusedFirst) and do runs on their
// till, whose methods check the profile's right. When c lists none, do
// runs on the register's file with staff recorded as given. Either way do
// runs first on the file opened for a trial (output discarded), which
// stops where it would first write: a refused command writes nothing, and
// makes no file.
func writeAsStaff(db string, c *pos.Catalog, staff, pin string, cmd staffCommand, do func(w staffWriter, stdout, stderr io.Writer) error, stdout, stderr io.Writer) error {
	if len(c.Staff) == 0 {
		return writeAsNamed(db, c, staff, cmd, do, stdout, stderr)
	}
	if strings.TrimSpace(staff) == "" {
		return cmd.noStaff
	}
	mayNot := func(err error) error {
		if errors.Is(err, pos.ErrNotAllowed) {
			return cmd.mayNot(staff)
		}
		return err
	}
	trial := func(svc *counter.Service, till *counter.Till) error {
		return heldSays(svc, do(till, io.Discard, io.Discard), true)
	}
	if err := refusedFirst(db, c, staff, pin, trial); err != nil {
		return mayNot(stopFirst(err, cmd.name, cmd.instead))
	}
	svc, err := counter.Open(counter.Options{Path: db, Catalog: c})
	if err != nil {
		return stopFirst(err, cmd.name, cmd.instead)
	}
	defer svc.Close()
	till, err := unlockTill(svc, staff, pin)
	if err != nil {
		return err
	}
	defer till.Close()
	return mayNot(do(till, stdout, stderr))
}

// writeAsNamed is writeAsStaff with a catalog that lists no staff.
func writeAsNamed(db string, c *pos.Catalog, staff string, cmd staffCommand, do func(w staffWriter, stdout, stderr io.Writer) error, stdout, stderr io.Writer) error {
	// the command first on the file opened for a trial, which stops where
	// it would first write: a refused one writes nothing, not even a start
	// (refusedFirst). Beside the register that holds the file (a
	// snapshot), the command says to stop it first. With no file yet, a
	// new one made aside: a refused command makes none.
	tr, done, err := openTrial(db, c)
	if err == nil {
		if err = do(namedStaff{tr, staff}, io.Discard, io.Discard); tr.Snapshot() {
			err = nil
		}
	} else {
		err = nil // what the trial cannot open, the command says
	}
	done()
	if err != nil {
		return err
	}
	r, err := local.Open(local.Options{Path: db, Catalog: c})
	if err != nil {
		return stopFirst(err, cmd.name, cmd.instead)
	}
	defer r.Close()
	return do(namedStaff{r, staff}, stdout, stderr)
}

// readsAsAnyone refuses --staff and --pin on a subcommand that only reads
// (sub: "list" of guichet codes, which names the command before it):
// anyone may run it, so nobody is named and no PIN is checked. Taken and
// ignored, they let whoever typed them think the PIN was checked (or the
// name recorded).
func readsAsAnyone(fs *flags, sub string) error {
	var given []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "staff" || f.Name == "pin" {
			given = append(given, "--"+f.Name)
		}
	})
	if len(given) == 0 {
		return nil
	}
	if len(given) == 2 {
		return pos.Errorf("%s only reads, which anyone may: it checks no PIN and records no one; run it again without --staff and --pin", sub)
	}
	return pos.Errorf("%s only reads, which anyone may: it checks no PIN and records no one; run it again without %s", sub, given[0])
}
