//go:build !unix

package flatjournal

import "os"

// lock does nothing where flock is not there: the register's bbolt file's
// lock is then the only one.
func lock(*os.File) error { return nil }
