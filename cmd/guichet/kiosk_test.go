package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/kiosk"
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

// TestTheKioskLogsAsTheSSHServerDoes: the kiosk's log was the log
// package's lines ("2026/03/10 14:00:00 kiosk: ..."), a panic's stack
// spread over the lines after its own, and it took no --log-format: a log
// collector read guichet ssh's records and not the kiosk's. It logs slog's
// records as guichet ssh does, text by default or --log-format json (one
// record a line), starting with one that says which register, file and
// terminal; another format is refused before anything is made.
func TestTheKioskLogsAsTheSSHServerDoes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	kiosk := func(extra ...string) (string, int) {
		t.Helper()
		_, stderr, code := runGuichet(t, dir, "", append([]string{"kiosk", "--db", db, "--terminal", "tcp://127.0.0.1:9",
			"--printer", "preview", "--exit-after-first-frame"}, extra...)...)
		return stderr, code
	}
	if stderr, code := kiosk("--log-format", "xml", "--lang", "en"); code != 1 || !strings.Contains(stderr, `the log format is text or json, not "xml"`) {
		t.Fatalf("--log-format xml: exit %d, %s", code, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused format made %v", entries)
	}
	if stderr, code := kiosk(); code != 0 {
		t.Fatalf("the kiosk: exit %d, %s", code, stderr)
	}
	text := string(mustRead(t, db+".kiosk.log"))
	if !strings.Contains(text, "level=INFO msg=started register=K01 db="+db+" terminal=tcp://127.0.0.1:9\n") {
		t.Errorf("the text log:\n%s", text)
	}
	if stderr, code := kiosk("--log-format", "json", "--log", filepath.Join(dir, "kiosk.json")); code != 0 {
		t.Fatalf("the kiosk with --log-format json: exit %d, %s", code, stderr)
	}
	var rec map[string]any
	lines := strings.Split(strings.TrimSpace(string(mustRead(t, filepath.Join(dir, "kiosk.json")))), "\n")
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil || rec["level"] != "INFO" || rec["msg"] != "started" || rec["register"] != "K01" {
		t.Errorf("the JSON log's first record: %v (%v)\n%s", rec, err, strings.Join(lines, "\n"))
	}
}

// TestTheKioskLogsRecordsWithFields: the kiosk logs on guichet kiosk's
// logger (kiosk.Options.Log, kiosk.AcceptCatalog), in --log-format text
// or json, its records' fields as attributes: a catalog refused says why
// in err. Before, the kiosk gave one string ("kiosk: what: detail") and
// the JSON log had the message alone.
func TestTheKioskLogsRecordsWithFields(t *testing.T) {
	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i := range cat.PaymentMethods {
		cat.PaymentMethods[i].Customer = false
	}
	const msg = "the central server's new catalog was not applied, the kiosk sells on with the one it has"
	const why = "no payment method of the catalog is offered on the kiosk"
	for _, format := range []string{"text", "json"} {
		var buf strings.Builder
		log, err := newLogger(&buf, format)
		if err != nil {
			t.Fatal(err)
		}
		if kiosk.AcceptCatalog(log)(cat) == nil {
			t.Fatal("a catalog no customer could pay with was accepted")
		}
		if strings.Count(buf.String(), "\n") != 1 {
			t.Fatalf("%s: want one record:\n%s", format, buf.String())
		}
		if format == "text" {
			if !strings.Contains(buf.String(), `level=WARN msg="`+msg+`" err="`+why) {
				t.Errorf("text:\n%s", buf.String())
			}
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(buf.String()), &rec); err != nil {
			t.Fatalf("json: %v\n%s", err, buf.String())
		}
		if e, _ := rec["err"].(string); rec["level"] != "WARN" || rec["msg"] != msg || !strings.HasPrefix(e, why) {
			t.Errorf("json: %v", rec)
		}
	}
}
