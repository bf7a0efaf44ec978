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
	}
	return &said
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
