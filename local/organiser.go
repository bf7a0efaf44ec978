package local

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// The register's file remembers the organiser it sells for (meta
// "organiser": the catalog's organiser name), so a file opened with the
// catalog of another box office (a tool run without --catalog gets the
// embedded demo) is refused instead of selling that catalog's shows,
// granting its capacities and naming its performances in reports. It is
// recorded at the first writable open (an older file's, at its next) and
// again when a catalog of the same organiser is applied; an unnamed
// organiser is not recorded.
var organiserKey = []byte("organiser")

// OrganiserError: the catalog given is another organiser's than the one
// the register's file sells for. Nothing was read or written with it.
type OrganiserError struct {
	Path     string // the register's file
	Register string // the organiser the file sells for
	Catalog  string // the organiser of the catalog given
	// Given says where the catalog came from, when the command line
	// knows ("the embedded demo, as no --catalog was given", or the
	// catalog's file); "" when not.
	Given string
	// Demo: the catalog given is the embedded demo, which no box office
	// re-points its file to: the refusal then only asks for the box
	// office's catalog.
	Demo bool
}

func (e *OrganiserError) Error() string { return pos.Say(e.problem(), pos.English) }

// Say is the refusal in lang.
func (e *OrganiserError) Say(lang pos.Lang) string { return pos.Say(e.problem(), lang) }

// problem names the way out of both faults it may be: a tool given the
// wrong catalog (give the box office's), and a box office whose catalog
// now names it otherwise (a typo fixed, a company's new name: re-point
// the file, which the journal records).
func (e *OrganiserError) problem() error {
	reg, cat := shownOrganiser(e.Register), shownOrganiser(e.Catalog)
	switch {
	case e.Demo:
		return pos.Errorf("%s is the register of %s; the catalog given is %s's (%s): give the box office's catalog with --catalog FILE", e.Path, reg, cat, e.Given)
	case e.Given != "":
		return pos.Errorf("%s is the register of %s; the catalog given is %s's (%s): give the box office's catalog with --catalog FILE; if %s is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db %s --catalog %s", e.Path, reg, cat, e.Given, e.Given, e.Path, e.Given)
	}
	return pos.Errorf("%s is the register of %s; the catalog given is %s's: give the box office's catalog with --catalog FILE; if it is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db %s --catalog FILE", e.Path, reg, cat, e.Path)
}

// shownOrganiser is an organiser's name in a sentence.
func shownOrganiser(name string) string {
	if strings.TrimSpace(name) == "" {
		return `"" (no name)`
	}
	return name
}

// sameOrganiser compares organiser names as a person reads them: a
// catalog whose name gained a space or a capital is the same box office's.
func sameOrganiser(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// recordedOrganiser is the organiser the file sells for ("": not recorded,
// a new file's or one written before files remembered it).
func recordedOrganiser(tx *bolt.Tx) string {
	if meta := tx.Bucket(bucketMeta); meta != nil {
		return string(meta.Get(organiserKey))
	}
	return ""
}

// checkOrganiser refuses catalog c on the file when the file remembers
// another organiser (*OrganiserError). It only reads.
func checkOrganiser(tx *bolt.Tx, path string, c *pos.Catalog) error {
	if had := recordedOrganiser(tx); had != "" && !sameOrganiser(had, c.Organiser.Name) {
		return &OrganiserError{Path: path, Register: had, Catalog: c.Organiser.Name}
	}
	return nil
}

// openedFor is checkOrganiser on a file just opened, before anything is
// written to it.
func openedFor(db *bolt.DB, path string, c *pos.Catalog) error {
	return safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error { return checkOrganiser(tx, path, c) })
	})
}

// rememberOrganiser records c's organiser in the file when it is not
// recorded as written (a first open, an older file, a name respelled).
// checkOrganiser refused another organiser before. sure: c is the file's
// catalog beyond doubt (a new file's, one the central server sent); an
// older file that remembers no organiser learns it only from the catalog
// its last order was priced with, so that a tool run on it without
// --catalog (the embedded demo) does not teach it another box office's
// and lock its own counter out. An older file with no order learns at its
// first open after a sale.
func rememberOrganiser(tx *bolt.Tx, c *pos.Catalog, sure bool) error {
	name := c.Organiser.Name
	had := recordedOrganiser(tx)
	if strings.TrimSpace(name) == "" || had == name {
		return nil // unchanged: nothing written
	}
	if had == "" && !sure {
		sold, err := lastSoldWith(tx)
		if err != nil {
			return err
		}
		if sold == "" || sold != c.Digest() {
			return nil
		}
	}
	return tx.Bucket(bucketMeta).Put(organiserKey, []byte(name))
}

// lastSoldWith is the digest of the catalog the file's last order (by
// number) was priced with; "" when it has none. The views must be built.
func lastSoldWith(tx *bolt.Tx) (string, error) {
	k, v := view(tx, vOrders).Cursor().Last()
	if k == nil {
		return "", nil
	}
	var rec orderRec
	if err := json.Unmarshal(v, &rec); err != nil {
		return "", fmt.Errorf("order %s in the orders view: %w", k, err)
	}
	p, err := placedAt(tx, rec.Placed)
	if err != nil {
		return "", err
	}
	return p.Catalog, nil
}

// TypeOrganiserChanged records that the register's file was re-pointed to
// the catalog of an organiser it did not sell for (guichet journal
// organiser --confirm): the box office's name changed in its catalog, or
// the register changed hands. The fiscal trail shows who did it, when,
// and from which name to which; a file rebuilt from its flat file takes
// its organiser from the last one (organiserInJournal). No view folds it:
// a version that does not know the type passes over it, as every reader
// passes over a type it has no use for (views, closures, statements, the
// archive's lines, the central server's projection: see the tests).
const TypeOrganiserChanged = "organiser.changed"

// organiserChanged is the payload of organiser.changed.
type organiserChanged struct {
	From    string `json:"from"`    // the organiser the file sold for ("": it remembered none)
	To      string `json:"to"`      // the organiser of the catalog it sells with from now on
	Catalog string `json:"catalog"` // that catalog's digest
}

func init() { registerPayload[organiserChanged](TypeOrganiserChanged) }

// OrganiserChange is one organiser.changed entry of a journal.
type OrganiserChange struct {
	Seq   uint64    `json:"seq"`
	Time  time.Time `json:"time"`
	Staff string    `json:"staff"`
	From  string    `json:"from"`
	To    string    `json:"to"`
}

// OrganiserStatus is what a register's file says of its organiser.
type OrganiserStatus struct {
	Register  string            `json:"register"`  // the register's id
	Organiser string            `json:"organiser"` // the organiser it sells for ("": it remembers none yet)
	Changes   []OrganiserChange `json:"changes"`   // the journal's re-points, oldest first
}

// SameOrganiser says whether a catalog naming name is taken by a file
// that sells for organiser (no refusal): the names compare as a person
// reads them, and a file that remembers none takes any.
func (s OrganiserStatus) SameOrganiser(name string) bool {
	return s.Organiser == "" || sameOrganiser(s.Organiser, name)
}

// OrganiserOf reads, without writing (a running register's file too,
// from its snapshot), the organiser the file sells for and the changes
// its journal records.
func OrganiserOf(path string) (OrganiserStatus, error) {
	var st OrganiserStatus
	db, err := openFile(path, true)
	if err != nil {
		return st, err
	}
	defer db.Close()
	err = safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if st.Register, err = registerOf(tx); err != nil {
				return err
			}
			st.Organiser = recordedOrganiser(tx)
			st.Changes, err = organiserChanges(tx.Bucket(bucketJournal).Cursor())
			return err
		})
	})
	return st, err
}

// organiserChanges reads the organiser.changed entries of a journal's
// bucket, by their type alone (a whole journal is not decoded for them).
func organiserChanges(c *bolt.Cursor) ([]OrganiserChange, error) {
	var out []OrganiserChange
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if storedType(v) != TypeOrganiserChanged {
			continue
		}
		e, _, err := decodeEntry(v)
		if err != nil {
			return nil, fmt.Errorf("journal entry %d: %w", binary.BigEndian.Uint64(k), err)
		}
		var p organiserChanged
		if err := e.decode(&p); err != nil {
			return nil, err
		}
		out = append(out, OrganiserChange{Seq: e.Seq, Time: e.Time, Staff: e.Staff, From: p.From, To: p.To})
	}
	return out, nil
}

// organiserRecorded is the organiser an organiser.changed entry's stored
// value v re-pointed the file to ("" when v is none).
func organiserRecorded(v []byte) (string, error) {
	if storedType(v) != TypeOrganiserChanged {
		return "", nil
	}
	e, _, err := decodeEntry(v)
	if err != nil {
		return "", err
	}
	var p organiserChanged
	if err := e.decode(&p); err != nil {
		return "", err
	}
	return p.To, nil
}

// RepointOrganiser opens the register's file (which must exist; the
// register stopped) with o.Catalog, the catalog of an organiser it does
// not sell for, and makes the file sell for that organiser from now on,
// recording it in the journal (organiser.changed, by staff, now): the
// way out of a refusal (OrganiserError) when the box office's own name
// changed in its catalog. A catalog of the organiser the file sells for
// changes nothing (the zero OrganiserChange): Open takes it as it is.
func RepointOrganiser(o Options, staff string) (OrganiserChange, error) {
	if strings.TrimSpace(staff) == "" {
		return OrganiserChange{}, pos.Errorf("say who re-points the register's file: the journal records it (--staff ID)")
	}
	if o.Catalog == nil || strings.TrimSpace(o.Catalog.Organiser.Name) == "" {
		return OrganiserChange{}, pos.Errorf("the catalog names no organiser (organiser.name): a register's file is re-pointed only to a named one")
	}
	if o.Path == "" {
		o.Path = "guichet.db"
	}
	if _, err := os.Stat(o.Path); err != nil {
		return OrganiserChange{}, &noRegisterFile{path: o.Path, err: err, askDB: true}
	}
	o.ReadOnly, o.repointBy = false, staff
	r, err := Open(o)
	if err != nil {
		return OrganiserChange{}, err
	}
	ch := r.repointed
	return ch, r.Close()
}

// repointOrganiser records, in setUp's transaction, that the file sells
// for its catalog's organiser from now on (RepointOrganiser), unless it
// does already. The key is pinned (the writer closes due days first:
// they were sold for the organiser before).
func (r *Register) repointOrganiser(tx *bolt.Tx, staff string) error {
	c := r.cat()
	had := recordedOrganiser(tx)
	if had != "" && sameOrganiser(had, c.Organiser.Name) {
		return rememberOrganiser(tx, c, true) // its spelling, as an open records it
	}
	w := r.newWriter(tx, r.now(), "", staff)
	e, err := w.append(TypeOrganiserChanged, organiserChanged{From: had, To: c.Organiser.Name, Catalog: c.Digest()})
	if err != nil {
		return err
	}
	r.repointed = OrganiserChange{Seq: e.Seq, Time: e.Time, Staff: staff, From: had, To: c.Organiser.Name}
	return tx.Bucket(bucketMeta).Put(organiserKey, []byte(c.Organiser.Name))
}
