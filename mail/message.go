package mail

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"guichet/pos"
)

// Message is one e-mail as guichet writes it: a plain-text part, an HTML
// part made from the same text (with each ticket's QR code inline), and
// its attachments (the tickets' or the invoice's PDF).
type Message struct {
	ID       string // the outbox id: the Message-ID is made of it, the same on every try
	Domain   string // the Message-ID's right-hand side (the sender's domain)
	From     string // the organiser's address
	FromName string // the organiser's name
	ReplyTo  string
	To       string
	ToName   string
	Subject  string
	Text     string
	QRs      []QR // shown inline in the HTML part, in order
	Files    []File
	Date     time.Time
}

// QR is a ticket's QR code shown in the HTML part.
type QR struct {
	Ticket  string // its number, under the image
	Payload string
}

// File is an attachment.
type File struct {
	Name string // "billets-K01-000012.pdf"
	Type string // "application/pdf"
	Data []byte
}

// MessageID is the Message-ID's value (without its angle brackets) of the
// outbox message id: stable, so a receiver can tell a retry from a new
// message.
func MessageID(id, domain string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("-.", r):
			b.WriteRune(r)
		default:
			b.WriteByte('.')
		}
	}
	if domain == "" {
		domain = "guichet.invalid"
	}
	return b.String() + "@" + domain
}

// Msg builds the go-mail message. Addresses are checked again here; names
// and the subject are made one line (OneLine), so nothing a catalog or a
// customer typed can add a header.
func (m Message) Msg() (*gomail.Msg, error) {
	for _, a := range []string{m.From, m.To} {
		if err := pos.CheckEmail(a); err != nil {
			return nil, err
		}
	}
	msg := gomail.NewMsg()
	if err := msg.FromFormat(OneLine(m.FromName), m.From); err != nil {
		return nil, fmt.Errorf("sender: %w", err)
	}
	if err := msg.AddToFormat(OneLine(m.ToName), m.To); err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	if m.ReplyTo != "" {
		if err := pos.CheckEmail(m.ReplyTo); err != nil {
			return nil, err
		}
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, fmt.Errorf("reply-to: %w", err)
		}
	}
	msg.Subject(OneLine(m.Subject))
	msg.SetMessageIDWithValue(MessageID(m.ID, m.Domain))
	msg.SetDateWithValue(m.Date)
	msg.SetUserAgent("guichet")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	var h strings.Builder
	h.WriteString("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif\">\n")
	for _, p := range strings.Split(strings.TrimSpace(m.Text), "\n\n") {
		h.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n") + "</p>\n")
	}
	for i, q := range m.QRs {
		png, err := qrPNG(q.Payload)
		if err != nil {
			return nil, fmt.Errorf("ticket %s: %w", q.Ticket, err)
		}
		cid := fmt.Sprintf("qr%d@guichet", i+1)
		name := fmt.Sprintf("qr-%d.png", i+1)
		if err := msg.EmbedReader(name, bytes.NewReader(png), gomail.WithFileContentID(cid), gomail.WithFileContentType(gomail.ContentType("image/png"))); err != nil {
			return nil, err
		}
		fmt.Fprintf(&h, "<p style=\"text-align: center\"><img src=\"cid:%s\" alt=\"QR\" width=\"300\" height=\"300\"><br>%s</p>\n", cid, html.EscapeString(q.Ticket))
	}
	h.WriteString("</body></html>\n")
	msg.AddAlternativeString(gomail.TypeTextHTML, h.String())
	for _, f := range m.Files {
		if err := msg.AttachReader(f.Name, bytes.NewReader(f.Data), gomail.WithFileContentType(gomail.ContentType(f.Type))); err != nil {
			return nil, err
		}
	}
	return msg, nil
}

// Bytes is the message as it goes on the wire (a preview writes it to a
// file a mail program opens).
func (m Message) Bytes() ([]byte, error) {
	msg, err := m.Msg()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := msg.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
