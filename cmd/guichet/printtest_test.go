package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/printers"
)

func TestPrintTestPreviewShowsTicketAndReceipt(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := runGuichet(t, dir, "", "print-test", "--printer", "preview", "--lang", "fr")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"[QR: G2:", "--- cut ---"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	// With no file to sit beside, the sample key goes in the current directory, and stderr says so.
	if _, err := os.Stat(filepath.Join(dir, "sample.pub")); err != nil || !strings.Contains(stderr, "sample.key") {
		t.Errorf("no sample key in the current directory (%v), stderr %q", err, stderr)
	}
	payload := out[strings.Index(out, "[QR: ")+5:]
	payload = payload[:strings.Index(payload, "]")]
	if msg, ok := verifyTicket(t, payload, filepath.Join(dir, "sample.pub")); !ok {
		t.Errorf("the preview's sample does not verify: %s", msg)
	}
}

// verifyTicket runs `guichet ticket verify PAYLOAD --key PUB` in process.
func verifyTicket(t *testing.T, payload, pub string) (string, bool) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run([]string{"ticket", "verify", "--lang", "en", payload, "--key", pub}, strings.NewReader(""), &out, &errb)
	return out.String() + errb.String(), code == 0
}

// printedQR decodes the ESC/POS bytes a file printer got and returns the
// payload of their QR code.
func printedQR(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := printers.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	qr := doc.QRCodes()
	if len(qr) != 1 {
		t.Fatalf("%d QR codes printed, want 1", len(qr))
	}
	return qr[0]
}

// The printed sample's QR code is signed with a sample key written beside
// the output, and `guichet ticket verify` accepts it; a second run reuses
// the key.
func TestPrintTestSampleVerifies(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.bin")
	_, stderr, code := runGuichet(t, "", "", "print-test", "--lang", "en", "--printer", "file:"+out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pub := filepath.Join(dir, "sample.pub")
	if !strings.Contains(stderr, filepath.Join(dir, "sample.key")) || !strings.Contains(stderr, "--key "+pub) {
		t.Errorf("stderr does not say which key signed the sample and how to check it: %q", stderr)
	}
	if info, err := os.Stat(filepath.Join(dir, "sample.key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("sample.key: %v %v", info, err)
	}
	payload := printedQR(t, out)
	msg, ok := verifyTicket(t, payload, pub)
	if !ok || !strings.Contains(msg, "valid: ticket SAMPLE-01") {
		t.Fatalf("ticket verify of the printed sample: %s", msg)
	}
	// The door of a register with another key refuses it.
	db, _ := sellOne(t)
	if msg, ok := verifyTicket(t, payload, db+".pub"); ok {
		t.Errorf("another register's key accepts the sample: %s", msg)
	}
	// A second print-test signs with the same key (the one already given out).
	os.Remove(out)
	if _, stderr, code := runGuichet(t, "", "", "print-test", "--lang", "en", "--printer", "file:"+out, "--format", "cinema"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if msg, ok := verifyTicket(t, printedQR(t, out), pub); !ok {
		t.Errorf("the second sample does not verify with the first key: %s", msg)
	}
}

// With --db the sample is signed with the register's key, read only: the
// journal and its key files are byte for byte what they were, and no sample
// key is written.
func TestPrintTestSignsWithRegisterKey(t *testing.T) {
	db, _ := sellOne(t)
	files := []string{db, db + ".key", db + ".pub"}
	before := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		before[f] = b
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out.bin")
	if _, stderr, code := runGuichet(t, dir, "", "print-test", "--lang", "en", "--printer", "file:"+out, "--db", db); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if msg, ok := verifyTicket(t, printedQR(t, out), db+".pub"); !ok {
		t.Errorf("the sample does not verify with the register's key: %s", msg)
	}
	for _, f := range files {
		if b, _ := os.ReadFile(f); !bytes.Equal(b, before[f]) {
			t.Errorf("print-test --db changed %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "sample.key")); err == nil {
		t.Error("a sample key was written although --db was given")
	}
	// A register without its key file: a sentence, no key created.
	os.Remove(db + ".key")
	_, stderr, code := runGuichet(t, dir, "", "print-test", "--lang", "en", "--printer", "file:"+out, "--db", db)
	if code == 0 || !strings.Contains(stderr, db+".key") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(db + ".key"); err == nil {
		t.Error("print-test --db created a key")
	}
}

// The file printer gets real ESC/POS bytes that decode back to a ticket.
func TestPrintTestFilePrinterWritesDecodableBytes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.bin")
	if _, stderr, code := runGuichet(t, "", "", "print-test", "--lang", "en", "--printer", "file:"+path, "--format", "cinema"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := printers.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.QRCodes()) == 0 || len(doc.Unknown) != 0 {
		t.Errorf("decoded %d QR codes and unknown commands %v", len(doc.QRCodes()), doc.Unknown)
	}
}

func TestPrintTestBadPrinterSaysWhatIsAccepted(t *testing.T) {
	_, stderr, code := runGuichet(t, "", "", "print-test", "--lang", "en", "--printer", "lpt1")
	if code == 0 || !strings.Contains(stderr, "tcp://") || !strings.Contains(stderr, "preview") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// TestPrintTestTakesTheCountersProfileFlag: the counter, guichet ssh and the
// kiosk name the printer's model --printer-profile, print-test --profile; a
// technician trying the service's printer settings as written got "flag
// provided but not defined: -printer-profile". print-test takes both.
func TestPrintTestTakesTheCountersProfileFlag(t *testing.T) {
	dir := t.TempDir()
	for _, flag := range []string{"--printer-profile", "--profile"} {
		out, stderr, code := runGuichet(t, dir, "", "print-test", "--lang", "en", "--printer", "file:"+filepath.Join(dir, "out.bin"), flag, "generic58")
		if code != 0 || !strings.Contains(out+stderr, "(profile generic58)") {
			t.Errorf("print-test %s generic58: exit %d\n%s%s", flag, code, out, stderr)
		}
	}
}
