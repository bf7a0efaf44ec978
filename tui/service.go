package tui

import (
	"guichet/counter"
)

// The screens sell through the register service (counter): it owns the
// journal, the printer and the tills. The screens only show what it
// returns; these names are the service's own.
type (
	// Till is the member of staff's till this app unlocked.
	Till          = *counter.Till
	OrderView     = counter.OrderView
	TicketView    = counter.TicketView
	Report        = counter.Report
	MethodTotal   = counter.MethodTotal
	CreditVoucher = counter.CreditVoucher
	// Shift is the cash drawer session a till sells in.
	Shift = counter.Shift
	// ZoneAvailability is what is left to sell in one zone of a performance.
	ZoneAvailability = counter.ZoneAvailability
	// TicketCount is how many tickets of one price category to add.
	TicketCount = counter.TicketCount
	// SeatState is why a seat is not free.
	SeatState = counter.SeatState
	// PrinterState is the printer as the status line tells it.
	PrinterState = counter.PrinterState
)

const (
	SeatFree        = counter.SeatFree
	SeatSold        = counter.SeatSold
	SeatHeldByOther = counter.SeatHeldByOther
	SeatHeldByMe    = counter.SeatHeldByMe
	SeatBlocked     = counter.SeatBlocked
	SeatElsewhere   = counter.SeatElsewhere
)

// Printer problems the status line names in the staff's language.
const (
	PrinterPaperOut    = counter.PrinterPaperOut
	PrinterPaperLow    = counter.PrinterPaperLow
	PrinterCover       = counter.PrinterCover
	PrinterCutter      = counter.PrinterCutter
	PrinterError       = counter.PrinterError
	PrinterHot         = counter.PrinterHot
	PrinterFeeding     = counter.PrinterFeeding
	PrinterOffline     = counter.PrinterOffline
	PrinterUnreachable = counter.PrinterUnreachable
	PrinterWriteFailed = counter.PrinterWriteFailed
)
