package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"guichet/internal/cli"
	"guichet/sync/centralmail"
	"guichet/sync/server"
)

func init() {
	register("serve", "serve the API registers push to (--listen, --db)", runServe)
}

// dbFlag is --db, GUICHET_DB by default.
func dbFlag(fs *flags) *string {
	return fs.String("db", os.Getenv("GUICHET_DB"), "PostgreSQL connection string (default $GUICHET_DB)")
}

func openStore(ctx context.Context, url string) (*server.Store, error) {
	if url == "" {
		return nil, errors.New("say which database: --db postgres://user@host/guichet or GUICHET_DB")
	}
	return server.Open(ctx, url)
}

// openStoreReadOnly is openStore for the commands that only read: it
// applies no migration (a read-only database user can run them, a newer
// guichetd run for a report leaves the live schema alone) and says so if
// the database's schema is older or newer than this guichetd's.
func openStoreReadOnly(ctx context.Context, url string) (*server.Store, error) {
	if url == "" {
		return nil, errors.New("say which database: --db postgres://user@host/guichet or GUICHET_DB")
	}
	return server.OpenReadOnly(ctx, url)
}

// openStoreFor opens the store read-only when the command only reads.
func openStoreFor(ctx context.Context, url string, readOnly bool) (*server.Store, error) {
	if readOnly {
		return openStoreReadOnly(ctx, url)
	}
	return openStore(ctx, url)
}

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "usage: guichetd serve [--listen ADDR] [--db URL] [--smtp HOST[:PORT] --smtp-tls MODE --smtp-user USER]\n"+
		"With a mail server (--smtp or GUICHET_SMTP; password from GUICHET_SMTP_PASSWORD), guichetd sends the e-mails its\n"+
		"registers queue and schedules the invoice reminders and the e-mails before the show; without, they wait.", stdout, stderr)
	listen := fs.String("listen", ":8420", "address to listen on")
	db := dbFlag(fs)
	debug := fs.Bool("debug", false, "log every push")
	grantTTL := fs.Duration("grant-ttl", server.DefaultGrantTTL, "how long a register's grant lasts; a register offline longer sells nothing new from it")
	grantMargin := fs.Duration("grant-margin", server.DefaultGrantMargin, "how long after a grant ends the server takes back what was not sold (more than any register's clock may be off)")
	smtp := cli.AddSMTPFlags(fs)
	mailEvery := fs.Duration("mail-interval", 30*time.Second, "how often the outbox and the e-mail schedule are looked at")
	if _, err := fs.ParseAll(args); err != nil {
		return err
	}
	smtpCfg, err := smtp.Config()
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if *debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	store.SetGrantTTL(*grantTTL)
	store.SetGrantMargin(*grantMargin)
	srv := &http.Server{
		Addr:              *listen,
		Handler:           server.NewAPI(store, log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if smtpCfg != nil {
		snd, err := centralmail.New(store, centralmail.Options{SMTP: *smtpCfg, Interval: *mailEvery, Log: log})
		if err != nil {
			return err
		}
		mailDone := make(chan struct{})
		go func() { defer close(mailDone); _ = snd.Run(ctx) }()
		defer func() { stop(); <-mailDone }() // a message the mail server takes meanwhile is recorded; one not yet offered waits for its claim to run out
		log.Info("guichetd sends e-mail", "smtp", smtpCfg.Host)
	} else {
		log.Info("no mail server (--smtp): e-mails wait in the outbox")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("guichetd listening", "addr", *listen)
	select {
	case err := <-errc:
		return fmt.Errorf("listen on %s: %w", *listen, err)
	case <-ctx.Done():
	}
	// Finish the requests under way (a batch is one transaction: it is
	// stored whole or not at all either way), then close the database.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
