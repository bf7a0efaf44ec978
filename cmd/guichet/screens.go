package main

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"guichet/internal/drawn"
)

// screen says how a model's program runs on this process's terminal.
type screen struct {
	// teaRenderer draws with Bubble Tea's renderer at fps frames a second
	// at most, instead of each frame when it changes (drawn.Screen). It is
	// also what runs when stdin or stdout is not a terminal.
	teaRenderer bool
	fps         int
	opts        []tea.ProgramOption // besides the context, the renderer and the input
	// started, when set, is given the program before it runs (what sends
	// it messages: the service's changes).
	started func(p *tea.Program)
	// over, when set, is asked after each message whether the screens are
	// over (the program is quitting): the input is then closed.
	over func() bool
	// exitAfterFirstFrame ends the process as soon as the first frame is on
	// the terminal (the start-up benchmark; Bubble Tea's shutdown may wait
	// 500 ms for its reader).
	exitAfterFirstFrame bool
}

// run runs m's program on this process's terminal until it ends. Drawn
// (the default on a terminal), nothing wakes up while nothing changes:
// Bubble Tea's frame ticker runs at its slowest (1 a second) with nothing
// to draw.
func (o screen) run(ctx context.Context, m tea.Model) (tea.Model, error) {
	opts := append([]tea.ProgramOption{tea.WithContext(ctx)}, o.opts...)
	if o.teaRenderer || !term.IsTerminal(int(os.Stdin.Fd())) || !term.IsTerminal(int(os.Stdout.Fd())) {
		var gone <-chan struct{}
		if term.IsTerminal(int(os.Stdin.Fd())) {
			// a terminal that hangs up ends the screens (below: the same
			// for the drawn screens, from their reader)
			watching, stopWatching := context.WithCancel(ctx)
			defer stopWatching()
			gone = hungUp(watching, os.Stdin)
			var cancel context.CancelFunc
			ctx, cancel = untilGone(ctx, gone)
			defer cancel()
			opts[0] = tea.WithContext(ctx)
		}
		p := tea.NewProgram(m, append(opts, tea.WithFPS(o.fps))...) // the terminal itself, not the streams
		if o.started != nil {
			o.started(p)
		}
		m, err := p.Run()
		return m, goneErr(gone, err)
	}
	oneProcessor()
	scr := drawn.New(m, os.Stdout, os.Environ())
	in, closeIn, gone := polledInput()
	defer closeIn()
	// A terminal that hung up (an SSH connection dropped, the window
	// closed) reads as the end of the keys, which Bubble Tea takes quietly:
	// the program ran on with nobody there, holding the journal (and a
	// kiosk, which ignores SIGHUP, for ever). It ends the screens instead.
	ctx, cancel := untilGone(ctx, gone)
	defer cancel()
	opts[0] = tea.WithContext(ctx)
	if o.over != nil {
		scr.Updated = func() {
			if o.over() {
				closeIn()
			}
		}
	}
	// the reader ends as the screens do
	stop := context.AfterFunc(ctx, closeIn)
	defer stop()
	p := tea.NewProgram(scr, append(opts, tea.WithoutRenderer(), tea.WithFPS(1), tea.WithInput(in))...)
	restore, err := scr.Terminal(os.Stdin, os.Stdout, p)
	if err != nil {
		return m, err
	}
	defer restore()
	defer scr.Stop()
	if o.exitAfterFirstFrame {
		scr.FirstFrame = func() { scr.Stop(); restore(); os.Exit(0) }
	}
	if o.started != nil {
		o.started(p)
	}
	_, err = p.Run()
	return scr.Model(), goneErr(gone, err)
}

// errTerminalGone: the screens' terminal hung up; nobody can type there.
var errTerminalGone = errors.New("the terminal was closed (hung up): the screens stopped")

// untilGone is ctx, ended too when gone is closed (a nil gone never is).
func untilGone(ctx context.Context, gone <-chan struct{}) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-gone:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// goneErr is errTerminalGone when the terminal hung up, else err.
func goneErr(gone <-chan struct{}, err error) error {
	select {
	case <-gone:
		return errTerminalGone
	default:
		return err
	}
}

// polledInput is the terminal opened again for Bubble Tea to read the keys
// from, through Go's poller. Given os.Stdin, Bubble Tea waits for a key in
// epoll_wait called as a system call, which holds a thread: at every key
// the runtime hands that thread's processor over to another and sysmon
// polls every 20 µs for a while (measured: 10-15% of a key's CPU, and half
// of the idle CPU, on the show list). The reader Bubble Tea gets is not a
// file, so it cannot cancel a read itself: closing the file ends it, which
// stop does (once) when the screens end.
//
// gone is closed when the terminal ends (a read fails that stop did not
// cause): it hung up. Without /proc, os.Stdin and a nil gone.
func polledInput() (in io.Reader, stop func(), gone <-chan struct{}) {
	f, err := os.Open("/proc/self/fd/0")
	if err != nil {
		return os.Stdin, func() {}, nil // Bubble Tea reads it, and says nothing of a hang-up
	}
	w := &watchedInput{f: f, gone: make(chan struct{})}
	var once sync.Once
	return w, func() {
		once.Do(func() {
			w.stopping.Store(true)
			_ = f.Close()
		})
	}, w.gone
}

// watchedInput reads the terminal and says when it ended.
type watchedInput struct {
	f        *os.File
	stopping atomic.Bool
	gone     chan struct{}
	once     sync.Once
}

func (w *watchedInput) Read(p []byte) (int, error) {
	n, err := w.f.Read(p)
	if err != nil && !w.stopping.Load() {
		w.once.Do(func() { close(w.gone) })
	}
	return n, err
}

// oneProcessor runs the screens' process on one Go processor, unless
// GOMAXPROCS says otherwise. One person's screens have no parallel work to
// speak of (a key's model, view and frame run one after the other; the
// commit's fsync is a system call, which gives the processor up), and with
// a second processor every key wakes an idle thread to look for work and
// hands goroutines between threads. Measured with make bench-keys on 2
// cores, 3 runs each: CPU per key 15-30 % lower (counter search letter
// 0.63-0.70 ms against 0.74-0.82), idle CPU about half.
func oneProcessor() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
}
