package pos

import (
	"bytes"
	"encoding/json"
	"strings"
)

// duplicateKey finds a key given twice in one object of a JSON file:
// encoding/json keeps the last one silently (a second "pin" would win),
// and matches keys without regard to case, so neither may "PIN" and "pin".
// A syntax error is left for the decoder to report.
//
// It reads the file in place: json.Decoder.Token would box every token
// and build a discarded error after each one (3 MB of garbage for a
// catalog of 2,000 performances, at a kiosk's start on a small board).
func duplicateKey(data []byte) error {
	s := keyScan{data: data}
	for {
		s.space()
		if s.i >= len(s.data) {
			return nil
		}
		if !s.value(0) {
			return s.dup
		}
	}
}

// maxKeyDepth is the nesting keyScan follows, as encoding/json's decoder
// (deeper, the decoder refuses the file).
const maxKeyDepth = 10000

// keyScan walks one JSON text; dup is the duplicate it found.
type keyScan struct {
	data []byte
	i    int
	keys [][][]byte // the keys of the object open at each depth, reused
	dup  error
}

func (s *keyScan) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value reads one value at s.i; false at a syntax error or a duplicate.
func (s *keyScan) value(depth int) bool {
	if s.i >= len(s.data) {
		return false
	}
	switch c := s.data[s.i]; {
	case c == '{':
		return s.object(depth + 1)
	case c == '[':
		return s.array(depth + 1)
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	default:
		return s.number()
	}
}

func (s *keyScan) literal(l string) bool {
	if !bytes.HasPrefix(s.data[s.i:], []byte(l)) {
		return false
	}
	s.i += len(l)
	return true
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *keyScan) number() bool {
	digits := func() int {
		n := 0
		for s.i < len(s.data) && s.data[s.i] >= '0' && s.data[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	at := func(cs string) bool {
		if s.i < len(s.data) && strings.IndexByte(cs, s.data[s.i]) >= 0 {
			s.i++
			return true
		}
		return false
	}
	at("-")
	if at("0") {
		// no more digits may follow a leading zero
	} else if digits() == 0 {
		return false
	}
	if at(".") && digits() == 0 {
		return false
	}
	if at("eE") {
		at("+-")
		if digits() == 0 {
			return false
		}
	}
	return true
}

// str reads a string at s.i; raw is its bytes between the quotes, escaped
// whether they hold an escape.
func (s *keyScan) str() (raw []byte, escaped, ok bool) {
	start := s.i + 1
	for s.i = start; s.i < len(s.data); s.i++ {
		switch c := s.data[s.i]; {
		case c == '"':
			s.i++
			return s.data[start : s.i-1], escaped, true
		case c == '\\':
			escaped = true
			s.i++
			if s.i >= len(s.data) || strings.IndexByte(`"\/bfnrtu`, s.data[s.i]) < 0 {
				return nil, false, false
			}
			if s.data[s.i] == 'u' {
				if s.i+4 >= len(s.data) {
					return nil, false, false
				}
				for _, h := range s.data[s.i+1 : s.i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return nil, false, false
					}
				}
				s.i += 4
			}
		case c < 0x20:
			return nil, false, false
		}
	}
	return nil, false, false
}

func (s *keyScan) array(depth int) bool {
	if depth > maxKeyDepth {
		return false
	}
	s.i++
	s.space()
	if s.i < len(s.data) && s.data[s.i] == ']' {
		s.i++
		return true
	}
	for {
		s.space()
		if !s.value(depth) {
			return false
		}
		s.space()
		if s.i >= len(s.data) {
			return false
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

// object reads an object, comparing each key with the object's others
// (one by one while they are few, through a map past 16).
func (s *keyScan) object(depth int) bool {
	if depth > maxKeyDepth {
		return false
	}
	for len(s.keys) < depth {
		s.keys = append(s.keys, nil)
	}
	keys := s.keys[depth-1][:0]
	var many map[string]bool
	s.i++
	s.space()
	if s.i < len(s.data) && s.data[s.i] == '}' {
		s.i++
		return true
	}
	for {
		s.space()
		if s.i >= len(s.data) || s.data[s.i] != '"' {
			return false
		}
		raw, escaped, ok := s.str()
		if !ok {
			return false
		}
		k := raw
		if escaped {
			var v string
			if json.Unmarshal(s.data[s.i-len(raw)-2:s.i], &v) != nil {
				return false
			}
			k = []byte(v)
		}
		given := many != nil && many[strings.ToLower(string(k))]
		for i := 0; many == nil && !given && i < len(keys); i++ {
			given = bytes.EqualFold(keys[i], k)
		}
		if given {
			s.dup = Errorf("%s: %q is given twice in the same object; keep one", jsonPlace(s.data, int64(s.i-len(raw)-2)), k)
			return false
		}
		keys = append(keys, k)
		if many == nil && len(keys) > 16 {
			many = make(map[string]bool, 2*len(keys))
			for _, o := range keys {
				many[strings.ToLower(string(o))] = true
			}
		} else if many != nil {
			many[strings.ToLower(string(k))] = true
		}
		s.space()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			return false
		}
		s.i++
		s.space()
		if !s.value(depth) {
			return false
		}
		s.space()
		if s.i >= len(s.data) {
			return false
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			s.keys[depth-1] = keys[:0]
			return true
		default:
			return false
		}
	}
}
