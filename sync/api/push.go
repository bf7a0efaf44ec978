package api

import (
	"encoding/base64"
	"encoding/json"
)

// AppendPush appends req as json.Marshal writes it, byte for byte (the
// same body, signed the same way; the server reads this form without
// reflection): the entries' base64 is written straight into the body,
// and a ticket's text goes through json.Marshal only if it holds a
// character JSON escapes.
func AppendPush(b []byte, req PushRequest) []byte {
	if req.Entries == nil {
		b = append(b, `{"entries":null`...)
	} else {
		b = append(b, `{"entries":[`...)
		for i, e := range req.Entries {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendBase64(b, e)
		}
		b = append(b, ']')
	}
	if len(req.Tickets) > 0 {
		b = append(b, `,"tickets":[`...)
		for i, t := range req.Tickets {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"number":`...)
			b = appendString(b, t.Number)
			if len(t.Sig) > 0 {
				b = append(b, `,"sig":`...)
				b = appendBase64(b, t.Sig)
			}
			if t.QR != "" {
				b = append(b, `,"qr":`...)
				b = appendString(b, t.QR)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// PushSize is at least the length of req's body, to allocate it once (a
// byte of text is at most six in JSON: \ufffd).
func PushSize(req PushRequest) int {
	n := 32
	for _, e := range req.Entries {
		n += base64.StdEncoding.EncodedLen(len(e)) + 3
	}
	for _, t := range req.Tickets {
		n += 32 + 6*len(t.Number) + base64.StdEncoding.EncodedLen(len(t.Sig)) + 6*len(t.QR)
	}
	return n
}

func appendBase64(b, v []byte) []byte {
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, v)
	return append(b, '"')
}

// appendString is s as a JSON string, as json.Marshal writes it.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
