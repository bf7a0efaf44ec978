//go:build !unix

package main

import (
	"context"
	"os"
)

// hungUp is never closed where poll is not at hand.
func hungUp(ctx context.Context, f *os.File) <-chan struct{} { return nil }
