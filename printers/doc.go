// Package printers turns tickets and receipts into ESC/POS bytes, sends them
// to thermal printers, reads the printers' status, and decodes ESC/POS back
// into text for previews and tests. It knows nothing of pos or local: its
// inputs (Ticket, Receipt, Job) are plain data with money and dates already
// formatted by the caller, and the print queue is the Queue interface.
//
// # Layouts
//
// EncodeTicket lays out a Ticket for one of two formats: Spectacle
// (82 x 203.2 mm: organiser, event in double size, date, venue, zone/row/seat
// or free placement, category, price with the regular price and the offer
// when discounted, custom text, customer, QR code, order and ticket numbers,
// then paper fed to the stock length and a tear-off stub) and Cinema
// (101.6 x 76.2 mm: the same facts on fewer lines and a smaller QR code).
// A ticket is its stock's length: what it prints and feeds plus the feed
// of the cut itself (Profile.CutterFeedMM, head to cutter), in the
// profile's dots (Profile.DPI). The QR module is the largest with which the
// code's real version (rsc.io/qr's choice of mode and version) fits its
// area; when long text leaves less room, the module shrinks, and below
// about 0.33 mm the least needed lines go instead (custom text, the "was"
// price, the customer). Document.Height measures a decoded stream the same
// way. Reprints (Ticket.Duplicate) say DUPLICATE / DUPLICATA at least twice.
// EncodeReceipt lays out a Receipt: lines, discounts with the offer name,
// fees, total, cash rounding, payments by method, change, VAT, order
// number, register and staff, and kicks the cash drawer first when asked.
// Widths come from the Profile (58 mm = 32 columns, 80 mm = 42 to 53).
// Every job starts with ESC @ and ESC t (code page) and ends with a partial
// cut (GS V 66 0).
//
// # Profiles
//
// A Profile gives the printable width in dots, the characters per line in
// fonts A and B, the code page, whether the printer has native QR codes
// (GS ( k; otherwise the QR code is drawn from rsc.io/qr and sent as a
// GS v 0 raster image) and whether it answers GS r (print confirmation).
// LookupProfile knows: tm-t20 (576 dots, 48/64 columns), tm-t88 (512 dots,
// 42/56, 180 dpi), generic80 (576, 48/64), generic80-640 (640, 53/71),
// generic80-noqr (576, 48/64, raster QR) and generic58 (384, 32/42, raster
// QR). All use CP858.
//
// # Text
//
// Text from people and from the catalog goes through Clean (no C0 control
// but LF, no DEL, no C1, no bidi or zero-width characters) and is transcoded
// by this package's own tables to the profile's code page: CP858 (CP850 with
// € at 0xD5, ESC t 19), CP850 (ESC t 2) or CP437 (ESC t 0). A character the
// page lacks prints as readable ASCII ("œ" as "oe", "’" as "'", "…" as
// "...", "Ł" as "L", "€" as "EUR" outside CP858) and anything else as "?".
// No text can produce a byte below 0x20 other than LF, so no text can carry
// a command; FuzzTicketText checks this end to end. The QR payload is the
// exception: it is stored verbatim (it is signed) inside a length-prefixed
// command.
//
// # Transports
//
// Open takes a spec:
//
//	dev:/dev/usb/lp0     a USB or parallel printer device (status read back when the device allows it)
//	tcp://host:9100      a network printer (port 9100 when omitted), connect and write timeouts
//	file:out.bin         append the jobs to a file
//	preview              no printer: the Preview keeps the last jobs, decoded, for a screen
//
// Transports are io.Writers (one Write per job). tcp:// and dev: also
// implement StatusReader (real-time DLE EOT 1, 2, 3, 4: offline, cover open,
// paper out, paper near end, errors, as a Status with a sentence) and
// PrintWaiter (GS r 1: the printer answers only once everything before it
// has printed). They connect on first use and reconnect after an error.
// Dialer sets the timeouts.
//
// # Spooler
//
// A Spooler takes jobs from a Queue (the journal's ticket.issued without
// ticket.printed) and prints them one by one, on Kick and on a ticker. It
// checks the status before each job, marks a job printed only once the
// printer confirmed it, and leaves it pending on any failure; see Spooler
// for the at-least-once window. State gives a line for the status bar.
//
// The Queue holds every kind of job: tickets, receipts and drawer kicks
// (Job.Drawer: ESC p alone, EncodeDrawerKick); the register service
// journals them all and decides their order.
//
// # Decoder
//
// Decode reads ESC/POS bytes into a Document: lines of styled text decoded
// back to UTF-8 from the selected code page, QR payloads (from GS ( k
// store), raster images, cuts, drawer kicks, code page changes, feeds and
// status requests. Commands it does not know are reported, never skipped:
// in Document.Unknown and as "[unknown ESC 0x..]" in the text.
// Document.Text renders it for a person:
//
//	[code page CP858]
//	               Théâtre de la Côte
//	         **[2x2 Hänsel und Gretel]**          bold, double width and height
//	[QR: GT1.T-100234-1...]
//	[image 232x232]                               a raster image (a QR code on printers without native QR)
//	[feed 515 dots]
//	[drawer kick]
//	--- cut ---
//
// Lines are centred or right-aligned within Document.Columns; __underline__
// and [inverse text] mark the other styles. The text is safe to show on a
// terminal.
package printers
