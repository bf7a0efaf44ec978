package flatjournal

import "os"

// SetSyncData replaces how the file's data is flushed.
func SetSyncData(j *File, fn func(*os.File) error) { j.mu.Lock(); j.syncData = fn; j.mu.Unlock() }
