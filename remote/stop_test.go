package remote

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"guichet/local"
)

// Stopping while 8 tills are paying loses no sale: every checkout that
// started is recorded and shown done, every till is told, and the journal
// verifies.
func TestStopDuringEightSales(t *testing.T) {
	var lines []string
	var keys []*client
	b := startBox(t, nil, nil)
	signers := make([]gossh.Signer, 8)
	for i := range signers {
		signers[i], lines = newKeyLine(t, "claire", lines)
	}
	b.writeKeys(lines...)
	for i := range signers {
		c := b.connect(signers[i], 80, 24)
		c.unlock()
		c.galleryToPay()
		c.keys("60")
		c.waitFor("60")
		keys = append(keys, c)
	}
	before := b.enters.Load()
	var wg sync.WaitGroup
	for _, c := range keys {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = c.in.Write([]byte("\r")) }()
	}
	wg.Wait()
	// Stop once the 8 tills took their Enter: 8 sales are under way.
	deadline := time.Now().Add(5 * time.Second)
	for b.enters.Load() < before+8 {
		if time.Now().After(deadline) {
			t.Fatal("the tills never took their Enter")
		}
		time.Sleep(50 * time.Microsecond)
	}
	underway := b.srv.calls.count()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := b.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	number := regexp.MustCompile(`Order (K01-\d{6})`)
	for i, c := range keys {
		out := c.waitEnd()
		if !strings.Contains(out, "the register stopped; every sale it said done is recorded") {
			t.Errorf("till %d was not told the register stopped", i)
		}
		// the farewell scrolled the screen: read the done screen in the stream
		if m := number.FindStringSubmatch(ansi.Strip(out)); m != nil {
			shown[m[1]] = true
		}
	}
	orders := b.orders()
	for _, ov := range orders {
		if !shown[ov.Order.Number] {
			t.Errorf("order %s was recorded but its till never showed it done", ov.Order.Number)
		}
	}
	if len(orders) != 8 || len(shown) != 8 {
		t.Errorf("%d orders recorded, %d shown done, of 8 sales under way", len(orders), len(shown))
	}
	t.Logf("%d of 8 sales recorded (%d till calls under way when the stop began)", len(orders), underway)
	b.svc.Close()
	b.reg.Close()
	res, err := local.Verify(b.reg.Path())
	if err != nil {
		t.Fatalf("the journal does not verify: %v", err)
	}
	if want := uint64(len(orders)); res.Entries < want {
		t.Fatalf("%d entries", res.Entries)
	}
}

func newKeyLine(t *testing.T, staff string, lines []string) (gossh.Signer, []string) {
	k, line := newKey(t, staff)
	return k, append(lines, line)
}

// The line a client reads once its till is gone is broken between words
// to its terminal's width, as it was when the till closed (resized since
// login): before, it went out as one line and the terminal's own wrap cut
// a word in two at the last column ("enregis" / "trée" at 80 columns).
func TestFarewellFitsTheTerminal(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	c := b.connect(claire, 80, 24)
	c.unlock()
	if err := c.sess.WindowChange(24, 41); err != nil {
		t.Fatal(err)
	}
	c.waitFor("Hamlet")
	time.Sleep(200 * time.Millisecond) // the resize reaches the till
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	out := c.waitEnd()
	// what follows the screens: the alternate screen left
	i := strings.LastIndex(out, "\x1b[?1049l")
	if i < 0 {
		t.Fatalf("the till never left the alternate screen: %q", out)
	}
	out = out[i:]
	text := ansi.Strip(out)
	want := "guichet: the register stopped; every sale it said done is recorded. Connect again once it is back."
	var words []string
	for _, l := range strings.Split(text, "\r\n") {
		if w := ansi.StringWidth(l); w > 41 {
			t.Errorf("a line of %d columns on a terminal of 41: %q", w, l)
		}
		words = append(words, strings.Fields(l)...)
	}
	if got := strings.Join(words, " "); !strings.Contains(got, want) {
		t.Errorf("the farewell read %q, want %q whole", got, want)
	}
}

// A till that stops with payments typed for a sale it has not recorded
// says them in its last line: the customer is at the counter, the card
// charged, and the next unlock that would tell the cashier may come after
// the restart. Before, the line said only that every sale shown done was
// recorded: the cashier could not tell whether the CHF 20.00 she took was.
func TestStopSaysThePaymentsLeft(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	c := b.connect(claire, 100, 30)
	c.unlock()
	c.galleryToPay()
	c.keys("20", "enter")
	c.waitFor("Remaining       CHF 30.00")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	out := strings.Join(strings.Fields(ansi.Strip(c.waitEnd())), " ")
	want := "guichet: the register stopped; every sale it said done is recorded. Connect again once it is back. " +
		"Payments taken for the sale under way are left with no order: Cash CHF 20.00; give them back to the customer, or sell again at a till and type them in."
	if !strings.Contains(out, want) {
		t.Fatalf("the client read %q\nwant %q", out[max(0, len(out)-400):], want)
	}
}
