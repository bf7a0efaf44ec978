//go:build unix

package remote

import (
	"fmt"
	"os"
	"syscall"
)

// checkStaffKeysFile refuses a staff_keys file others may write, or that a
// user other than the server's (or root) owns and so may chmod, as
// OpenSSH's StrictModes refuses such an authorized_keys: whoever writes a
// line into it sells as any member of staff.
func checkStaffKeysFile(path string, fi os.FileInfo) error {
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("the staff keys file %s can be written by others (mode %04o), who could make themselves staff: run chmod 644 %s", path, perm, path)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() && st.Uid != 0 {
		return fmt.Errorf("the staff keys file %s belongs to user %d, not to the register's user %d, who could make themselves staff: run chown %d %s && chmod 644 %s", path, st.Uid, os.Geteuid(), os.Geteuid(), path, path)
	}
	return nil
}
