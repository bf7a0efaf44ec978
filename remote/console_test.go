package remote

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/tui"
)

// screenWriter is a terminal the console's program writes to.
type screenWriter struct {
	mu   sync.Mutex
	term *vterm
}

func (s *screenWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.term.Write(p)
	return len(p), nil
}

func (s *screenWriter) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.Screen()
}

// The console's till runs in the server's process beside the SSH tills:
// it sees their holds as they are taken (pushed, it does not poll), and
// stops with the server.
func TestConsoleBesideSSHTills(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	in, keys := io.Pipe()
	out := &screenWriter{term: newVterm(80, 24)}
	app := tui.New(tui.Options{Service: b.svc, Lang: "en", Now: func() time.Time { return fixedNow }, Poll: -1})
	ended := make(chan error, 1)
	go func() {
		ended <- b.srv.RunConsole(app, func() {}, tea.WithInput(in), tea.WithOutput(out), tea.WithWindowSize(80, 24))
	}()
	wait := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(out.screen(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("the console never showed %q:\n%s", want, out.screen())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	send := func(s ...string) {
		for _, k := range s {
			if v, ok := keyBytes[k]; ok {
				k = v
			}
			_, _ = io.WriteString(keys, k)
		}
	}
	wait("Marc Rossi") // the console offers every member of staff
	send("1234", "enter")
	wait("Cash float")
	send("200", "enter")
	wait("Hamlet")
	send("j", "enter")
	wait("Stalls — ")
	send("enter")
	wait("Row A, seat 2 · free") // the first free seat: A-1 is blocked

	c := b.connect(claire, 80, 24)
	c.unlock()
	c.toStallsSeatA2()
	c.keys("space")
	c.waitFor("1 seat in the cart")
	wait("Row A, seat 2 · held by another till")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ended:
		if err != nil {
			t.Fatalf("console: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the console did not stop with the server")
	}
	c.waitEnd()
}

// Quitting the console stops the server and every SSH till with it: its
// question says so and names them, even on the unlock screen where the
// console has nothing of its own to lose. Esc stays, the SSH till goes on.
// Before, ctrl+c on the console's unlock screen stopped the server at
// once, and with a shift it asked about the console's own cart alone:
// Léa's till over SSH closed mid-sale with no word to the console.
func TestConsoleQuitNamesTheSSHTillsItStops(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	in, keys := io.Pipe()
	out := &screenWriter{term: newVterm(80, 24)}
	app := tui.New(tui.Options{Service: b.svc, Lang: "en", Now: func() time.Time { return fixedNow }, Poll: -1,
		QuitStops: b.srv.TillNames})
	ended := make(chan error, 1)
	go func() {
		ended <- b.srv.RunConsole(app, func() {}, tea.WithInput(in), tea.WithOutput(out), tea.WithWindowSize(80, 24))
	}()
	t.Cleanup(func() { _ = in.Close() })
	wait := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(strings.Join(strings.Fields(out.screen()), " "), want) {
			if time.Now().After(deadline) {
				t.Fatalf("the console never showed %q:\n%s", want, out.screen())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	wait("Marc Rossi")

	c := b.connect(claire, 80, 24)
	c.unlock()
	c.toStallsSeatA2()
	c.keys("space")
	c.waitFor("1 seat in the cart")
	if got := b.srv.TillNames(); !slices.Equal(got, []string{"Claire Dubois"}) {
		t.Fatalf("TillNames = %q, want Claire Dubois's till", got)
	}

	_, _ = io.WriteString(keys, "\x03") // ctrl+c on the console's unlock screen
	wait("Quit? The server stops too: the open SSH till of Claire Dubois closes, its cart emptied.")
	_, _ = io.WriteString(keys, "\x1b")
	select {
	case err := <-ended:
		t.Fatalf("the console quit on Esc (%v)", err)
	case <-time.After(300 * time.Millisecond):
	}
	wait("Who is selling?")
	c.keys("right", "space")
	c.waitFor("2 seats in the cart") // the SSH till goes on

	_, _ = io.WriteString(keys, "\x03")
	wait("open SSH till of Claire Dubois")
	_, _ = io.WriteString(keys, "\r")
	select {
	case err := <-ended:
		if err != nil {
			t.Fatalf("console: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the console did not quit on Enter")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	c.waitEnd()
}
