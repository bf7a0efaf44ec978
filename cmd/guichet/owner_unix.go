//go:build unix

package main

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// ownerOf names the user who owns path or, when it cannot be looked at,
// the nearest directory above it that can (owned, that path); false when
// that is this process's own user (the mode is wrong, not the user) or
// unknown.
func ownerOf(path string) (owned, owner string, ok bool) {
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil {
			st, ok := fi.Sys().(*syscall.Stat_t)
			if !ok || int(st.Uid) == os.Geteuid() {
				return "", "", false
			}
			u, err := user.LookupId(strconv.FormatUint(uint64(st.Uid), 10))
			if err != nil {
				return "", "", false
			}
			return p, u.Username, true
		}
		if p == filepath.Dir(p) {
			return "", "", false
		}
	}
}
