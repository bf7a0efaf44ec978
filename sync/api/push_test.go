package api

import (
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"guichet/local"
)

// TestAppendPushIsMarshal: the body AppendPush writes is json.Marshal's,
// byte for byte, whatever the entries and the tickets' text (characters
// JSON escapes, beyond ASCII, not UTF-8).
func TestAppendPushIsMarshal(t *testing.T) {
	text := rapid.OneOf(rapid.StringMatching(`[A-Z0-9-]{0,14}`), rapid.String(),
		rapid.StringOf(rapid.SampledFrom([]rune("AZ09-<>&\\\"\n\t\x7f\u2028é\ufffd"))),
		rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }))
	rapid.Check(t, func(t *rapid.T) {
		var req PushRequest
		if !rapid.Bool().Draw(t, "no entries") {
			req.Entries = rapid.SliceOf(rapid.SliceOf(rapid.Byte())).Draw(t, "entries")
		}
		req.Tickets = rapid.SliceOf(rapid.Custom(func(t *rapid.T) local.SignedTicket {
			st := local.SignedTicket{Number: text.Draw(t, "number")}
			if rapid.Bool().Draw(t, "sig?") {
				st.Sig = rapid.SliceOfN(rapid.Byte(), 0, 70).Draw(t, "sig")
			}
			if rapid.Bool().Draw(t, "qr?") {
				st.QR = text.Draw(t, "qr")
			}
			return st
		})).Draw(t, "tickets")
		if rapid.Bool().Draw(t, "empty tickets") && req.Tickets == nil {
			req.Tickets = []local.SignedTicket{}
		}
		want, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		prefix := []byte("xy")
		got := AppendPush(prefix, req)
		if string(got[:2]) != "xy" || string(got[2:]) != string(want) {
			t.Fatalf("AppendPush wrote\n %q\njson.Marshal\n %q", got[2:], want)
		}
		if n := PushSize(req); n < len(want) {
			t.Fatalf("PushSize says %d for a body of %d bytes", n, len(want))
		}
	})
}
