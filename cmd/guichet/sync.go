package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"guichet/local"
	"guichet/pos"
	"guichet/sync"
)

func init() {
	register("sync", "the journal's push to the central server (status | push)", runSync)
}

const syncUsage = `usage: guichet sync COMMAND --db FILE ...
  status [--json] [--alert 15m]                        entries not yet pushed and the age of the oldest (the file only read);
                                                       exit 3 past --alert, not for a register that runs alone unless --alert is given
  push --central URL --token-file FILE [--from SEQ]    push until the server has everything, then exit
                                                       (--from resends from a sequence: the server stores nothing twice)`

// alertAfter is when an unpushed entry is old enough to worry about.
const alertAfter = 15 * time.Minute

func runSync(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, syncUsage, stdout, stderr, "status", "push")
	if err != nil {
		return err
	}
	fs := newFlags("sync "+sub, syncUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	asJSON := fs.Bool("json", false, "status: print JSON")
	alert := fs.Duration("alert", alertAfter, "status: exit 3 when the oldest unpushed entry is older")
	central := fs.String("central", "", "push: the central server's URL")
	tokenFile := fs.String("token-file", "", "push: the file holding the register's token")
	from := fs.Uint64("from", 0, "push: resend from this sequence")
	batch := fs.Int("batch", 500, "push: entries a request")
	if _, err := fs.ParseAll(args[1:]); err != nil {
		return err
	}
	switch sub {
	case "status":
		st, err := local.ReadPushState(*db)
		if err != nil {
			return err
		}
		age := time.Duration(0)
		if !st.Oldest.IsZero() {
			age = time.Since(st.Oldest).Round(time.Second)
		}
		// A journal no central server ever took is a register that runs
		// alone (the file does not keep --central): nothing to alert on,
		// unless --alert is given, as a monitoring script watching a
		// register that should push does, for it may never have reached
		// its server.
		alone := st.Pushed == 0 && st.Last > 0
		alerting := age > *alert && (!alone || flagGiven(fs, "alert"))
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(struct {
				local.PushState
				Unpushed   uint64  `json:"unpushed"`
				OldestAgeS float64 `json:"oldest_age_seconds"`
				Alone      bool    `json:"alone"`
				Alert      bool    `json:"alert"`
			}{st, st.Unpushed(), age.Seconds(), alone, alerting}); err != nil {
				return err
			}
		} else {
			// a person's lines, in the command line's language (--lang,
			// else the file's): the JSON above is the scripts'
			var line error
			switch {
			case alone:
				line = pos.Errorf("register %s runs alone: no central server has taken any of its %d entries (they are in this file only, the oldest %s old)", st.Register, st.Last, age)
			case st.Unpushed() == 0:
				line = pos.Errorf("register %s: every entry pushed (%d)", st.Register, st.Last)
			case st.Unpushed() == 1:
				line = pos.Errorf("register %s: 1 entry not pushed (%d), %s old", st.Register, st.Last, age)
			default:
				line = pos.Errorf("register %s: %d entries not pushed (from %d to %d), the oldest %s old", st.Register, st.Unpushed(), st.Pushed+1, st.Last, age)
			}
			fmt.Fprintln(stdout, pos.Say(line, langOf(stderr)))
		}
		if alerting {
			switch {
			case *asJSON: // "alert": true says it
			case alone:
				fmt.Fprintln(stderr, pos.Say(pos.Errorf("no entry was ever pushed and the oldest is older than %s: if this register should push, start it with --central URL --token-file FILE (or run guichet sync push); if it runs alone, leave --alert out", *alert), langOf(stderr)))
			default:
				fmt.Fprintln(stderr, pos.Say(pos.Errorf("the oldest unpushed entry is older than %s: check the connection to the central server (guichet sync push)", *alert), langOf(stderr)))
			}
			return exitCode(3)
		}
		return nil
	case "push":
		if *central == "" || *tokenFile == "" {
			return pos.Errorf("say where to push: --central URL --token-file FILE (the token guichetd register add printed)")
		}
		token, err := readToken(*tokenFile)
		if err != nil {
			return err
		}
		f, err := local.OpenPushFile(*db)
		if err != nil {
			if errors.Is(err, local.ErrLocked) {
				return pos.Errorf("%w; a running register pushes by itself with --central", err)
			}
			return err
		}
		defer f.Close()
		p := sync.New(f, sync.Options{Central: *central, Token: token, Batch: *batch})
		if *from > 0 {
			if err := p.ResendFrom(*from); err != nil {
				return err
			}
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		if err := p.CatchUp(ctx); err != nil {
			return pos.Errorf("push to %s: %w", *central, err)
		}
		// Everything pushed sends nothing: the server is asked where its
		// copy ends, so a wrong URL or token is said, and a copy restored
		// from an older backup gets the rest again.
		before := p.Status().Pushed
		resend, err := p.Confirm(ctx)
		if err != nil {
			return fmt.Errorf("push to %s: %w", *central, err)
		}
		if resend {
			fmt.Fprintln(stderr, sayf(langOf(stderr), "the central server's copy ends at entry %d, before the %d this file counted as pushed (its database restored from an older backup?): pushing again from %d", p.Status().Pushed, before, p.Status().Pushed+1))
			if err := p.CatchUp(ctx); err != nil {
				return fmt.Errorf("push to %s: %w", *central, err)
			}
		}
		st := p.Status()
		fmt.Fprintln(stdout, sayf(langOf(stderr), "register %s: every entry pushed (%d)", st.Register, st.Last))
		return nil
	default:
		fmt.Fprintln(stderr, syncUsage)
		return exitCode(2)
	}
}

// flagGiven reports whether the command line set the flag name.
func flagGiven(fs interface{ Visit(func(*flag.Flag)) }, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// readToken reads a token file: the token on its first line.
func readToken(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", pos.Errorf("cannot read the token file: %w", missingFile(err, path))
	}
	token := strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0])
	if token == "" {
		return "", pos.Errorf("the token file %s is empty: put the token guichetd register add printed in it", path)
	}
	return token, nil
}
