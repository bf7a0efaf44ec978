package flatjournal

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// syncDir flushes the directory that names a new file, so the file is
// still there after a power loss.
func syncDir(path string) error {
	if runtime.GOOS == "windows" {
		return nil // a directory cannot be opened to be flushed there
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("flush the journal's directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("flush the journal's directory: %w", err)
	}
	return nil
}
