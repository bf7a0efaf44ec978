package printertest

import (
	"net"
	"testing"
	"time"
)

// TestAConnectionAcceptedAsThePrinterGoesOffIsClosed: a connection that
// Accept returned just before Off was not yet listed, so Off did not close
// it; it was then served, and the printer switched off answered status
// requests as a ready printer (the register's spooler saw it online).
func TestAConnectionAcceptedAsThePrinterGoesOffIsClosed(t *testing.T) {
	p := New(t)
	p.mu.Lock()
	p.accepted = func() { p.Off() } // Off comes in between
	p.mu.Unlock()
	c, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte{dle, eot, 1}); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	b := make([]byte, 1)
	if n, err := c.Read(b); err == nil {
		t.Fatalf("the printer switched off answered a status request: % x", b[:n])
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the connection accepted as the printer went off is still open")
	}
	if p.StatusRequests() != 0 {
		t.Fatalf("%d status requests answered while off", p.StatusRequests())
	}
}
