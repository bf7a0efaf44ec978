package local

import (
	"guichet/pos"
)

// Payloads of journal entries. Each is self-contained: a view never needs
// another view or the catalog to fold an entry.

// registerKey pins the register's signing key to its journal: written
// once, at the first start (or the first start after an upgrade), and
// compared with <db>.key at every Open.
type registerKey struct {
	PublicKey string `json:"public_key"` // base64url (no padding) of the Ed25519 public key, as in <db>.pub
}

type capacityGranted struct {
	Grants  []grant `json:"grants"`
	Central []lease `json:"central,omitempty"` // granted by the central server (escrow.go)
}

// grant is the capacity this register may sell in a zone of a performance:
// a count, and for seated zones every seat that is not blocked (a central
// server will later grant named seats).
type grant struct {
	Performance string `json:"performance"`
	Zone        string `json:"zone"`
	Capacity    int    `json:"capacity"`
	AllSeats    bool   `json:"all_seats,omitempty"`
}

type shiftOpened struct {
	Shift string    `json:"shift"`
	Staff string    `json:"staff"`
	Float pos.Money `json:"float"`
}

type cashMoved struct {
	Amount pos.Money `json:"amount"` // + in, - out
	Reason string    `json:"reason"`
}

type orderPlaced struct {
	Order   pos.Order `json:"order"`
	Catalog string    `json:"catalog"` // digest of the catalog it was priced with
}

type paymentCaptured struct {
	Order   string      `json:"order"`
	Payment pos.Payment `json:"payment"`
}

// paymentValidated has the shape of paymentCaptured: the shift counts both alike.
type paymentValidated = paymentCaptured

type orderCanceled struct {
	Order   string        `json:"order"`
	Reason  string        `json:"reason"`
	Tickets []pos.Ticket  `json:"tickets"` // released: seats, quota, offer usage
	Refunds []pos.Payment `json:"refunds"` // the payments given back, as they were taken
	Offer   string        `json:"offer,omitempty"`
	Code    string        `json:"code,omitempty"`
	// Partial: only Tickets are canceled, the rest of the order stands.
	Partial bool `json:"partial,omitempty"`
	// Credit is the credit voucher that an exchange credit refunded goes
	// back to (a refund of voucher pos.ExchangeVoucher: the credit paid
	// the order directly, no voucher held it): the order's own credit
	// voucher, or a new one (NewCredit) numbered as an exchange's.
	Credit    string `json:"credit,omitempty"`
	NewCredit bool   `json:"new_credit,omitempty"`
}

// ticketIssued carries the ticket's fields; its QR payload is derived from
// them with the register's key when asked (Register.ticketQR). Entries
// written before the key was pinned in the journal also carry the QR.
type ticketIssued struct {
	Order  string     `json:"order"`
	Ticket pos.Ticket `json:"ticket"`
	QR     string     `json:"qr,omitempty"`
}

type ticketReprinted struct {
	Order  string `json:"order"`
	Ticket string `json:"ticket"`
	// Copy numbers the duplicates of a ticket: 1 for the first reprint
	// (printed "DUPLICATA 1"), 2 for the next; 0 in entries written
	// before duplicates were numbered.
	Copy int `json:"copy,omitempty"`
}

type ticketPrinted struct {
	Job    string `json:"job"`
	Ticket string `json:"ticket"`
}

type exchangeMade struct {
	Ref       string       `json:"ref"`     // the order number or e-mail typed ("": every ticket's code scanned)
	Tickets   []pos.Ticket `json:"tickets"` // returned: released like a cancellation
	Credit    pos.Money    `json:"credit"`
	Order     string       `json:"order,omitempty"` // the new order the credit paid
	Used      pos.Money    `json:"used"`
	Voucher   string       `json:"voucher,omitempty"` // credit voucher for the remainder
	Remainder pos.Money    `json:"remainder"`
	// Fee is what the box office kept of the tickets' value (exchange
	// fees per ticket); Credit is already net of it.
	Fee pos.Money `json:"fee,omitzero"`
}

type customerSaved struct {
	Customer pos.Customer `json:"customer"`
	New      bool         `json:"new,omitempty"`
}

type shiftClosed struct {
	Report Report `json:"report"`
}

// receiptQueued queues an order's receipt, or (Voucher) the slip of a
// credit voucher an exchange left without a new order.
type receiptQueued struct {
	Order   string `json:"order"`
	Voucher string `json:"voucher,omitempty"`
	// Copy numbers the duplicates of an order's receipt: 0 for the first
	// receipt queued for the order, or the first since its payment was
	// validated (an original: it shows the payment), 1 for the next
	// (printed "DUPLICATA 1"), and so on; 0 in entries written before
	// receipts' duplicates were numbered.
	Copy int `json:"copy,omitempty"`
	// Refund, when set, is the sequence number of an order.canceled
	// entry of Order: the job is that cancellation's refund slip, not the
	// order's receipt; Copy then numbers the slip's duplicates. Absent in
	// entries written before refund slips printed (the order's receipt).
	Refund uint64 `json:"refund,omitempty"`
	// Payment, when set, is the reference of a kiosk's card approval
	// staff refunded on the terminal (Order empty): the job is its refund
	// slip, read from PaymentEntries, its payment.requested,
	// payment.resolved and payment.refunded entries.
	Payment        string   `json:"payment,omitempty"`
	PaymentEntries []uint64 `json:"payment_entries,omitempty"`
	// Shift, when set, is the shift whose report the job prints (Order
	// empty): its Z closure when Z, Copy then numbering the Z's papers
	// printed again (DUPLICATA 1); else its X, the figures when it prints.
	// Absent in entries written before reports printed.
	Shift string `json:"shift,omitempty"`
	Z     bool   `json:"z,omitempty"`
}

// drawerQueued queues a kick of the cash drawer: for a cash sale (Order),
// or cash in or out, the float, the Z count (none).
type drawerQueued struct {
	Order string `json:"order,omitempty"`
}

// jobDone says a receipt or drawer print job came out (receipt.printed,
// drawer.opened), or was dropped (print.dropped, with why).
type jobDone struct {
	Job    string `json:"job"`
	Order  string `json:"order,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// This init declares the payload struct of every entry type: applyAll
// decodes an entry's payload into a new one once, and every applier reads
// that value.
func init() {
	registerPayload[registerKey](TypeRegisterKey)
	registerPayload[capacityGranted](TypeCapacityGranted)
	registerPayload[shiftOpened](TypeShiftOpened)
	registerPayload[cashMoved](TypeCashMoved)
	registerPayload[orderPlaced](TypeOrderPlaced)
	registerPayload[paymentCaptured](TypePaymentCaptured)
	registerPayload[paymentValidated](TypePaymentValidated)
	registerPayload[orderCanceled](TypeOrderCanceled)
	registerPayload[orderCanceled](TypeOrderLapsed)
	registerPayload[ticketIssued](TypeTicketIssued)
	registerPayload[ticketPrinted](TypeTicketPrinted)
	registerPayload[ticketReprinted](TypeTicketReprinted)
	registerPayload[exchangeMade](TypeExchangeMade)
	registerPayload[customerSaved](TypeCustomerSaved)
	registerPayload[shiftClosed](TypeShiftClosed)
	registerPayload[receiptQueued](TypeReceiptQueued)
	registerPayload[drawerQueued](TypeDrawerQueued)
	registerPayload[jobDone](TypeReceiptPrinted)
	registerPayload[jobDone](TypeDrawerOpened)
	registerPayload[jobDone](TypePrintDropped)
	registerPayload[codesAdded](TypeCodesAdded)
	registerPayload[codeChanged](TypeCodeDisabled)
	registerPayload[codeChanged](TypeCodeEnabled)
	registerPayload[codeChanged](TypeCodeDeleted)
	registerPayload[codeSet](TypeCodeChanged)
	registerPayload[orderCustomer](TypeOrderCustomer)
	registerPayload[offerSaved](TypeOfferSaved)
	registerPayload[pinFailed](TypePINFailed)
	registerPayload[pinFailed](TypePINCleared)
}
