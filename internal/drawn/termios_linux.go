package drawn

import (
	"os"

	"golang.org/x/sys/unix"
)

// movements says whether the terminal keeps tabs and backspaces as they are
// (no delay, no expansion), so the cursor may move by them.
func movements(in *os.File) (tabs, backspace bool) {
	t, err := unix.IoctlGetTermios(int(in.Fd()), unix.TCGETS)
	if err != nil {
		return false, false
	}
	return t.Oflag&unix.TABDLY == unix.TAB0, t.Lflag&unix.BSDLY == unix.BS0
}
