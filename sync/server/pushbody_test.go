package server

import (
	"encoding/json"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"guichet/local"
)

// tricky is text with what JSON escapes (quotes, backslashes, control
// characters, HTML's <>&) or holds unescaped beyond ASCII.
var tricky = rapid.StringOf(rapid.SampledFrom([]rune("AZ09-<>&\\\"\n\t\x7fé\u2028")))

// genPush is a push request as a register may send one: entries of any
// bytes, tickets with a signature, a code (older registers), both or
// neither, numbers of any text.
func genPush(t *rapid.T) PushRequest {
	var req PushRequest
	if rapid.Bool().Draw(t, "entries nil") {
		req.Entries = nil
	} else {
		req.Entries = rapid.SliceOf(rapid.SliceOf(rapid.Byte())).Draw(t, "entries")
	}
	req.Tickets = rapid.SliceOf(rapid.Custom(func(t *rapid.T) local.SignedTicket {
		st := local.SignedTicket{Number: rapid.OneOf(rapid.StringMatching(`[A-Z0-9-]{0,14}`), tricky, rapid.String()).Draw(t, "number")}
		if rapid.Bool().Draw(t, "sig") {
			st.Sig = rapid.SliceOfN(rapid.Byte(), 0, 70).Draw(t, "sig bytes")
		}
		if rapid.Bool().Draw(t, "qr") {
			st.QR = rapid.OneOf(rapid.StringMatching(`[A-Za-z0-9_.-]{0,40}`), tricky, rapid.String()).Draw(t, "qr text")
		}
		return st
	})).Draw(t, "tickets")
	return req
}

// TestDecodePushIsUnmarshal: whatever the body, decodePush answers what
// json.Unmarshal answers (the same request, or an error where it errs),
// and a body as a register writes it, without escapes, is read by the
// fast path.
func TestDecodePushIsUnmarshal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		body, err := json.Marshal(genPush(t))
		if err != nil {
			t.Fatal(err)
		}
		switch rapid.IntRange(0, 3).Draw(t, "damage") {
		case 1: // a byte changed
			if len(body) > 0 {
				body[rapid.IntRange(0, len(body)-1).Draw(t, "at")] = rapid.SampledFrom([]byte(`{}[],:" \\=AZaz09+/-nul`)).Draw(t, "byte")
			}
		case 2: // cut short
			body = body[:rapid.IntRange(0, len(body)).Draw(t, "cut")]
		case 3: // bytes added
			at := rapid.IntRange(0, len(body)).Draw(t, "insert at")
			add := rapid.SampledFrom([]string{" ", `,"x":1`, `null`, `"`, `\n`, `,"tickets":[]`, `,"entries":[]`, "\n", "\r", "\t", "\\", "=", "é"}).Draw(t, "insert")
			body = append(body[:at:at], append([]byte(add), body[at:]...)...)
		}
		var want PushRequest
		wantErr := json.Unmarshal(body, &want)
		got, gotErr := decodePush(body)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("body %q: json.Unmarshal says %v, decodePush %v", body, wantErr, gotErr)
		}
		if wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("body %q:\n json.Unmarshal %#v\n decodePush     %#v", body, want, got)
		}
		if fast, ok := readPushFast(body); ok && !reflect.DeepEqual(fast, want) {
			t.Fatalf("body %q: the fast path read %#v, json.Unmarshal %#v", body, fast, want)
		}
	})
}

// TestReadPushFastTakesRegisterBodies: a register's body (entries, and
// ticket numbers and codes without characters JSON escapes) is read by
// the fast path, not by json.Unmarshal.
func TestReadPushFastTakesRegisterBodies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		req := PushRequest{Entries: rapid.SliceOfN(rapid.SliceOf(rapid.Byte()), 1, 20).Draw(t, "entries")}
		req.Tickets = rapid.SliceOf(rapid.Custom(func(t *rapid.T) local.SignedTicket {
			return local.SignedTicket{Number: rapid.StringMatching(`[A-Z0-9]{1,4}-[0-9]{6}-[0-9]{2}`).Draw(t, "number"),
				Sig: rapid.SliceOfN(rapid.Byte(), 64, 64).Draw(t, "sig")}
		})).Draw(t, "tickets")
		body, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := readPushFast(body)
		if !ok {
			t.Fatalf("body %q was left to json.Unmarshal", body)
		}
		var want PushRequest
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fast path %#v, json.Unmarshal %#v", got, want)
		}
	})
}
