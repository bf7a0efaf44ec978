package remote

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"guichet/fixtures"
	"guichet/internal/syncbuf"
	"guichet/pos"
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
		{"not a staff id", nobody, "", false, `"nobody" is not a staff id of the catalog: end the line with the staff id of whose key it is (the catalog's staff ids: claire, marc, lea)`},
		// a key copied from a laptop as it is
		{"user@host", strings.TrimSuffix(nobody, "nobody") + "claire@laptop", "", false, `"claire@laptop" is not a staff id of the catalog but the user@host the key was made on: put the staff id of whose key it is in its place (the catalog's staff ids: claire, marc, lea)`},
		{"no comment", strings.TrimSuffix(nobody, " nobody"), "", false, `the key has no comment: end the line with the staff id of whose key it is (the catalog's staff ids: claire, marc, lea)`},
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

// writeKeysFile writes staff_keys lines with mode perm, its modification
// time moved on so the server sees the change.
func writeKeysFile(t *testing.T, path string, perm os.FileMode, lines ...string) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tmp, perm); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Second)
	if fi, err := os.Stat(path); err == nil && !fi.ModTime().Before(later) {
		later = fi.ModTime().Add(time.Second)
	}
	_ = os.Chtimes(tmp, later, later)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// A staff_keys file others may write is refused (as OpenSSH's StrictModes
// refuses such an authorized_keys): whoever writes a line into it sells as
// any member of staff. At start the server does not start and says the
// chmod to type; while it serves, a change written into an unsafe file can
// take keys away (a revocation still counts) but never lets a key in, so
// the tills selling go on and nobody is made staff by it. chmod 644 brings
// the file back.
func TestAStaffKeysFileOthersMayWriteIsRefused(t *testing.T) {
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	catalog := func() *pos.Catalog { return cat }
	claire, claireLine := newKey(t, "claire")
	marc, marcLine := newKey(t, "marc")
	var said syncbuf.Buffer
	tell := func(err error) { _, _ = said.Write([]byte(err.Error() + "\n")) }

	for _, perm := range []os.FileMode{0o666, 0o664, 0o646} {
		path := filepath.Join(t.TempDir(), "staff_keys")
		writeKeysFile(t, path, perm, claireLine)
		if _, err := newStaffKeys(path, catalog, tell, nil); err == nil || !strings.Contains(err.Error(), "chmod 644 "+path) {
			t.Errorf("mode %04o: the server starts (%v)", perm, err)
		}
	}
	path := filepath.Join(t.TempDir(), "staff_keys")
	writeKeysFile(t, path, 0o644, claireLine)
	if err := os.Chown(path, 4242, 4242); err != nil {
		t.Fatal(err)
	}
	if _, err := newStaffKeys(path, catalog, tell, nil); err == nil || !strings.Contains(err.Error(), "belongs to user 4242") {
		t.Errorf("a file another user owns: the server starts (%v)", err)
	}

	// its directory: others who may write there may put their own file
	// (or a link to one they can write into) in its place
	for _, perm := range []os.FileMode{0o777, 0o775, 0o757} {
		dir := t.TempDir()
		path := filepath.Join(dir, "staff_keys")
		writeKeysFile(t, path, 0o644, claireLine)
		if err := os.Chmod(dir, perm); err != nil {
			t.Fatal(err)
		}
		if _, err := newStaffKeys(path, catalog, tell, nil); err == nil || !strings.Contains(err.Error(), "chmod go-w "+dir) {
			t.Errorf("a directory of mode %04o: the server starts (%v)", perm, err)
		}
	}
	dir := t.TempDir()
	path = filepath.Join(dir, "staff_keys")
	writeKeysFile(t, path, 0o644, claireLine)
	if err := os.Chown(dir, 4242, 4242); err != nil {
		t.Fatal(err)
	}
	if _, err := newStaffKeys(path, catalog, tell, nil); err == nil || !strings.Contains(err.Error(), "belongs to user 4242") {
		t.Errorf("a directory another user owns: the server starts (%v)", err)
	}
	sticky := t.TempDir() // as /tmp: others may not take away or rename what is ours
	if err := os.Chmod(sticky, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(sticky, "staff_keys")
	writeKeysFile(t, path, 0o644, claireLine)
	if _, err := newStaffKeys(path, catalog, tell, nil); err != nil {
		t.Errorf("a file of ours in a sticky directory: %v", err)
	}

	path = filepath.Join(t.TempDir(), "staff_keys")
	writeKeysFile(t, path, 0o600, claireLine)
	keys, err := newStaffKeys(path, catalog, tell, nil)
	if err != nil {
		t.Fatal(err)
	}
	whose := func(s gossh.Signer) string {
		sk, ok := keys.lookup(s.PublicKey())
		if !ok {
			return ""
		}
		return sk.Staff
	}
	writeKeysFile(t, path, 0o666, claireLine, marcLine)
	if got := whose(marc); got != "" {
		t.Fatalf("a key written into a file others may write is let in as %q", got)
	}
	if got := whose(claire); got != "claire" {
		t.Fatalf("claire's key, in the file before it was made unsafe, is %q", got)
	}
	if !strings.Contains(said.String(), "chmod 644 "+path) {
		t.Fatalf("the log does not say what to do:\n%s", said.String())
	}
	writeKeysFile(t, path, 0o666, marcLine)
	if got := whose(claire); got != "" {
		t.Fatalf("a key taken out of the unsafe file is still %q", got)
	}
	writeKeysFile(t, path, 0o666, claireLine, marcLine)
	if got := whose(claire); got != "" {
		t.Fatalf("a key taken out, then written back into the unsafe file, is %q again", got)
	}
	if err := os.Chmod(path, 0o644); err != nil { // its modification time unchanged
		t.Fatal(err)
	}
	if whose(claire) != "claire" || whose(marc) != "marc" {
		t.Fatalf("after chmod 644: claire %q, marc %q", whose(claire), whose(marc))
	}
}

// One key on two lines naming two members of staff proves neither: the
// session would be whoever's line came last. The key is refused and the
// lines named; the same key twice for one member of staff is hers, and
// unlocks without the PIN only if both lines say no-pin.
func TestAKeyListedForTwoStaffIsRefused(t *testing.T) {
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	shared, claire := newKey(t, "claire")
	wire := shared.PublicKey().Marshal()
	asMarc := strings.TrimSuffix(claire, " claire") + " marc"
	_, other := newKey(t, "marc")

	keys, bad := parseStaffKeys([]byte(strings.Join([]string{claire, other, asMarc}, "\n")), cat)
	if sk, ok := keys[string(wire)]; ok {
		t.Fatalf("the key listed for claire and marc proves %q", sk.Staff)
	}
	if len(keys) != 1 {
		t.Fatalf("the other key is not kept: %v", keys)
	}
	if len(bad) != 1 || !strings.Contains(bad[0].Error(), "lines 1 and 3") || !strings.Contains(bad[0].Error(), `"claire"`) || !strings.Contains(bad[0].Error(), `"marc"`) {
		t.Fatalf("problems %v, want one naming lines 1 and 3, claire and marc", bad)
	}
	// the key on a third line for claire again: still refused
	keys, _ = parseStaffKeys([]byte(strings.Join([]string{claire, asMarc, claire}, "\n")), cat)
	if sk, ok := keys[string(wire)]; ok {
		t.Fatalf("the key listed for claire, marc, claire proves %q", sk.Staff)
	}

	for _, c := range []struct {
		lines []string
		noPIN bool
	}{
		{[]string{claire, claire}, false},
		{[]string{"no-pin " + claire, claire}, false},
		{[]string{claire, "no-pin " + claire}, false},
		{[]string{"no-pin " + claire, "no-pin " + claire}, true},
	} {
		keys, bad := parseStaffKeys([]byte(strings.Join(c.lines, "\n")), cat)
		if sk, ok := keys[string(wire)]; len(bad) != 0 || !ok || sk.Staff != "claire" || sk.NoPIN != c.noPIN {
			t.Errorf("%q: key %+v, problems %v; want claire's, no-pin %v", c.lines, sk, bad, c.noPIN)
		}
	}
}

// A certificate listed in staff_keys is not a key: its validity and
// principals would never be checked (an expired one would unlock a till
// for ever). The line is refused and says to list the plain public key.
func TestACertificateInStaffKeysIsRefused(t *testing.T) {
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := newKey(t, "ca")
	user, _ := newKey(t, "claire")
	cert := &gossh.Certificate{
		Key:             user.PublicKey(),
		CertType:        gossh.UserCert,
		KeyId:           "claire",
		ValidPrincipals: []string{"someone-else"},
		ValidAfter:      uint64(fixedNow.Add(-48 * time.Hour).Unix()),
		ValidBefore:     uint64(fixedNow.Add(-24 * time.Hour).Unix()), // expired
	}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(cert))) + " claire"
	if !strings.HasPrefix(line, "ssh-ed25519-cert-v01@openssh.com ") {
		t.Fatalf("not a certificate line: %q", line)
	}
	for _, l := range []string{line, "no-pin " + line} {
		keys, bad := parseStaffKeys([]byte("\n"+l+"\n"), cat)
		if len(keys) != 0 {
			t.Errorf("%.40q: the certificate is let in (%d keys)", l, len(keys))
		}
		if len(bad) != 1 || !strings.Contains(bad[0].Error(), "line 2") || !strings.Contains(bad[0].Error(), "certificate") || !strings.Contains(bad[0].Error(), "plain public key") {
			t.Errorf("problems %v, want one at line 2 saying to list the plain public key", bad)
		}
	}
}

// The staff ids a refused line lists: a dozen at most, then how many more.
func TestStaffIDsListed(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "the catalog lists no staff: add them to it first"},
		{3, "the catalog's staff ids: s0, s1, s2"},
		{12, "the catalog's staff ids: s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11"},
		{14, "the catalog's staff ids: s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, and 2 more"},
	} {
		cat := &pos.Catalog{}
		for i := range c.n {
			cat.Staff = append(cat.Staff, pos.Staff{ID: fmt.Sprintf("s%d", i)})
		}
		if got := staffIDs(cat); got != c.want {
			t.Errorf("%d staff: %q, want %q", c.n, got, c.want)
		}
	}
}
