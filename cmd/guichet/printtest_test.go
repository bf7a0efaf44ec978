package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/printers"
)

func TestPrintTestPreviewShowsTicketAndReceipt(t *testing.T) {
	out, stderr, code := runGuichet(t, "", "", "print-test", "--printer", "preview", "--lang", "fr")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"[QR:", "--- cut ---"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
}

// The file printer gets real ESC/POS bytes that decode back to a ticket.
func TestPrintTestFilePrinterWritesDecodableBytes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.bin")
	if _, stderr, code := runGuichet(t, "", "", "print-test", "--printer", "file:"+path, "--format", "cinema"); code != 0 {
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
	_, stderr, code := runGuichet(t, "", "", "print-test", "--printer", "lpt1")
	if code == 0 || !strings.Contains(stderr, "tcp://") || !strings.Contains(stderr, "preview") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}
