package printers

import "testing"

// BenchmarkEncodeSpectacleTicket encodes the sample ticket with its QR code
// (native GS ( k) for a TM-T20. Target: under 200 µs.
func BenchmarkEncodeSpectacleTicket(b *testing.B) {
	t := SampleTicket(Spectacle, "fr")
	p := profiles["tm-t20"]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeTicket(t, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeSpectacleTicketRasterQR is the same for a printer without
// native QR: the QR matrix is computed and sent as an image.
func BenchmarkEncodeSpectacleTicketRasterQR(b *testing.B) {
	t := SampleTicket(Spectacle, "fr")
	p := profiles["generic80-noqr"]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeTicket(t, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeReceipt(b *testing.B) {
	r := SampleReceipt("fr")
	p := profiles["tm-t20"]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeReceipt(r, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeTicket(b *testing.B) {
	data, _ := EncodeTicket(SampleTicket(Spectacle, "fr"), profiles["tm-t20"])
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
