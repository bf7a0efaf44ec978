package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/fixtures"
)

// TestTheKioskExitPINIsAPIN: the exit PIN is typed on the kiosk's PIN
// screen, which takes digits only, and guards the staff menu (reprint the
// last customer's tickets, leave the kiosk) from any customer who finds
// the hidden keys: like a staff PIN it is 4 to 12 digits. One the screen
// cannot type, one a customer guesses in a few tries, or an empty
// --exit-pin-file (no exit PIN at all, silently) is refused at start
// with what to do.
func TestTheKioskExitPINIsAPIN(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"two digits", []string{"--exit-pin", "12"}, "the exit PIN is 4 to 12 digits"},
		{"letters", []string{"--exit-pin", "12ab"}, "the exit PIN is 4 to 12 digits"},
		{"thirteen digits", []string{"--exit-pin", "1234567890123"}, "the exit PIN is 4 to 12 digits"},
		{"a file with more than the PIN", []string{"--exit-pin-file", file("pin-line", "PIN=4321\n")}, "the exit PIN is 4 to 12 digits"},
		{"an empty file", []string{"--exit-pin-file", file("empty", "\n")}, "is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"kiosk", "--db", filepath.Join(dir, "k.db"), "--lang", "en"}, c.args...)
			_, stderr, exit := runGuichet(t, dir, "", args...)
			if exit == 0 || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want it refused saying %q", exit, stderr, c.want)
			}
			if strings.Contains(stderr, "1234567890123") || strings.Contains(stderr, "4321") {
				t.Fatalf("the refusal shows the PIN: %q", stderr)
			}
		})
	}
	// a good one goes on to what the kiosk needs next
	_, stderr, _ := runGuichet(t, dir, "", "kiosk", "--db", filepath.Join(dir, "k.db"), "--exit-pin-file", file("pin", "4321\n"), "--lang", "en")
	if !strings.Contains(stderr, "give --terminal") {
		t.Fatalf("a good exit PIN: %q", stderr)
	}
}

// TestTheKioskRefusesACatalogCustomersCannotPayWith: a catalog with no
// method offered to customers ("customer": true, of the terminal's kinds)
// started a kiosk whose every cart was refused at payment. It does not
// start, and says which methods to offer.
func TestTheKioskRefusesACatalogCustomersCannotPayWith(t *testing.T) {
	dir := t.TempDir()
	var doc map[string]any
	if err := json.Unmarshal(fixtures.Demo, &doc); err != nil {
		t.Fatal(err)
	}
	for _, m := range doc["payment_methods"].([]any) {
		m.(map[string]any)["customer"] = false
	}
	data, _ := json.Marshal(doc)
	catalog := filepath.Join(dir, "no-kiosk.json")
	if err := os.WriteFile(catalog, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, exit := runGuichet(t, dir, "", "kiosk", "--db", filepath.Join(dir, "k.db"), "--catalog", catalog,
		"--terminal", "tcp://127.0.0.1:9", "--exit-after-first-frame")
	// in the catalog's language (the demo's is French), as the rest of
	// the command's refusals
	if exit == 0 || !strings.Contains(stderr, `aucun moyen de paiement du catalogue n'est proposé sur la borne`) || !strings.Contains(stderr, `"customer": true`) {
		t.Fatalf("exit %d, stderr %q", exit, stderr)
	}
}
