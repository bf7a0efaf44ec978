package main

import (
	"bytes"
	"strings"
	"testing"
)

// Every command answers -h and --help with its usage on standard output and
// exit status 0; an unknown flag gets the usage on standard error and 2.
func TestEveryCommandAnswersHelp(t *testing.T) {
	for _, name := range program.Names() {
		for _, h := range []string{"-h", "--help"} {
			var out, errOut bytes.Buffer
			code := run([]string{name, h}, strings.NewReader(""), &out, &errOut)
			if code != 0 {
				t.Errorf("guichet %s %s: exit %d, stderr %q", name, h, code, errOut.String())
			}
			if !strings.Contains(out.String(), "usage: guichet") {
				t.Errorf("guichet %s %s: no usage on stdout: %q", name, h, out.String())
			}
		}
		var out, errOut bytes.Buffer
		if code := run([]string{name, "--no-such-flag"}, strings.NewReader(""), &out, &errOut); code != 2 {
			t.Errorf("guichet %s --no-such-flag: exit %d, want 2", name, code)
		}
	}
	var out bytes.Buffer
	if code := run([]string{"--help"}, nil, &out, &out); code != 0 || !strings.Contains(out.String(), "commands:") {
		t.Errorf("guichet --help: exit %d, %q", code, out.String())
	}
}

// The counter's usage names no empty default, and its hidden flags stay
// hidden.
func TestCounterUsageReadsClean(t *testing.T) {
	var out bytes.Buffer
	run([]string{"counter", "-h"}, nil, &out, &out)
	if strings.Contains(out.String(), `(default "")`) || strings.Contains(out.String(), "exit-after-first-frame") {
		t.Errorf("counter -h:\n%s", out.String())
	}
}

// A ticket's payload may come before its flags, as the README writes it.
func TestTicketVerifyTakesFlagsAfterThePayload(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"ticket", "verify", "G2:NOTAPAYLOAD", "--key", t.TempDir() + "/none.pub"}, nil, &out, &errOut)
	if code == 2 {
		t.Fatalf("flags after the payload were refused as usage: %s", errOut.String())
	}
}

// TestJournalUsageSaysWhatStatsCounts: guichet journal -h said stats counts
// "entries, orders, tickets and the file's size"; it prints no tickets, and
// the customers, print queue and flat file it prints were not named. The
// usage now names each count stats prints, and says what the "views" it
// speaks of are.
func TestJournalUsageSaysWhatStatsCounts(t *testing.T) {
	db, _ := sellOne(t)
	out, stderr, code := runGuichet(t, "", "", "journal", "stats", "--db", db)
	if code != 0 {
		t.Fatalf("journal stats: exit %d\n%s", code, stderr)
	}
	var usage bytes.Buffer
	run([]string{"journal", "-h"}, nil, &usage, &usage)
	_, stats, _ := strings.Cut(usage.String(), "\n  stats ")
	stats, _, _ = strings.Cut(stats, "\n  archive ")
	said := map[string]string{"entries": "entries", "orders": "orders", "customers": "customers",
		"print_queue": "print queue", "size_bytes": "sizes", "flat_file_bytes": "flat file", "last_seq": "entries"}
	for _, line := range strings.Split(out, "\n") {
		key, _, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		key = strings.Trim(key, `"`)
		words, known := said[key]
		if !known {
			t.Errorf("journal stats prints %q, which the test does not know: say it in the usage and here", key)
		} else if !strings.Contains(strings.Join(strings.Fields(stats), " "), words) {
			t.Errorf("journal -h: stats does not name %s (%q), which it prints:\n%s", words, key, stats)
		}
	}
	if strings.Contains(stats, "tickets") {
		t.Errorf("journal -h: stats names tickets, which it does not count:\n%s", stats)
	}
	if !strings.Contains(usage.String(), "the views (the orders, seats") {
		t.Errorf("journal -h speaks of views without saying what they are:\n%s", usage.String())
	}
}
