package remote

import (
	"strings"
	"testing"

	"guichet/fixtures"
)

// staff_keys lines: each key names a staff id of the catalog; a bad line
// is skipped and said, the others count.
func TestParseStaffKeys(t *testing.T) {
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	_, claire := newKey(t, "claire")
	_, marc := newKey(t, "marc")
	_, nobody := newKey(t, "nobody")
	_, odd := newKey(t, "claire")
	cases := []struct {
		name    string
		line    string
		staff   string // "" refused
		noPIN   bool
		problem string
	}{
		{"a key of claire", claire, "claire", false, ""},
		{"no-pin", "no-pin " + marc, "marc", true, ""},
		{"a comment", "# " + claire, "", false, ""},
		{"not a staff id", nobody, "", false, `"nobody" is not a staff id`},
		{"not a key", "ssh-ed25519 AAAAnotbase64 claire", "", false, "not a public key"},
		{"an unknown option", `from="10.0.0.0/8" ` + odd, "", false, `unknown option "from=\"10.0.0.0/8\""`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keys, bad := parseStaffKeys([]byte("\n"+c.line+"\n"), cat)
			if c.problem != "" {
				if len(bad) != 1 || !strings.Contains(bad[0].Error(), c.problem) || !strings.Contains(bad[0].Error(), "line 2") {
					t.Fatalf("problems %v, want one saying %q at line 2", bad, c.problem)
				}
			} else if len(bad) != 0 {
				t.Fatalf("problems %v", bad)
			}
			if c.staff == "" {
				if len(keys) != 0 {
					t.Fatalf("keys %v", keys)
				}
				return
			}
			if len(keys) != 1 {
				t.Fatalf("keys %v", keys)
			}
			for _, k := range keys {
				if k.Staff != c.staff || k.NoPIN != c.noPIN || !strings.HasPrefix(k.Fingerprint, "SHA256:") {
					t.Fatalf("key %+v", k)
				}
			}
		})
	}
}
