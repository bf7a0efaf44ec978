package main

import (
	"errors"
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
		return nil, pos.Errorf("cannot read the catalog (--catalog): %w", missingFile(err, path))
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
		said.Demo = true
		return &catalogGivenError{said, words("the embedded demo, as no --catalog was given")}
	case "demo":
		said.Demo = true
		return &catalogGivenError{said, words("the embedded demo, --catalog demo")}
	default:
		said.Given = path
		if isDemoOrganiser(oe.Register) {
			return &demoFileError{said, path}
		}
	}
	return &said
}

// catalogGivenError is the refusal of the embedded demo's catalog on
// another organiser's file, saying where it came from in the command
// line's language (the words were English in a French sentence).
type catalogGivenError struct {
	local.OrganiserError
	given pos.Text
}

func (e *catalogGivenError) Error() string { return e.Say(pos.English) }

// Say is the refusal in lang.
func (e *catalogGivenError) Say(lang pos.Lang) string {
	said := e.OrganiserError
	said.Given = e.given.In(lang)
	return said.Say(lang)
}

func (e *catalogGivenError) Unwrap() error {
	said := e.OrganiserError
	said.Given = e.given.In(pos.English)
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

func (e *demoFileError) Error() string { return e.Say(pos.English) }

// Say is the refusal in lang (not the promoted OrganiserError's, which
// says to give the catalog just given).
func (e *demoFileError) Say(lang pos.Lang) string {
	return pos.Say(pos.Errorf("%s is the register of %s, the embedded demo (a start without --catalog made it); the catalog given is %s's (%s): to make the box office's register, move %s* aside (keep them) and start the register again with --catalog %s",
		e.Path, e.Register, e.Catalog, e.catalog, e.Path, e.catalog), lang)
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
	given, _ := flagValue(args, "catalog")
	return given
}

// flagValue is the value of the flag --name in a command line (-name,
// --name=VALUE), the last one given; ok false when it is not given.
func flagValue(args []string, name string) (value string, ok bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		n, v, withValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || n != name {
			continue
		}
		if !withValue {
			if i+1 >= len(args) {
				continue // the flag set says it needs a value
			}
			v = args[i+1]
		}
		value, ok = v, true
	}
	return value, ok
}
