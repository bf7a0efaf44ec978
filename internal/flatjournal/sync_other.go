//go:build !linux

package flatjournal

import "os"

// fdatasync is a full flush where the system has no fdatasync here.
func fdatasync(f *os.File) error { return f.Sync() }
