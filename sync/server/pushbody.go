package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"

	"guichet/local"
)

// decodePush reads a push's body (api.PushRequest) as json.Unmarshal
// does. The body a register sends (json.Marshal of a PushRequest: the
// keys in order, no spaces, strings without escapes) is read by
// readPushFast, without reflection and without scanning it twice; any
// other body (spaces, escapes, keys in another order or case, an unknown
// key, null) by json.Unmarshal itself. The wire format is unchanged.
func decodePush(body []byte) (PushRequest, error) {
	if req, ok := readPushFast(body); ok {
		return req, nil
	}
	var req PushRequest
	err := json.Unmarshal(body, &req)
	return req, err
}

// readPushFast reads body if it is exactly as json.Marshal writes a
// PushRequest; ok is false otherwise (then json.Unmarshal decides, and
// answers the same for what this reads). Each []byte decodes as
// encoding/json decodes one: standard base64 with padding, "" as an empty
// slice and an absent key as nil.
func readPushFast(body []byte) (req PushRequest, ok bool) {
	r := pushReader{b: body}
	if !r.lit(`{"entries":[`) {
		return req, false
	}
	req.Entries = make([][]byte, 0, bytes.Count(body, []byte(`",`))+1)
	if !r.lit("]") {
		for {
			v, ok := r.bytes()
			if !ok {
				return req, false
			}
			req.Entries = append(req.Entries, v)
			if r.lit("]") {
				break
			}
			if !r.lit(",") {
				return req, false
			}
		}
	}
	if r.lit(`,"tickets":[`) {
		req.Tickets = []local.SignedTicket{}
		if !r.lit("]") {
			for {
				var t local.SignedTicket
				if !r.lit(`{"number":`) {
					return req, false
				}
				if t.Number, ok = r.str(); !ok {
					return req, false
				}
				if r.lit(`,"sig":`) {
					if t.Sig, ok = r.bytes(); !ok {
						return req, false
					}
				}
				if r.lit(`,"qr":`) {
					if t.QR, ok = r.str(); !ok {
						return req, false
					}
				}
				if !r.lit("}") {
					return req, false
				}
				req.Tickets = append(req.Tickets, t)
				if r.lit("]") {
					break
				}
				if !r.lit(",") {
					return req, false
				}
			}
		}
	}
	if !r.lit("}") || r.i != len(r.b) {
		return req, false
	}
	return req, true
}

// pushReader walks a body for readPushFast.
type pushReader struct {
	b []byte
	i int
}

// lit consumes s if the body goes on with it.
func (r *pushReader) lit(s string) bool {
	if !bytes.HasPrefix(r.b[r.i:], []byte(s)) {
		return false
	}
	r.i += len(s)
	return true
}

// raw is a string's bytes, if the string is printable ASCII without an
// escape (what could need decoding goes to json.Unmarshal).
func (r *pushReader) raw() ([]byte, bool) {
	if !r.lit(`"`) {
		return nil, false
	}
	for j := r.i; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			s := r.b[r.i:j]
			r.i = j + 1
			return s, true
		case c < 0x20 || c >= 0x7f || c == '\\':
			return nil, false
		}
	}
	return nil, false
}

func (r *pushReader) str() (string, bool) {
	s, ok := r.raw()
	return string(s), ok
}

// bytes is a base64 string decoded as encoding/json decodes a []byte.
// The string's end is found at once (an entry's string is 1 KB): base64
// refuses every byte a JSON string would escape or not hold (quote,
// backslash, control characters, beyond ASCII) but \r and \n, which it
// skips and which are looked for first.
func (r *pushReader) bytes() ([]byte, bool) {
	if !r.lit(`"`) {
		return nil, false
	}
	end := bytes.IndexByte(r.b[r.i:], '"')
	if end < 0 {
		return nil, false
	}
	s := r.b[r.i : r.i+end]
	if bytes.IndexByte(s, '\n') >= 0 || bytes.IndexByte(s, '\r') >= 0 {
		return nil, false
	}
	v := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(v, s)
	if err != nil {
		return nil, false
	}
	r.i += end + 1
	return v[:n], true
}
