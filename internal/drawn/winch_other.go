//go:build !unix

package drawn

import "os"

// notifyResize: without SIGWINCH the size read at the start stays (the
// drawn screens are for the boards' and servers' terminals).
func notifyResize(chan<- os.Signal) {}
