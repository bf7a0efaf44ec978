package printers

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenSpecs(t *testing.T) {
	dir := t.TempDir()
	good := map[string]string{
		"preview":                       "preview",
		"tcp://192.168.1.50:9100":       "tcp://192.168.1.50:9100",
		"tcp://printer.local":           "tcp://printer.local",
		"tcp://[::1]:9100":              "tcp://[::1]:9100",
		"dev:/dev/usb/lp0":              "dev:/dev/usb/lp0",
		"file:" + dir + "/out.bin":      "file:" + dir + "/out.bin",
		"file:" + dir + "/out.bin.more": "file:" + dir + "/out.bin.more",
	}
	for spec, name := range good {
		tr, err := Open(spec)
		if err != nil {
			t.Errorf("Open(%q): %v", spec, err)
			continue
		}
		if tr.String() != name {
			t.Errorf("Open(%q).String() = %q", spec, tr.String())
		}
		tr.Close()
	}
	for _, spec := range []string{"", "lp0", "/dev/usb/lp0", "tcp://", "tcp://:9100", "tcp://a/b", "dev:", "file:", "usb:x", "http://x"} {
		_, err := Open(spec)
		if err == nil {
			t.Errorf("Open(%q) accepted", spec)
			continue
		}
		if !strings.Contains(err.Error(), "tcp://") || !strings.Contains(err.Error(), "preview") {
			t.Errorf("Open(%q): the message does not list the accepted forms: %v", spec, err)
		}
	}
	if _, err := Open("file:" + dir + "/no/such/dir/out.bin"); err == nil || !strings.Contains(err.Error(), "cannot open") {
		t.Errorf("file in a missing directory: %v", err)
	}
}

func TestFileAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.bin")
	for _, job := range []string{"one", "two"} {
		tr, err := Open("file:" + path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Write([]byte(job)); err != nil {
			t.Fatal(err)
		}
		tr.Close()
	}
	b, _ := os.ReadFile(path)
	if string(b) != "onetwo" {
		t.Errorf("file holds %q", b)
	}
}

// A dev: spec on something that cannot be read back (here a plain file)
// prints without status.
func TestDevWithoutStatus(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	os.WriteFile(path, nil, 0o644)
	tr, err := Open("dev:" + path)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if _, err := tr.Write([]byte("job")); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.(StatusReader).Status(context.Background()); !errors.Is(err, ErrNoStatus) {
		t.Errorf("Status on a plain file: %v, want ErrNoStatus", err)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "job" {
		t.Errorf("device got %q", b)
	}

	missing, _ := Open("dev:" + filepath.Join(t.TempDir(), "nope"))
	if _, err := missing.Write([]byte("x")); err == nil || !strings.Contains(err.Error(), "cannot open the printer device") {
		t.Errorf("missing device: %v", err)
	}
}

func TestTCPStatus(t *testing.T) {
	f := newFakePrinter(t)
	tr, err := testDialer.Open(f.spec())
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	sr := tr.(StatusReader)
	ctx := context.Background()
	st, err := sr.Status(ctx)
	if err != nil || !st.Ready() || st.String() != "ready" {
		t.Fatalf("status %v (%v), want ready", st, err)
	}
	f.setPaper(5)
	st, _ = sr.Status(ctx)
	if !st.Ready() || !st.PaperNearEnd || !strings.Contains(st.String(), "nearly out") {
		t.Errorf("near end: %+v %q", st, st)
	}
	f.setPaper(0)
	st, _ = sr.Status(ctx)
	if st.Ready() || !st.PaperOut || !st.Offline || !strings.Contains(st.String(), "out of paper") {
		t.Errorf("paper out: %+v %q", st, st)
	}
	f.setPaper(-1)
	f.mu.Lock()
	f.coverOpen = true
	f.mu.Unlock()
	st, _ = sr.Status(ctx)
	if st.Ready() || !st.CoverOpen || !strings.Contains(st.String(), "cover is open") {
		t.Errorf("cover open: %+v %q", st, st)
	}

	// Cancelled while waiting for a print confirmation that cannot come.
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	tr.Write([]byte("x\n"))
	if err := tr.(PrintWaiter).WaitPrinted(cctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitPrinted with the cover open: %v", err)
	}

	f.off()
	if _, err := sr.Status(ctx); err == nil || !strings.Contains(err.Error(), "cannot reach the printer") {
		t.Errorf("printer off: %v", err)
	}
}

// A printer that never answers GS r but stays ready: ErrNoConfirm after
// ConfirmTimeout. Out of paper, it keeps waiting instead.
func TestNoConfirm(t *testing.T) {
	f := newFakePrinter(t)
	f.mu.Lock()
	f.ignoreGSr = true
	f.mu.Unlock()
	d := testDialer
	d.ConfirmTimeout = 50 * time.Millisecond
	tr, _ := d.Open(f.spec())
	defer tr.Close()
	tr.Write([]byte("line\n"))
	if err := tr.(PrintWaiter).WaitPrinted(context.Background(), nil); !errors.Is(err, ErrNoConfirm) {
		t.Errorf("WaitPrinted = %v, want ErrNoConfirm", err)
	}

	f.setPaper(0)
	tr.Write([]byte("line\n"))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var seen []Status
	err := tr.(PrintWaiter).WaitPrinted(ctx, func(st Status) { seen = append(seen, st) })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("paper out: WaitPrinted = %v, want to wait until the context ends", err)
	}
	if len(seen) == 0 || !seen[len(seen)-1].PaperOut {
		t.Errorf("statuses seen while waiting: %v", seen)
	}
}

func TestParseStatus(t *testing.T) {
	cases := []struct {
		p, o, e, paper byte
		ready          bool
		say            string
	}{
		{0x12, 0x12, 0x12, 0x12, true, "ready"},
		{0x12, 0x12, 0x12, 0x1E, true, "ready, but the paper roll is nearly out"},
		{0x1A, 0x32, 0x12, 0x72, false, "out of paper: load a new roll"},
		{0x1A, 0x16, 0x12, 0x12, false, "the cover is open: close it"},
		{0x1A, 0x52, 0x1A, 0x12, false, "the cutter is jammed: open the cover and clear it"},
		{0x1A, 0x52, 0x52, 0x12, false, "printer error (the head may be too hot): it should recover by itself"},
		{0x1A, 0x12, 0x12, 0x12, false, "the printer is offline"},
		{0x1A, 0x1A, 0x12, 0x12, false, "paper is being fed with the FEED button"},
	}
	for _, c := range cases {
		st := parseStatus(c.p, c.o, c.e, c.paper)
		if st.Ready() != c.ready || st.String() != c.say {
			t.Errorf("% X: ready %v %q, want %v %q", []byte{c.p, c.o, c.e, c.paper}, st.Ready(), st, c.ready, c.say)
		}
	}
	for b := 0; b < 256; b++ {
		if isEOTAnswer(byte(b)) && isGSrAnswer(byte(b)) {
			t.Fatalf("0x%02X reads as both answers", b)
		}
	}
}

func TestPreview(t *testing.T) {
	p := NewPreview()
	b, _ := EncodeTicket(SampleTicket(Cinema, "fr"), profiles["tm-t20"])
	for range 25 {
		p.Write(b)
	}
	if n := len(p.Jobs()); n != 20 {
		t.Errorf("preview keeps %d jobs, want 20", n)
	}
	if txt := p.Text(48); !strings.Contains(txt, "Hänsel und Gretel") || !strings.Contains(txt, "--- cut ---") {
		t.Errorf("preview text:\n%s", txt)
	}
	if !bytes.Equal(b[:2], []byte{esc, '@'}) {
		t.Error("a job does not start with ESC @")
	}
}

// A stray status answer (the printer met DLE EOT inside image data) is not
// taken for the answer to the next request.
func TestStrayAnswerDrained(t *testing.T) {
	f := newFakePrinter(t)
	tr, _ := testDialer.Open(f.spec())
	defer tr.Close()
	sr := tr.(StatusReader)
	if _, err := sr.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	// An "offline, paper out" answer nobody asked for.
	f.say(0x12 | 0x08)
	time.Sleep(20 * time.Millisecond)
	st, err := sr.Status(context.Background())
	if err != nil || !st.Ready() {
		t.Errorf("status %v (%v): a stale answer was read", st, err)
	}
}
