//go:build !unix

package main

import (
	"context"
	"os"
	"os/signal"
)

// hungUp is never closed where poll is not at hand.
func hungUp(ctx context.Context, f *os.File) <-chan struct{} { return nil }

// ignoreStops: where there are no such signals, only the interrupt.
func ignoreStops() { signal.Ignore(os.Interrupt) }
