//go:build unix

package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// hungUp is closed when f, a terminal, hangs up (poll says POLLHUP), until
// ctx ends. Bubble Tea's own reader takes a hung-up terminal as the end of
// the keys and says nothing; this is how the screens it reads for learn
// of it. It looks once a second.
func hungUp(ctx context.Context, f *os.File) <-chan struct{} {
	hup := make(chan struct{})
	go func() {
		fds := []unix.PollFd{{Fd: int32(f.Fd())}} // no events asked: POLLHUP and POLLERR come anyway
		for ctx.Err() == nil {
			n, err := unix.Poll(fds, 1000)
			if err == unix.EINTR {
				continue
			}
			if err != nil || n > 0 && fds[0].Revents&(unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0 {
				close(hup)
				return
			}
		}
	}()
	return hup
}

// ignoreStops makes the kiosk deaf to the signals a keyboard or a closed
// terminal would send it: interrupt, quit, suspend, hang-up.
func ignoreStops() { signal.Ignore(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP, syscall.SIGHUP) }
