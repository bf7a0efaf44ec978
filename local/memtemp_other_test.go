//go:build !linux

package local

// memTempDir gives "": the tests' files stay in os.TempDir.
func memTempDir() string { return "" }
