// Package counter is the register service: every till sells through it.
//
// One Service runs per process. It owns the register's journal (a
// local.Register), the printer's spooler and its print policy, and it hands
// out tills: the counter's own screens, each SSH session, the kiosk, the door
// and `guichet order` are all tills of one Service.
//
// The path of a sale is always the same: a till's Checkout records the order
// in the journal (durable, one bbolt transaction); only then does the
// service wake the printer, which prints the order's tickets, then its
// receipt (when the policy says so) and opens the cash drawer for cash.
// Screens only show what the service returns (Sale); they never decide what
// prints.
//
// The layouts' inputs (what a ticket and a receipt say, in which language)
// are built here from the catalog and the order, so a receipt on paper and
// its preview on a screen come from one layout.
//
// E-mail goes the same way (email.go): a till queues a message in the
// journal's outbox (Till.SendTickets; Checkout queues an order's invoice),
// and the service's sender, when SMTP is configured (Options.Mail), sends
// the outbox and queues the scheduled e-mails (invoice reminders, the
// e-mail before a show). What a message says is composed when it is sent,
// from the order and the catalog, with the ticket's own layout.
package counter
