package remote

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"guichet/internal/syncbuf"
	"guichet/pos"
)

// A till speaking French says in French why its session ends or is
// refused, over a real SSH session: the screens' language (an English
// session of a French register says it in English), and before the
// screens the register's.
func TestSessionEndsInTheTillsLanguage(t *testing.T) {
	french := func(tune func(*Options)) func(*Options) {
		return func(o *Options) {
			o.Lang = pos.French
			if tune != nil {
				tune(o)
			}
		}
	}
	cases := []struct {
		name string
		tune func(*Options)
		// run makes the session end, and returns what its client read
		run  func(t *testing.T, b *box, claire gossh.Signer) string
		want string
	}{
		{"revoked", nil, func(t *testing.T, b *box, claire gossh.Signer) string {
			c := b.connect(claire, 80, 24)
			c.waitFor("Qui vend ?")
			_, marc := newKey(t, "marc")
			b.writeKeys(marc)
			c.keys("j")
			return c.waitEnd()
		}, "guichet : cette clé n'est plus une clé du personnel de cette caisse ; session terminée."},
		{"revoked after switching to English", nil, func(t *testing.T, b *box, claire gossh.Signer) string {
			c := b.connect(claire, 80, 24)
			c.waitFor("Qui vend ?")
			c.keys("tab") // the unlock screen's language
			c.waitFor("Who is selling?")
			_, marc := newKey(t, "marc")
			b.writeKeys(marc)
			c.keys("j")
			return c.waitEnd()
		}, "guichet: this key is no longer a staff key of this register; session ended."},
		{"idle", func(o *Options) { o.EndAfter = 300 * time.Millisecond }, func(t *testing.T, b *box, claire gossh.Signer) string {
			c := b.connect(claire, 80, 24)
			c.waitFor("Qui vend ?")
			return c.waitEnd()
		}, "guichet : session terminée après 300ms sans activité au clavier."},
		{"the register stops", nil, func(t *testing.T, b *box, claire gossh.Signer) string {
			c := b.connect(claire, 80, 24)
			c.waitFor("Qui vend ?")
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := b.srv.Shutdown(ctx); err != nil {
				t.Fatal(err)
			}
			return c.waitEnd()
		}, "guichet : la caisse s'est arrêtée ; toute vente affichée comme faite est enregistrée. Reconnectez-vous quand elle sera de nouveau en marche."},
		{"too many tills", func(o *Options) { o.MaxSessions = 1 }, func(t *testing.T, b *box, claire gossh.Signer) string {
			first := b.connect(claire, 80, 24)
			first.waitFor("Qui vend ?")
			return b.connect(claire, 80, 24).waitEnd()
		}, "guichet : 1 caisse est déjà ouverte, le maximum pour ce serveur ; réessayez plus tard."},
		{"no terminal", nil, func(t *testing.T, b *box, claire gossh.Signer) string {
			conn, err := b.dialAuth(gossh.PublicKeys(claire))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			sess, err := conn.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			var out syncbuf.Buffer
			sess.Stdout, sess.Stderr = &out, &out
			var exit *gossh.ExitError
			if err := sess.Run("sell"); !errors.As(err, &exit) {
				t.Fatalf("exit: %v", err)
			}
			return out.String()
		}, "guichet : une caisse a besoin d'un terminal : connectez-vous avec ssh -t, sans commande."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			claire, line := newKey(t, "claire")
			b := startBox(t, []string{line}, french(tc.tune))
			out := tc.run(t, b, claire)
			// the line is broken between words at the terminal's width
			if !strings.Contains(strings.Join(strings.Fields(out), " "), tc.want) {
				t.Fatalf("the client read %q\nwant %q", out[max(0, len(out)-300):], tc.want)
			}
		})
	}
}

// Before the screens start, the register's language: --lang, else the
// catalog's first.
func TestRegisterLanguage(t *testing.T) {
	_, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	for _, c := range []struct {
		opt, want pos.Lang
	}{
		{pos.English, pos.English},
		{pos.French, pos.French},
		{"", pos.French}, // the demo catalog's first
	} {
		b.srv.opts.Lang = c.opt
		if got := b.srv.lang(); got != c.want {
			t.Errorf("--lang %q: %q, want %q", c.opt, got, c.want)
		}
	}
}

// How an idle limit is said.
func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour:                     "1 h",
		90 * time.Minute:              "1 h 30 min",
		20 * time.Minute:              "20 min",
		45 * time.Second:              "45 s",
		5*time.Minute + 3*time.Second: "5 min 3 s",
		300 * time.Millisecond:        "300ms",
	} {
		if got := span(d); got != want {
			t.Errorf("span(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestTheIdleLockSpeaksTheTillsLanguage: a French till locked for
// idleness read "Caisse verrouillée (inactive) · Till locked (idle)",
// "PIN incorrect · wrong PIN" and "Panier gardé jusqu'à 10:00 · cart kept
// until 10:00": English on a French till, and at 80 columns a line twice
// as long as it needs. It speaks the language the till's screens speak
// (the unlock screen's Tab may have switched it).
func TestTheIdleLockSpeaksTheTillsLanguage(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		tab                      bool // the unlock screen's language switched
		locked, wrong, kept, not string
	}{
		{"French", false, "Caisse verrouillée (inactive)", "Code PIN incorrect", "Panier gardé jusqu'à", "Till locked"},
		{"switched to English", true, "Till locked (idle)", "Wrong PIN", "Cart kept until", "verrouillée"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			claire, line := newKey(t, "claire")
			clock := newIdleClock()
			b := startBox(t, []string{line}, func(o *Options) {
				o.Lang = pos.French
				o.LockAfter, o.ReleaseAfter, o.Now = 300*time.Millisecond, time.Hour, clock.Now
			})
			c := b.connect(claire, 80, 24)
			c.waitFor("Qui vend ?")
			if tc.tab {
				c.keys("tab")
				c.waitFor("Who is selling?")
			}
			c.keys("1234", "enter")
			c.waitAny("Fond de caisse", "Cash float")
			c.keys("200", "enter")
			c.waitFor("Hamlet")
			c.keys("j", "enter")
			c.waitAny("Parterre — ", "Stalls — ")
			c.keys("enter", "space")
			c.waitAny("1 place au panier", "1 seat in the cart")
			clock.pass(300 * time.Millisecond)
			c.waitFor(tc.locked, tc.kept)
			c.keys("9999", "enter")
			c.waitFor(tc.wrong)
			if s := c.screen(); strings.Contains(s, tc.not) {
				t.Fatalf("the locked screen speaks the other language too:\n%s", s)
			}
		})
	}
}
