// Package iconv is a pure-Go stand-in for github.com/qiniu/iconv (cgo
// bindings to libiconv), wired into guichet with a replace directive.
//
// github.com/hennedo/escpos imports qiniu/iconv for WriteGBK and WriteWEU,
// which the register never calls (it transcodes to the printer's code page
// itself); the cgo import alone kept CGO_ENABLED=0 builds and plain
// cross-compiles for ARM boards from working. This package keeps the part of
// the API that escpos uses (Open, Close, ConvString) and Conv, built on
// golang.org/x/text/encoding, for the encodings escpos asks for: UTF-8 to
// GBK and to CP850.
package iconv

import (
	"errors"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// The errors libiconv reports, as the original package exports them.
var (
	// EILSEQ: the input holds a character the target encoding lacks (or is
	// not valid in the source encoding).
	EILSEQ = syscall.EILSEQ
	// E2BIG: the output buffer is too small (Conv grows it instead).
	E2BIG = syscall.E2BIG
)

// DefaultBufSize is the original package's default buffer size.
const DefaultBufSize = 4096

// ErrUnsupported is returned by Open for an encoding this stand-in does not
// know (libiconv knows hundreds; escpos uses two).
var ErrUnsupported = errors.New("iconv: conversion not supported by the pure-Go stand-in")

// Iconv is a conversion from one encoding to another.
type Iconv struct {
	from, to encoding.Encoding
}

// encodings are the names this stand-in knows, lower case, as libiconv
// spells them.
var encodings = map[string]encoding.Encoding{
	"utf-8":        unicode.UTF8,
	"utf8":         unicode.UTF8,
	"gbk":          simplifiedchinese.GBK,
	"cp936":        simplifiedchinese.GBK,
	"gb18030":      simplifiedchinese.GB18030,
	"cp850":        charmap.CodePage850,
	"ibm850":       charmap.CodePage850,
	"850":          charmap.CodePage850,
	"cp858":        charmap.CodePage858,
	"cp437":        charmap.CodePage437,
	"ibm437":       charmap.CodePage437,
	"iso-8859-1":   charmap.ISO8859_1,
	"latin1":       charmap.ISO8859_1,
	"iso-8859-15":  charmap.ISO8859_15,
	"windows-1252": charmap.Windows1252,
	"cp1252":       charmap.Windows1252,
}

func lookup(name string) (encoding.Encoding, bool) {
	e, ok := encodings[strings.ToLower(strings.TrimSpace(name))]
	return e, ok
}

// Open returns the conversion from fromcode to tocode, as iconv_open(3).
// Unlike libiconv's, it holds no resources and is safe for concurrent use.
func Open(tocode string, fromcode string) (cd Iconv, err error) {
	to, ok1 := lookup(tocode)
	from, ok2 := lookup(fromcode)
	if !ok1 || !ok2 {
		return Iconv{}, ErrUnsupported
	}
	return Iconv{from: from, to: to}, nil
}

// Close releases nothing; it exists for the original API.
func (cd Iconv) Close() error { return nil }

// Conv converts b and returns the result, appended to outbuf[:0] (a larger
// buffer is allocated when it does not fit). On a character the target
// encoding lacks (or invalid input) it returns what was converted before it,
// the number of input bytes left, and EILSEQ, as libiconv does.
func (cd Iconv) Conv(b []byte, outbuf []byte) (out []byte, inleft int, err error) {
	if cd.from == nil || cd.to == nil {
		return nil, len(b), syscall.EBADF
	}
	out = outbuf[:0]
	text := b
	if cd.from != unicode.UTF8 {
		if text, err = cd.from.NewDecoder().Bytes(b); err != nil {
			return out, len(b), EILSEQ
		}
	}
	// One character at a time from UTF-8, so a failure says how far it got.
	enc := cd.to.NewEncoder()
	var one [utf8.UTFMax]byte
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && n <= 1 {
			return out, len(text) - i, EILSEQ
		}
		c, err := enc.Bytes(one[:utf8.EncodeRune(one[:], r)])
		if err != nil {
			return out, len(text) - i, EILSEQ
		}
		out = append(out, c...)
		i += n
	}
	return out, 0, nil
}

// ConvString converts s, or returns "" when it cannot (as the original).
func (cd Iconv) ConvString(s string) string {
	var outbuf [512]byte
	out, _, err := cd.Conv([]byte(s), outbuf[:])
	if err != nil {
		return ""
	}
	return string(out)
}
