package remote

import (
	"testing"

	"guichet/internal/memtmp"
)

// TestMain puts the tests' files (their registers') on a file system in
// memory when there is one (internal/memtmp): each commit of a register
// is flushed, and no test can see a flush reach the disk.
func TestMain(m *testing.M) { memtmp.Main(m) }
