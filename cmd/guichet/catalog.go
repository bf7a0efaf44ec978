package main

import (
	"fmt"
	"os"
	"time"

	"guichet/fixtures"
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
