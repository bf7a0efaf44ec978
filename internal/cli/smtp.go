package cli

import (
	"os"

	"guichet/mail"
)

// SMTPFlags are the mail server's flags, the same for guichet (a register
// that runs alone sends its e-mails) and guichetd serve (the central
// server sends for its registers): --smtp, --smtp-tls, --smtp-user, each
// defaulting to its environment variable; the password only from
// GUICHET_SMTP_PASSWORD.
type SMTPFlags struct {
	Host, TLS, User *string
}

// AddSMTPFlags adds the SMTP flags to fs.
func AddSMTPFlags(fs *Flags) SMTPFlags {
	return SMTPFlags{
		Host: fs.String("smtp", "", "the mail server, HOST[:PORT] (default $GUICHET_SMTP; none: e-mails wait in the outbox)"),
		TLS:  fs.String("smtp-tls", "", "starttls (port 587), tls (port 465) or none (a relay on this machine) (default $GUICHET_SMTP_TLS or starttls)"),
		User: fs.String("smtp-user", "", "the SMTP user (default $GUICHET_SMTP_USER; its password from $GUICHET_SMTP_PASSWORD)"),
	}
}

// Config reads the flags and the environment: nil when no server is
// given, an error in a sentence for one that cannot work.
func (f SMTPFlags) Config() (*mail.Config, error) {
	or := func(v *string, env string) string {
		if *v != "" {
			return *v
		}
		return os.Getenv(env)
	}
	host := or(f.Host, "GUICHET_SMTP")
	if host == "" {
		return nil, nil
	}
	cfg := mail.Config{TLS: or(f.TLS, "GUICHET_SMTP_TLS"), User: or(f.User, "GUICHET_SMTP_USER"), Password: os.Getenv("GUICHET_SMTP_PASSWORD")}
	if err := cfg.ParseHostPort(host); err != nil {
		return nil, err
	}
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	return &cfg, nil
}
