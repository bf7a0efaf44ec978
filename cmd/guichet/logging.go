package main

import (
	"io"
	"log/slog"

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
