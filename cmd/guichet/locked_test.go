package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
)

// TestASecondRegisterIsToldHowToJoinTheFirst: guichet started on a journal
// another process has open is refused, and told what that process is and
// how to reach it, from the pid file beside the journal: the SSH server's
// own port, the counter's terminal, the kiosk's staff keys (it always
// suggested ssh -p 2222, even beside a kiosk or an SSH server on another
// port).
func TestASecondRegisterIsToldHowToJoinTheFirst(t *testing.T) {
	for _, tc := range []struct{ serves, want string }{
		{"ssh 0.0.0.0:2300", "(pid %d), which serves tills over SSH: join it with ssh -p 2300 till@localhost"},
		{"ssh 192.0.2.7:22", "(pid %d), which serves tills over SSH: join it with ssh till@192.0.2.7"},
		{"counter", "(pid %d), the counter on another terminal: sell there"},
		{"kiosk", "(pid %d), the self-service kiosk: stop it first"},
		{"", "(pid %d): close it first; if that register serves tills over SSH (guichet ssh), join it"}, // a pid file of an older version
	} {
		t.Run(tc.serves, func(t *testing.T) {
			dir := t.TempDir()
			cat, err := fixtures.DemoCatalog(time.Now())
			if err != nil {
				t.Fatal(err)
			}
			svc, err := counter.Open(counter.Options{Path: filepath.Join(dir, "r.db"), Register: "K01", Catalog: cat, Serves: tc.serves})
			if err != nil {
				t.Fatal(err)
			}
			defer svc.Close()
			_, stderr, code := runGuichet(t, dir, "", "counter", "--db", "r.db")
			want := "r.db is already open by another register " + fmt.Sprintf(tc.want, os.Getpid())
			if code == 0 || !strings.Contains(stderr, want) {
				t.Fatalf("exit %d, said:\n%s\nwant %q", code, stderr, want)
			}
		})
	}
}
