package counter

import (
	"go/build"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestImportsRunOneWay: cmd → tui|kiosk → counter → local → pos, and
// local → internal/flatjournal, counter → printers, counter → mail → pos, counter → payterm → pos (the
// kiosk's payment terminal). A screen that reached into the journal, or a
// journal that printed, would make the other tills (SSH, kiosk, door) sell
// differently.
func TestImportsRunOneWay(t *testing.T) {
	allowed := map[string][]string{
		"guichet/tui":     {"guichet/counter", "guichet/pos"},
		"guichet/kiosk":   {"guichet/counter", "guichet/pos", "guichet/payterm"},
		"guichet/door":    {"guichet/counter", "guichet/pos"},
		"guichet/remote":  {"guichet/tui", "guichet/pos"},
		"guichet/counter": {"guichet/local", "guichet/pos", "guichet/printers", "guichet/sync", "guichet/sync/api", "guichet/mail", "guichet/payterm"},
		"guichet/payterm": {"guichet/pos"},
		"guichet/sync":    {"guichet/local", "guichet/pos", "guichet/sync/api"},
		"guichet/mail":    {"guichet/pos"},
		// guichetd's e-mail sender composes as a register does (counter.Compose).
		"guichet/sync/centralmail": {"guichet/counter", "guichet/local", "guichet/mail", "guichet/pos", "guichet/sync/server"},
		"guichet/sync/server":      {"guichet/local", "guichet/pos", "guichet/sync/api"},
		// local's flat file (the journal's durable copy) is its own.
		"guichet/local": {"guichet/pos", "guichet/internal/flatjournal"},
		// pos is pure: it imports only internal/spelling, pure too (a
		// catalog's misspelt field's "did you mean").
		"guichet/pos":      {"guichet/internal/spelling"},
		"guichet/printers": {},
	}
	for pkg, ok := range allowed {
		dir := filepath.Join("..", strings.TrimPrefix(pkg, "guichet/"))
		p, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Fatalf("%s: %v", pkg, err)
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, "guichet/") && !slices.Contains(ok, imp) {
				t.Errorf("%s imports %s; it may import only %v", pkg, imp, ok)
			}
		}
	}
}
