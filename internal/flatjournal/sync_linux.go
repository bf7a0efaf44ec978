package flatjournal

import (
	"os"

	"golang.org/x/sys/unix"
)

// fdatasync flushes the file's data and only the metadata needed to read
// it back: with the file grown ahead, no metadata at all.
func fdatasync(f *os.File) error {
	for {
		err := unix.Fdatasync(int(f.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}
