package main

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"guichet/pos"
)

// logFormatUsage is what --log-format takes, for guichet ssh and guichet
// kiosk alike: slog's text lines (key=value) or JSON for a log collector.
const logFormatUsage = "log lines: text or json"

// checkLogFormat refuses a --log-format other than text or json, before
// anything is opened: a refused command makes no log file.
func checkLogFormat(format string) error {
	if format != "text" && format != "json" {
		return pos.Errorf("the log format is text or json, not %q", format)
	}
	return nil
}

// newLogger is the log of a long-running command (guichet ssh, guichet
// kiosk) on w, in format (checkLogFormat): one line a record, a value's
// newlines escaped.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	if err := checkLogFormat(format); err != nil {
		return nil, err
	}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return slog.New(slog.NewTextHandler(w, nil)), nil
}

// kioskLogLine is kiosk.Options.Log (and kiosk.AcceptCatalog's log) on
// log: the kiosk's screens say what a customer must not see as one string,
// "kiosk: what: detail", a panic's stack on the lines after it. Each is a
// record: its first line the message (without "kiosk: "), the lines after
// it the attribute stack; a panic at level error, the rest at info.
func kioskLogLine(log *slog.Logger) func(string) {
	return func(s string) {
		s = strings.TrimPrefix(s, "kiosk: ")
		msg, stack, _ := strings.Cut(s, "\n")
		level := slog.LevelInfo
		if strings.HasPrefix(msg, "panic") {
			level = slog.LevelError
		}
		var attrs []slog.Attr
		if stack != "" {
			attrs = append(attrs, slog.String("stack", stack))
		}
		log.LogAttrs(context.Background(), level, msg, attrs...)
	}
}
