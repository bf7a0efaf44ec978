package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// loadCatalog opens the catalog file given with --catalog, or the embedded
// demo box office when none is given.
func loadCatalog(path string, now time.Time) (*pos.Catalog, error) {
	if path == "" || path == "demo" {
		return fixtures.DemoCatalog(now)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the catalog: %w", err)
	}
	return pos.ParseCatalog(path, data, now)
}

// saysCatalogGiven completes a register's refusal of another organiser's
// catalog (local.OrganiserError) with where that catalog came from, which
// only the command line knows: most often the embedded demo, as a tool run
// without --catalog opens the box office's file with it. path is the
// --catalog flag's value.
func saysCatalogGiven(err error, path string) error {
	var oe *local.OrganiserError
	if !errors.As(err, &oe) || oe.Given != "" {
		return err
	}
	said := *oe
	switch path {
	case "":
		said.Given, said.Demo = "the embedded demo, as no --catalog was given", true
	case "demo":
		said.Given, said.Demo = "the embedded demo, --catalog demo", true
	default:
		said.Given = path
		if isDemoOrganiser(oe.Register) {
			return &demoFileError{said, path}
		}
	}
	return &said
}

// demoFileError is the refusal of the box office's catalog by a file a
// first start without --catalog made for the embedded demo: "give the
// box office's catalog with --catalog FILE" alone left the technician who
// had just given it with nothing to do.
type demoFileError struct {
	local.OrganiserError
	catalog string
}

func (e *demoFileError) Error() string {
	return fmt.Sprintf("%s is the register of %s, the embedded demo (a start without --catalog made it); the catalog given is %s's (%s): to make the box office's register, move %s* aside (keep them) and start the register again with --catalog %s",
		e.Path, e.Register, e.Catalog, e.catalog, e.Path, e.catalog)
}

func (e *demoFileError) Unwrap() error { return &e.OrganiserError }

// isDemoOrganiser: the file sells for the embedded demo's organiser.
func isDemoOrganiser(name string) bool {
	demo, err := fixtures.DemoCatalog(time.Now())
	return err == nil && strings.EqualFold(strings.Join(strings.Fields(name), " "), strings.Join(strings.Fields(demo.Organiser.Name), " "))
}

// catalogFlag is the value of a command line's --catalog (-catalog=FILE
// and the other spellings the flag package takes; the last one counts),
// "" when none is given.
func catalogFlag(args []string) string {
	given := ""
	for i, a := range args {
		if a == "--" {
			break
		}
		name, value, withValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "catalog" {
			continue
		}
		if !withValue && i+1 < len(args) {
			value = args[i+1]
		}
		given = value
	}
	return given
}
