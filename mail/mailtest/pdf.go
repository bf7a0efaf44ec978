package mailtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// need finds a program the tests drive; .ci/tools.sh installs it.
func need(t testing.TB, prog, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		t.Fatalf("%s is missing: install Debian's %s (.ci/tools.sh does it)", prog, pkg)
	}
	return p
}

// PDFText is the PDF's text as pdftotext reads it (poppler-utils).
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(need(t, "pdftotext", "poppler-utils"), "-layout", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// PDFPages counts the PDF's pages (pdftotext ends each with a form feed).
func PDFPages(t testing.TB, pdf []byte) int {
	return strings.Count(PDFText(t, pdf), "\f")
}

// PDFQRs renders every page (pdftoppm, 100 dpi: a phone's screen is no
// sharper) and decodes their QR codes with zbarimg, sorted.
func PDFQRs(t testing.TB, pdf []byte) []string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(need(t, "pdftoppm", "poppler-utils"), "-r", "100", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	sort.Strings(pages)
	var codes []string
	for _, p := range pages {
		codes = append(codes, zbar(t, p)...)
	}
	sort.Strings(codes)
	return codes
}

// ImageQRs decodes the QR codes of an image (zbarimg).
func ImageQRs(t testing.TB, png []byte) []string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(p, png, 0o600); err != nil {
		t.Fatal(err)
	}
	return zbar(t, p)
}

func zbar(t testing.TB, path string) []string {
	t.Helper()
	out, err := exec.Command(need(t, "zbarimg", "zbar-tools"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path).Output()
	if err != nil {
		t.Fatalf("zbarimg %s found no QR code: %v", filepath.Base(path), err)
	}
	var codes []string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if l != "" {
			codes = append(codes, l)
		}
	}
	return codes
}
