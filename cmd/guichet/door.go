package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/door"
	"guichet/internal/cli"
	"guichet/pos"
)

func init() {
	register("door", "scan tickets at the entrance: admit each once, refuse the others", runDoor)
}

// runDoor opens the register's file and runs the scanning screen for one
// performance at one door until ctrl+c. Admissions are entries of the
// register's journal: the door works offline on it.
func runDoor(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("door", "usage: guichet door --door NAME [--venue ID] [--performance ID] [--catalog FILE] [--db FILE] [--register K01] [--lang fr|en]", stdout, stderr)
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	db := fs.String("db", "guichet.db", "the register's journal file (the door admits the tickets it sold)")
	id := fs.String("register", "", "register id of a new file (default K01); an existing file is its own register")
	name := fs.String("door", "", "this door's name, journaled with each admission and shown as \"already admitted by …\" (required)")
	venue := fs.String("venue", "", "the venue this door stands at (its id in the catalog): today's performance is picked among its own (default: among every venue's)")
	perf := fs.String("performance", "", "the performance this door lets in (default: today's at --venue: the next one once its doors open, 30 minutes before its start; else the one under way until its end, for latecomers, one begun before midnight too; else the next; else the day's last)")
	lang := fs.String("lang", "", "language: fr or en (default: the catalog's first)")
	show := fs.Duration("show", 6*time.Second, "how long a verdict stays on screen (0: until the next scan)")
	fps := fs.Int("fps", 30, "most frames drawn per second with --tea-renderer (lower it on slow links)")
	teaRenderer := fs.Bool("tea-renderer", false, "draw with Bubble Tea's renderer (a fixed frame rate) instead of drawing each frame when it changes")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q (see guichet door -h)", rest[0])
	}
	if *name == "" {
		return pos.Errorf(`name this door with --door (--door "porte 1"): "already admitted by …" says it`)
	}
	var language pos.Lang // left out: the catalog's first, as the service takes it
	if *lang != "" {
		if language, err = pos.ParseLang(*lang); err != nil {
			return err
		}
	}
	now := time.Now()
	c, err := loadCatalog(*catalog, now)
	if err != nil {
		return err
	}
	// what the door refuses (a performance not there or canceled, its
	// name) before the file is opened: a typo must not create a journal,
	// and a refused door writes nothing, not even a start
	_, p, err := counter.DoorFor(c, *name, *venue, *perf, now)
	if err != nil {
		return err
	}
	*perf = p.ID
	if *show == 0 {
		*show = -1 // door.Options: negative keeps the verdict
	}
	svc, err := counter.Open(counter.Options{Path: *db, Register: *id, Catalog: c, Lang: language})
	var locked *counter.LockedError
	if errors.As(err, &locked) {
		// the counter or the SSH tills sell on this file: the door opens
		// beside them, over SSH
		pid := ""
		if locked.PID > 0 {
			pid = fmt.Sprintf(" (pid %d)", locked.PID)
		}
		return pos.Errorf("%s is %w%s%s", locked.Path, counter.ErrLocked, pid, howToOpenDoor(locked.Serves, *name))
	}
	if err != nil {
		return err
	}
	defer svc.Close()
	m, err := door.New(door.Options{Service: svc, Door: *name, Performance: *perf, Lang: svc.Lang(), Show: *show})
	if err != nil {
		return err
	}
	// SIGHUP (the terminal hung up: an SSH connection dropped) ends the
	// screens as a hang-up read from the terminal does: the till and the
	// journal are closed, not left to the signal's abrupt exit
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGHUP)
	defer cancel()
	changed, stopTelling := svc.Changes()
	defer stopTelling()
	// Each frame is drawn when it changes: idle, nothing wakes up.
	_, err = screen{teaRenderer: *teaRenderer, fps: *fps, started: func(p *tea.Program) {
		go func() {
			for range changed {
				p.Send(door.ChangedMsg())
			}
		}()
	}}.run(ctx, m)
	switch {
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		err = errTerminalGone
	case errors.Is(err, tea.ErrProgramKilled):
		err = nil
	}
	return err
}

// sshDoor is what a door's SSH client asked for after the host.
type sshDoor struct {
	name, venue, perf string
	show              time.Duration
	lang              pos.Lang // the door's screens' (the register's when not given)
}

// sshDoorUsage is the usage a door's SSH client reads with -h.
const sshDoorUsage = "usage: ssh -t -p PORT door@HOST NAME [--venue ID] [--performance ID] [--show 6s] [--lang fr|en]"

// sshDoorArgs reads the words a door's SSH client gave after the host
// (ssh -t -p 2222 door@boxoffice porte nord --venue lac): guichet door's
// flags, and the words left are the door's name (or --door NAME, as
// guichet door takes it). A mistake, or -h, is the error: the sentence the
// client reads, in lang.
func sshDoorArgs(args []string, lang pos.Lang) (sshDoor, error) {
	var out, mistakes bytes.Buffer
	fs := newFlags("door", sshDoorUsage, &out, cli.Speaking(&mistakes, string(lang)))
	name := fs.String("door", "", "this door's name (or the words after the host)")
	venue := fs.String("venue", "", "the venue this door stands at: today's performance is picked among its own")
	perf := fs.String("performance", "", "the performance this door lets in (default: today's, as guichet door picks it)")
	show := fs.Duration("show", 6*time.Second, "how long a verdict stays on screen (0: until the next scan)")
	screens := fs.String("lang", "", "the door's language: fr or en (default: the register's)")
	rest, err := fs.ParseAll(args)
	switch {
	case errors.Is(err, errHelp):
		return sshDoor{}, errors.New(strings.TrimSpace(out.String()))
	case err != nil:
		first, _, _ := strings.Cut(mistakes.String(), "\n")
		return sshDoor{}, errors.New(first)
	}
	d := sshDoor{name: *name, venue: *venue, perf: *perf, show: *show, lang: lang}
	if *screens != "" {
		if d.lang, err = pos.ParseLang(*screens); err != nil {
			return sshDoor{}, err
		}
	}
	if words := strings.Join(rest, " "); d.name == "" {
		d.name = words
	} else if words != "" {
		return sshDoor{}, pos.Errorf("unexpected argument %q: the door is named once, by --door or after the host", rest[0])
	}
	if d.name == "" {
		return sshDoor{}, pos.Errorf("name this door after the host (ssh -t -p 2222 door@boxoffice porte nord): \"already admitted by …\" says it")
	}
	if d.show == 0 {
		d.show = -1 // door.Options: negative keeps the verdict
	}
	return d, nil
}
