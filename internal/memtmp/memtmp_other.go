//go:build !linux

package memtmp

// memDir gives "": the tests' files stay in os.TempDir.
func memDir() string { return "" }
