package printers

import "bytes"

// The helpers below work on text already cleaned and transcoded to the
// printer's code page, where one byte is one column.

// oneLine returns s cleaned and transcoded for a single-line field: line
// breaks become spaces, runs of spaces collapse, ends are trimmed.
func (e *encoder) oneLine(s string) []byte {
	s = Clean(s)
	// Sized once: a character takes at most as many bytes on the code
	// page as in UTF-8, but for the rare ones spelled out in ASCII.
	b := e.cp.AppendText(e.alloc(len(s)), s)
	out := b[:0]
	space := false
	for _, c := range b {
		if c == ' ' || c == '\n' {
			space = len(out) > 0
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
	}
	return out
}

// paragraphs returns s cleaned and transcoded, keeping line breaks.
func (e *encoder) paragraphs(s string) []byte {
	return bytes.TrimSpace(e.cp.AppendText(nil, Clean(s)))
}

// wrap breaks text into lines of at most width columns, at spaces when it
// can, keeping the text's own line breaks.
func (e *encoder) wrap(text []byte, width int) [][]byte {
	width = max(width, 1)
	if len(text) == 0 {
		return nil
	}
	lines := e.allocLines(2)
	paras := [][]byte{text} // a single line (oneLine's): not split, no allocation
	if bytes.IndexByte(text, '\n') >= 0 {
		paras = bytes.Split(text, []byte{'\n'})
	}
	for _, para := range paras {
		para = bytes.TrimRight(para, " ")
		if len(para) == 0 {
			lines = append(lines, nil)
			continue
		}
		for len(para) > width {
			cut := bytes.LastIndexByte(para[:width+1], ' ')
			if cut > 0 && amountAt(para, cut) {
				// not between an amount's currency and its figure
				// ("CHF" at a line's end, "51.00" alone below it)
				if before := bytes.LastIndexByte(para[:cut], ' '); before > 0 {
					cut = before
				}
			}
			if cut <= 0 {
				lines = append(lines, para[:width])
				para = para[width:]
			} else {
				lines = append(lines, bytes.TrimRight(para[:cut], " "))
				para = para[cut+1:]
			}
			para = bytes.TrimLeft(para, " ")
		}
		if len(para) > 0 {
			lines = append(lines, para)
		}
	}
	return lines
}

// amountAt says whether the space at i is an amount's: between a currency
// code (three capitals, maybe signed: "CHF", "-CHF") and a figure.
func amountAt(text []byte, i int) bool {
	if i+1 >= len(text) || text[i+1] < '0' || text[i+1] > '9' {
		return false
	}
	start := bytes.LastIndexByte(text[:i], ' ') + 1
	code := text[start:i]
	if len(code) == 4 && (code[0] == '-' || code[0] == '+') {
		code = code[1:]
	}
	if len(code) != 3 {
		return false
	}
	for _, c := range code {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

var ellipsis = []byte("...")

// fit shortens text to width columns, ending with "..." when it cut.
func (e *encoder) fit(text []byte, width int) []byte {
	if len(text) <= width {
		return text
	}
	if width <= len(ellipsis) {
		return text[:max(width, 0)]
	}
	out := e.alloc(width)
	out = append(out, bytes.TrimRight(text[:width-len(ellipsis)], " ")...)
	return append(out, ellipsis...)
}

// wrapMax wraps text to width and keeps at most n lines, the last one ending
// with "..." when text was longer.
func (e *encoder) wrapMax(text []byte, width, n int) [][]byte {
	lines := e.wrap(text, width)
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	last := append(e.alloc(len(lines[n-1])+1+len(ellipsis)), lines[n-1]...)
	if len(last)+1+len(ellipsis) <= width {
		last = append(append(last, ' '), ellipsis...)
	} else {
		last = append(bytes.TrimRight(last[:max(width-len(ellipsis), 0)], " "), ellipsis...)
	}
	lines[n-1] = last
	return lines
}

// twoCols puts left and right on one line of width columns with right
// flush right. When they do not fit, left goes on its own line (wrapped if
// it must be) and right on the last line when there is room, else below.
func (e *encoder) twoCols(left, right []byte, width int) [][]byte {
	if len(left)+1+len(right) <= width {
		return append(e.allocLines(1), e.pad(left, right, width))
	}
	right = e.fit(right, width)
	lines := e.wrap(left, width)
	if last := len(lines) - 1; last >= 0 && len(lines[last])+1+len(right) <= width {
		lines[last] = e.pad(lines[last], right, width)
		return lines
	}
	return append(lines, e.pad(nil, right, width))
}

func (e *encoder) pad(left, right []byte, width int) []byte {
	out := e.alloc(max(width, len(left)+len(right)))
	out = append(out, left...)
	for n := width - len(left) - len(right); n > 0; n-- {
		out = append(out, ' ')
	}
	return append(out, right...)
}

// join joins the non-empty parts with sep.
func (e *encoder) join(sep string, parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		if len(p) > 0 {
			n += len(sep) + len(p)
		}
	}
	if n == 0 {
		return nil
	}
	out := e.alloc(n) // sized once
	for _, p := range parts {
		if len(p) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, sep...)
		}
		out = append(out, p...)
	}
	return out
}

// packParts joins the non-empty parts with sep into lines of at most width
// columns, breaking only between parts; a part wider than a line is cut.
func (e *encoder) packParts(sep string, width int, parts ...[]byte) [][]byte {
	lines := e.allocLines(2)
	var cur []byte
	for _, p := range parts {
		switch {
		case len(p) == 0:
		case len(cur) == 0:
			cur = p
		case len(cur)+len(sep)+len(p) <= width:
			cur = e.join(sep, cur, p)
		default:
			lines = append(lines, e.fit(cur, width))
			cur = p
		}
	}
	if len(cur) > 0 {
		lines = append(lines, e.fit(cur, width))
	}
	return lines
}

// labelled returns "label value", or nil when value is empty.
func (e *encoder) labelled(label string, value []byte) []byte {
	if len(value) == 0 {
		return nil
	}
	return e.join(" ", e.oneLine(label), value)
}

func (e *encoder) rule(c byte, width int) []byte {
	out := e.alloc(width)
	for range width {
		out = append(out, c)
	}
	return out
}
