//go:build !linux

package drawn

import "os"

// movements: elsewhere the cursor moves without tabs and backspaces.
func movements(*os.File) (tabs, backspace bool) { return false, false }
