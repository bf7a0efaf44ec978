package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestVoucherErrorsSpeakTheCommandLinesLanguage: guichet voucher printed
// its JSON error with Error(), in English whatever --lang or the catalog
// said, where guichet order's speaks the command line's language. It
// speaks it now: the demo's French, or --lang's. The test failed before
// on "there is no voucher" without --lang.
func TestVoucherErrorsSpeakTheCommandLinesLanguage(t *testing.T) {
	db, _ := sellOne(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"voucher", "show", "K01-000009-01", "--db", db}, "il n'y a pas d'avoir K01-000009-01 dans " + db},
		{[]string{"voucher", "show", "K01-000009-01", "--db", db, "--lang", "en"}, "there is no voucher K01-000009-01 in " + db},
		{[]string{"voucher", "show", "--db", db}, "nommez un avoir ou un client : guichet voucher show CODE"},
		{[]string{"voucher", "find", "--db", db, "--lang", "fr"}, "nommez un avoir ou un client : guichet voucher find CODE"},
		{[]string{"voucher", "find", "--db", db, "--lang", "en"}, "name one voucher or customer: guichet voucher find CODE"},
	} {
		var out, errb bytes.Buffer
		code := run(tc.args, strings.NewReader(""), &out, &errb)
		var got orderError
		if err := json.Unmarshal(out.Bytes(), &got); err != nil || code != 1 || got.Error != tc.want {
			t.Errorf("guichet %s: exit %d, error %q, want %q\n%s%s", strings.Join(tc.args, " "), code, got.Error, tc.want, out.String(), errb.String())
		}
	}
}

// TestJournalExportCountsInTheFilesLanguage: guichet journal export said
// "7 entries exported" on standard error to a French box office, whose
// journal commands speak French. The test failed before on the English.
func TestJournalExportCountsInTheFilesLanguage(t *testing.T) {
	db, _ := sellOne(t)
	for lang, want := range map[string]string{"": " écritures exportées\n", "en": " entries exported\n"} {
		args := []string{"journal", "export", "--db", db}
		if lang != "" {
			args = append(args, "--lang", lang)
		}
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != 0 || !strings.HasSuffix(errb.String(), want) {
			t.Errorf("guichet %s: exit %d, stderr %q, want it to end %q", strings.Join(args, " "), code, errb.String(), want)
		}
	}
}
