//go:build unix

package local

import (
	"fmt"
	"os"
	"syscall"
)

// checkKeyFile refuses a signing key others could read or that another
// user owns: whoever reads it can sign tickets the door admits.
func checkKeyFile(path string, fi os.FileInfo) error {
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("the signing key %s %w (mode %04o): run chmod 600 %s", path, ErrKeyExposed, perm, path)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("the signing key %s belongs to user %d, not to the register's user %d: run chown %d %s && chmod 600 %s", path, st.Uid, os.Geteuid(), os.Geteuid(), path, path)
	}
	return nil
}
