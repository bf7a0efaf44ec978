//go:build unix

package flatjournal

import (
	"errors"
	"os"
	"syscall"
)

// lock takes the file for this writer alone (flock, released when the
// file is closed): a second writer is refused, not let in to write over
// the first one's batches.
func lock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return ErrInUse
		}
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
