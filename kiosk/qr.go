package kiosk

import (
	"bytes"
	"strings"

	"github.com/mdp/qrterminal/v3"
)

// QRLines draws a ticket's QR payload in half blocks (two modules a
// line) at level L with a one-module quiet zone, as the counter's done
// screen does: a signed payload is 47 columns and 24 lines, which an 80x24
// console holds with the ticket's words beside it. The light modules are
// the foreground blocks, so a dark console (the kiosk's) shows dark
// modules on light. Nothing is asked of the terminal (qrterminal's
// Generate would probe for sixels on stdout).
func QRLines(payload string) []string {
	if payload == "" {
		return nil
	}
	var b bytes.Buffer
	qrterminal.GenerateWithConfig(payload, qrterminal.Config{
		Level: qrterminal.L, Writer: &b, HalfBlocks: true, QuietZone: 1,
		BlackChar: qrterminal.BLACK_BLACK, WhiteChar: qrterminal.WHITE_WHITE,
		BlackWhiteChar: qrterminal.BLACK_WHITE, WhiteBlackChar: qrterminal.WHITE_BLACK,
	})
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}
