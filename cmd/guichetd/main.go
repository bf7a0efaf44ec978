// Command guichetd is the central server that registers push their journal
// to and get capacity grants from. It is built by the sync work; for now it
// says so instead of pretending to serve.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "guichetd: the central server is not built yet; registers run on their own catalog meanwhile")
	os.Exit(2)
}
