package local

import (
	"encoding/json"
	"fmt"
	"strings"

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
	// knows ("the embedded demo, as no --catalog was given"); "" when not.
	Given string
}

func (e *OrganiserError) Error() string { return pos.Say(e.problem(), pos.English) }

// Say is the refusal in lang.
func (e *OrganiserError) Say(lang pos.Lang) string { return pos.Say(e.problem(), lang) }

func (e *OrganiserError) problem() error {
	if e.Given != "" {
		return pos.Errorf("%s is the register of %s; the catalog given is %s's (%s): give the box office's catalog with --catalog FILE", e.Path, shownOrganiser(e.Register), shownOrganiser(e.Catalog), e.Given)
	}
	return pos.Errorf("%s is the register of %s; the catalog given is %s's: give the box office's catalog with --catalog FILE", e.Path, shownOrganiser(e.Register), shownOrganiser(e.Catalog))
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
