package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Parsed is a message read back as MIME.
type Parsed struct {
	Header mail.Header
	Text   string
	HTML   string
	Parts  []Part // every leaf part but the text and HTML bodies
}

// Part is an inline image or an attachment.
type Part struct {
	Type        string // media type
	ContentID   string // without its angle brackets
	Disposition string // inline, attachment
	Name        string
	Data        []byte
}

// Parse reads a message: its headers, its text and HTML parts, its
// inline images and attachments (decoded).
func Parse(data []byte) (*Parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	p := &Parsed{Header: m.Header}
	err = p.walk(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), "", "", m.Body)
	return p, err
}

func (p *Parsed) walk(ctype, enc, cid, disp string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ctype, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			part, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := p.walk(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"),
				part.Header.Get("Content-ID"), part.Header.Get("Content-Disposition"), part); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(enc) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, newlineStripper{body})
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	dtype, dparams, _ := mime.ParseMediaType(disp)
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	switch {
	case mt == "text/plain" && dtype != "attachment":
		p.Text = string(data)
	case mt == "text/html" && dtype != "attachment":
		p.HTML = string(data)
	default:
		p.Parts = append(p.Parts, Part{Type: mt, ContentID: strings.Trim(cid, "<>"), Disposition: dtype, Name: name, Data: data})
	}
	return nil
}

// newlineStripper drops CR and LF so base64 lines decode as one.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(b []byte) (int, error) {
	k, err := n.r.Read(b)
	j := 0
	for _, c := range b[:k] {
		if c != '\r' && c != '\n' {
			b[j] = c
			j++
		}
	}
	return j, err
}
