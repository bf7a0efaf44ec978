//go:build unix

package remote

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// checkStaffKeysFile refuses a staff_keys file others may write, or that a
// user other than the server's (or root) owns and so may chmod, as
// OpenSSH's StrictModes refuses such an authorized_keys: whoever writes a
// line into it sells as any member of staff. Its directory too: whoever
// may write there may put a file of their own in its place, or a link to
// one of the register's files whose lines they can write into (a log).
func checkStaffKeysFile(path string, fi os.FileInfo) error {
	dir := filepath.Dir(path)
	if di, err := os.Stat(dir); err != nil {
		return fmt.Errorf("staff keys: %w", err)
	} else if perm := di.Mode(); perm.Perm()&0o022 != 0 && perm&os.ModeSticky == 0 {
		return fmt.Errorf("the directory %s of the staff keys file can be written by others (mode %04o), who could put a file of their own in its place and make themselves staff: run chmod go-w %s", dir, perm.Perm(), dir)
	} else if st, ok := di.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() && st.Uid != 0 {
		return fmt.Errorf("the directory %s of the staff keys file belongs to user %d, not to the register's user %d, who could put a file of their own in its place and make themselves staff: run chown %d %s && chmod go-w %s", dir, st.Uid, os.Geteuid(), os.Geteuid(), dir, dir)
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("the staff keys file %s can be written by others (mode %04o), who could make themselves staff: run chmod 644 %s", path, perm, path)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() && st.Uid != 0 {
		return fmt.Errorf("the staff keys file %s belongs to user %d, not to the register's user %d, who could make themselves staff: run chown %d %s && chmod 644 %s", path, st.Uid, os.Geteuid(), os.Geteuid(), path, path)
	}
	return nil
}
