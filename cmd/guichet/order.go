package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

func init() {
	register("order", "orders from the command line (place|cancel|validate|show|list|invoice|send), through the register service", runOrder)
}

const orderUsage = `usage: guichet order COMMAND [--db FILE] [--catalog FILE] [--staff ID --pin PIN] ...
  place     [--cart REQUEST.json|-] [--printer SPEC]   record an order: the request is guichet quote's,
                                                       with its payments; prints the order as JSON
  cancel    NUMBER --reason TEXT [--tickets T1,T2] [--refund METHOD] [--printer SPEC]
                                                       cancel an order (or only some of its tickets)
                                                       and refund them: as paid, or by METHOD within
                                                       what it paid; cash beyond the drawer is refused
            with --printer, place prints the tickets and cancel opens the drawer for cash
            given back, and --receipts ask|always|cash says, as at the counter, whether
            the sale's receipt or the refund slip prints too (ask, the default: no; the
            slip prints later with r on a canceled ticket of the order at a till)
  validate  NUMBER [--method M] [--ref REF] [--tendered AMOUNT]
                                                       record that an invoice was paid: by bank
                                                       transfer (the default, --ref its reference,
                                                       required),
                                                       or at the counter with --method cash|card|...
            place, cancel and validate record in the member of staff's open shift: with
            none open, --float AMOUNT opens one with the cash in the drawer (0 with no drawer)
  show      NUMBER                                     the order with its tickets' states, as JSON
  list      [--pending] [--overdue] [--search WORDS] [--day YYYY-MM-DD]
                                                       orders as JSON, pending invoices first; --search:
                                                       those an order's or a ticket's number (or its
                                                       QR code), a customer's name or e-mail finds;
                                                       --day: those placed that day
  invoice   NUMBER [--json] [--lang fr|en]             the order's invoice as it prints (text), or JSON;
                                                       in its customer's language unless --lang
  send      NUMBER [--to ADDRESS] [--smtp HOST[:PORT]] e-mail the order's tickets (see guichet order send -h)
They write through the register service as the screens do: same rules, same refusals, same
journal entries. --staff and --pin say who sells (needed when the catalog has a staff list).
Errors are printed as JSON ({"error": "...", "line": N}) with exit status 1.`

// orderTicket is a ticket as `guichet order` prints it.
type orderTicket struct {
	Number      string          `json:"number"`
	Kind        string          `json:"kind"`
	Performance string          `json:"performance,omitempty"`
	Zone        string          `json:"zone,omitempty"`
	Seat        string          `json:"seat,omitempty"`
	Category    string          `json:"category,omitempty"`
	Item        string          `json:"item,omitempty"`
	Price       pos.Money       `json:"price"`
	Comp        string          `json:"comp,omitempty"`
	Expires     time.Time       `json:"expires,omitzero"`
	QR          string          `json:"qr,omitempty"`
	State       string          `json:"state,omitempty"`
	LetIn       *local.Admitted `json:"let_in,omitempty"` // the door let it in: where, for what, when
}

// orderOut is an order as `guichet order` prints it.
type orderOut struct {
	Order    string         `json:"order"`
	State    string         `json:"state"`
	Placed   time.Time      `json:"placed"`
	Staff    string         `json:"staff"`
	Customer *pos.Customer  `json:"customer,omitempty"`
	Total    pos.Money      `json:"total"`
	Deadline time.Time      `json:"deadline,omitzero"`
	Tickets  []orderTicket  `json:"tickets"`
	Payments []pos.Payment  `json:"payments"`
	Change   *pos.Money     `json:"change,omitempty"`
	Voucher  *creditVoucher `json:"credit_voucher,omitempty"`
	Canceled string         `json:"cancel_reason,omitempty"`
	Refunds  []pos.Payment  `json:"refunds,omitempty"`
}

type creditVoucher struct {
	Number  string    `json:"number"`
	Balance pos.Money `json:"balance"`
}

func orderJSON(ov counter.OrderView) orderOut {
	o := ov.Order
	out := orderOut{Order: o.Number, State: o.State, Placed: o.Placed, Staff: o.Staff, Customer: ov.Customer,
		Total: o.Total, Deadline: o.Deadline, Payments: o.Payments, Canceled: ov.CancelReason, Tickets: []orderTicket{}, Refunds: ov.Refunds}
	if out.Payments == nil {
		out.Payments = []pos.Payment{}
	}
	for i, t := range o.Tickets {
		ot := orderTicket{Number: t.Number, Kind: t.Kind, Performance: t.Performance, Zone: t.Zone, Seat: t.Seat,
			Category: t.Category, Item: t.Item, Price: t.Price, Comp: t.Comp, Expires: t.Expires}
		if i < len(ov.Tickets) {
			ot.QR, ot.State, ot.LetIn = ov.Tickets[i].QR, ov.Tickets[i].State, ov.Tickets[i].LetIn
		}
		out.Tickets = append(out.Tickets, ot)
	}
	change := pos.Zero(o.Total.Currency)
	for _, p := range o.Payments {
		change = change.Plus(p.Change)
	}
	if !change.IsZero() {
		out.Change = &change
	}
	return out
}

// orderError is what a refused order command prints.
type orderError struct {
	Error string `json:"error"`
	Line  int    `json:"line,omitempty"` // the cart line (from 1) the error is about
}

func runOrder(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, orderUsage, stdout, stderr, "place", "cancel", "validate", "show", "list", "invoice", "send")
	if err != nil {
		return err
	}
	if sub == "send" { // cmd/guichet/email.go
		return runOrderSend(args[1:], stdin, stdout, stderr)
	}
	fs := newFlags("order "+sub, orderUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	id := fs.String("register", "", "register id of a new file (default K01); an existing file is its own register")
	staff := fs.String("staff", "", "who sells: a staff id of the catalog")
	pin := fs.String("pin", "", "the member of staff's PIN")
	cartPath := fs.String("cart", "-", "place: the request (JSON, as guichet quote's), - for standard input")
	printer := fs.String("printer", "", "place|cancel: print the tickets, the drawer's kick and the papers --receipts says here ("+printers.SpecHelp+"); default: they wait in the print queue")
	profile := fs.String("printer-profile", printers.DefaultProfile, "printer model: "+strings.Join(printers.ProfileNames(), ", "))
	receipts := fs.String("receipts", string(counter.ReceiptsAsk), "place|cancel with --printer: whether the receipt or the refund slip prints too: ask (no; the slip prints later with r on a canceled ticket at a till), always, or cash (cash taken or given back)")
	reason := fs.String("reason", "", "cancel: why (kept in the journal)")
	method := fs.String("method", "", "validate: how the invoice was paid: a payment method id of the catalog (default: the invoice's own, a bank transfer)")
	ref := fs.String("ref", "", "validate: the bank transfer's reference, or the card terminal's with --method card")
	tendered := fs.String("tendered", "", "validate --method cash: the cash handed over (default: the exact amount)")
	tickets := fs.String("tickets", "", "cancel: only these tickets (numbers, comma-separated); default: the whole order")
	refund := fs.String("refund", "", "cancel: the payment method the refund goes back by (default: as paid)")
	asJSON := fs.Bool("json", false, "invoice: print it as JSON")
	langFlag := fs.String("lang", "", "invoice: its language (default: its customer's, else the catalog's first)")
	pending := fs.Bool("pending", false, "list: only orders waiting for an invoice payment")
	overdue := fs.Bool("overdue", false, "list: only pending orders past their deadline")
	search := fs.String("search", "", "list: only the orders an order's or a ticket's number (or its QR code), a customer's name or e-mail finds, as o at the counter")
	day := fs.String("day", "", "list: only the orders placed that day, YYYY-MM-DD in the organiser's time zone")
	float := fs.String("float", "", "place|cancel|validate: with no shift open, open one with this cash in the drawer (0 with no drawer)")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	fail := func(err error) error {
		// the sentence a person reads, in the command line's language
		e := orderError{Error: sayErr(saysWhoseFile(saysCatalogGiven(err, *catalog), "order"), string(langOf(stderr)))}
		var le *pos.LineError
		if errors.As(err, &le) {
			e.Line = le.Line
		}
		out, _ := json.MarshalIndent(e, "", "  ")
		fmt.Fprintln(stdout, string(out))
		return exitCode(1)
	}
	print := func(v any) error {
		out, _ := json.MarshalIndent(v, "", "  ")
		fmt.Fprintln(stdout, string(out))
		return nil
	}
	needNumber := func() (string, error) {
		if len(rest) != 1 {
			return "", pos.Errorf("name one order: guichet order %s NUMBER", sub)
		}
		return strings.ToUpper(strings.TrimSpace(rest[0])), nil
	}
	switch sub {
	case "place", "cancel", "validate", "show", "list", "invoice":
	default:
		fmt.Fprintf(stderr, "guichet order: unknown command %q\n%s\n", sub, orderUsage)
		return exitCode(2)
	}
	if sub != "place" {
		if err := registerFileThere(*db); err != nil {
			return fail(err)
		}
	}
	var req quoteRequest
	if sub == "place" {
		if len(rest) > 0 {
			return fail(pos.Errorf("unexpected argument %q: give the request with --cart FILE or on standard input", rest[0]))
		}
		if req, err = readOrderRequest(*cartPath, stdin); err != nil {
			return fail(err)
		}
	}
	cat, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return fail(err)
	}
	policy, err := counter.ParseReceiptPolicy(*receipts)
	if err != nil {
		return fail(err)
	}
	noShift := func(staff string) error {
		return pos.Errorf("%s has no open shift: open it at the counter with the float in the drawer first, or give --float AMOUNT to open it here (--float 0 with no cash drawer)", staff)
	}
	act := map[string]pos.Action{"cancel": pos.ActCancel, "validate": pos.ActValidate}[sub]
	// record is the command on an unlocked till, in the order it checks
	// the till's rights, the shift and its flags: run first on the file
	// opened for a trial, which stops where it would first write
	// (refusedFirst), then for good.
	var sale counter.Sale
	var number string
	acting := false // record got to the till's command: a refusal the file gave
	record := func(svc *counter.Service, till *counter.Till) error {
		// the profile's right first: a refused action opens no shift
		if err := till.Check(act); act != "" && err != nil {
			return err
		}
		// a sale, a refund or an invoice paid is recorded in a shift, as
		// at the counter: the staff's own, or one opened here with the
		// float said (never one opened silently: the counter carries on
		// with it and would never ask the cash in the drawer)
		sh, open, err := till.Shift()
		if err != nil {
			return err
		}
		if !open && *float == "" {
			return noShift(till.Staff().ID)
		}
		if *float != "" {
			minor, err := pos.ParseMinor(*float, cat.Currency())
			if err != nil {
				return pos.Errorf("--float %q: %w", *float, err)
			}
			switch {
			case !open:
				acting = true
				if _, err := till.OpenShift(pos.M(minor, cat.Currency())); err != nil {
					return err
				}
			case minor != sh.Float.Amount: // a float of 0 is kept as no amount
				return pos.Errorf("shift %s is already open with a float of %s: leave out --float", sh.ID, pos.M(sh.Float.Amount, cat.Currency()))
			}
		}
		acting = true
		switch sub {
		case "cancel":
			if number, err = needNumber(); err != nil {
				return err
			}
			if strings.TrimSpace(*reason) == "" {
				return pos.Errorf("say why with --reason TEXT: it is kept in the journal")
			}
			opt := counter.CancelOptions{Refund: *refund}
			for _, tk := range strings.Split(*tickets, ",") {
				if tk = strings.TrimSpace(tk); tk != "" {
					opt.Tickets = append(opt.Tickets, tk)
				}
			}
			return till.CancelPart(number, *reason, opt)
		case "validate":
			if number, err = needNumber(); err != nil {
				return err
			}
			how := pos.Tender{Method: *method, Reference: *ref}
			if m, ok := cat.PaymentMethodByID(*method); strings.TrimSpace(*ref) == "" && (*method == "" || ok && m.Kind == pos.KindInvoice) {
				return pos.Errorf("give the bank transfer's reference with --ref REF: it is how its payment is found again (paid at the counter: --method cash|card|...)")
			}
			if m, ok := cat.PaymentMethodByID(*method); ok {
				switch m.Kind {
				case pos.KindCard, pos.KindPostcard, pos.KindTWINT:
					how.Card = &pos.CardRef{Terminal: *ref}
				case pos.KindCash:
					if *tendered != "" {
						minor, err := pos.ParseMinor(*tendered, cat.Currency())
						if err != nil {
							return pos.Errorf("--tendered %q: %w", *tendered, err)
						}
						how.Tendered = pos.M(minor, cat.Currency())
					}
				}
			}
			return till.ValidatePayment(number, how)
		}
		if sale, err = placeOrder(till, req); err != nil {
			if short := escrowShort(svc.Register(), req.Cart); len(short) > 0 {
				err = fmt.Errorf("%w; %s sells, for its central server, only what the server granted it, and guichet order never asks the server for more (it holds too little of %s): sell it at a till of this register started with --central URL --token-file FILE, which asks the server, or at another register",
					err, *db, strings.Join(short, ", "))
			}
			return err
		}
		return nil
	}
	if sub == "place" || sub == "cancel" || sub == "validate" {
		// the command on the file opened for a trial first: a refused
		// command writes nothing (refusedFirst)
		trial := func(svc *counter.Service, till *counter.Till) error {
			acting = false
			return heldSays(svc, record(svc, till), acting)
		}
		if err := refusedFirst(*db, cat, *staff, *pin, trial); err != nil {
			return fail(stopFirst(err, "guichet order "+sub, "; or do it at one of its tills (o on the sales list)"))
		}
	}
	o := counter.Options{Path: *db, Register: *id, Catalog: cat, Receipts: policy}
	if *printer != "" {
		prof, err := printers.LookupProfile(*profile)
		if err != nil {
			return fail(err)
		}
		tr, err := printers.Open(*printer)
		if err != nil {
			return fail(err)
		}
		defer tr.Close()
		o.Printer, o.Profile = tr, &prof
	}
	var svc *counter.Service
	if sub == "show" || sub == "list" || sub == "invoice" {
		// reading only: the file is opened read-only (while the counter
		// runs, it serves a snapshot), and nothing is written
		reg, err := local.Open(local.Options{Path: *db, Catalog: cat, ReadOnly: true})
		if err != nil {
			return fail(err)
		}
		defer reg.Close()
		svc, err = counter.New(reg, counter.Options{})
		if err != nil {
			return fail(err)
		}
	} else {
		svc, err = counter.Open(o)
		if err != nil {
			return fail(stopFirst(err, "guichet order "+sub, "; or do it at one of its tills (o on the sales list)"))
		}
	}
	defer svc.Close()

	// scoped reads orders as --staff sees them (his own, his profile's or
	// all, seed 004); without --staff, as the register's administrator.
	scoped := func(svc *counter.Service) (func(string) (counter.OrderView, bool, error), func(string, int) ([]counter.OrderView, error)) {
		if *staff == "" {
			return svc.Order, svc.FindOrders
		}
		t, err := unlockTill(svc, *staff, *pin)
		if err != nil {
			e := func(string) (counter.OrderView, bool, error) { return counter.OrderView{}, false, err }
			return e, func(string, int) ([]counter.OrderView, error) { return nil, err }
		}
		return t.Order, t.FindOrders
	}
	switch sub {
	case "invoice":
		n, err := needNumber()
		if err != nil {
			return fail(err)
		}
		var lang pos.Lang
		if *langFlag != "" {
			if lang, err = pos.ParseLang(*langFlag); err != nil {
				return fail(err)
			}
		}
		inv, ok, err := svc.Invoice(n, lang)
		if err != nil {
			return fail(err)
		}
		if !ok {
			return fail(pos.Errorf("there is no order %s in %s", n, *db))
		}
		if *asJSON {
			return print(inv)
		}
		fmt.Fprintln(stdout, inv.Text)
		return nil
	case "show":
		n, err := needNumber()
		if err != nil {
			return fail(err)
		}
		order, _ := scoped(svc)
		ov, ok, err := order(n)
		if err != nil {
			return fail(err)
		}
		if !ok {
			return fail(pos.Errorf("there is no order %s in %s", n, *db))
		}
		return print(orderJSON(ov))
	case "list":
		now := time.Now()
		if *day != "" {
			if _, err := time.Parse(time.DateOnly, *day); err != nil {
				return fail(fmt.Errorf("the day %q is not a date: type it YYYY-MM-DD", *day))
			}
		}
		list := []orderOut{}
		_, find := scoped(svc)
		q := svc.ID() // every order of the register: their numbers begin with it
		if strings.TrimSpace(*search) != "" {
			q = *search
		}
		all, err := find(q, 0)
		if err != nil {
			return fail(err)
		}
		for _, ov := range all {
			o := ov.Order
			if *day != "" && o.Placed.In(cat.Location()).Format(time.DateOnly) != *day {
				continue
			}
			isPending := o.State == pos.OrderPending
			if (*pending || *overdue) && !isPending {
				continue
			}
			if *overdue && (o.Deadline.IsZero() || !now.After(o.Deadline)) {
				continue
			}
			list = append(list, orderJSON(ov))
		}
		return print(list)
	}

	till, err := unlockTill(svc, *staff, *pin)
	if err != nil {
		return fail(err)
	}
	defer till.Close()
	if err := record(svc, till); err != nil {
		return fail(err)
	}
	switch sub {
	case "cancel":
		// the drawer's kick and the slip print before the command
		// exits, as place's tickets and receipt do
		waitPrinted(svc, *printer, "cancel", stderr)
		return printOrder(svc, number, print, fail)
	case "validate":
		return printOrder(svc, number, print, fail)
	}

	// place
	out := orderOut{}
	if sale.Order.Number != "" {
		ov, ok, err := svc.Order(sale.Order.Number)
		if err != nil || !ok {
			return fail(fmt.Errorf("order %s was recorded but cannot be read back: %v", sale.Order.Number, err))
		}
		out = orderJSON(ov)
	}
	if sale.HasVoucher {
		out.Voucher = &creditVoucher{Number: sale.Voucher.Number, Balance: sale.Voucher.Balance}
	}
	waitPrinted(svc, *printer, "place", stderr)
	return print(out)
}

// waitPrinted waits, with --printer, until what the command queued has
// printed (30 seconds at most); a printer that fails is said on stderr,
// the command's record stands.
func waitPrinted(svc *counter.Service, printer, sub string, stderr io.Writer) {
	if printer == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := svc.WaitPrinted(ctx); err != nil {
		fmt.Fprintln(stderr, sayf(langOf(stderr), "guichet order %s: %s", sub, err)) // err said in lang
	}
}

// printOrder prints an order the command just changed, read back.
func printOrder(svc *counter.Service, n string, print func(any) error, fail func(error) error) error {
	ov, ok, err := svc.Order(n)
	if err != nil {
		return fail(err)
	}
	if !ok {
		return fail(fmt.Errorf("order %s cannot be read back", n))
	}
	out := orderJSON(ov)
	// the credit voucher it left: an exchange's remainder, or a
	// cancellation's credit given back
	if v, ok, err := svc.CreditVoucherOf(n); err != nil {
		return fail(err)
	} else if ok {
		out.Voucher = &creditVoucher{Number: v.Number, Balance: v.Balance}
	}
	return print(out)
}

// readOrderRequest reads a place request: quote's format, with payments,
// and no "now" (an order is placed now).
func readOrderRequest(path string, stdin io.Reader) (quoteRequest, error) {
	data, err := readRequest(path, stdin)
	if err != nil {
		return quoteRequest{}, pos.Errorf("cannot read the request: %w", missingFile(err, path))
	}
	var req quoteRequest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, pos.Errorf("the request is not valid: %w", err)
	}
	switch {
	case req.Now != "" || req.Today != "":
		return req, pos.Errorf(`an order is placed now: leave "now" and "today" to guichet quote`)
	case req.Kiosk:
		return req, pos.Errorf("the kiosk places its own orders: give --staff instead")
	case req.Customer != nil:
		// quote's facts an offer looks at; an order takes them from the
		// customer's record, so they were dropped and the order placed
		// with no customer: nobody could find it by name or e-mail it
		return req, pos.Errorf(`an order's customer is one of the register's records, named in the cart: "cart": {"customer": "K01-C00001", "lines": [...]} (guichet customers list shows their ids); "customer": {...} is for guichet quote`)
	case len(req.Payments) == 0:
		return req, pos.Errorf(`say how the order is paid: "payments": [{"method": "cash", "tendered": "CHF 50.00"}]`)
	case len(req.Cart.Lines) == 0:
		return req, pos.Errorf("the cart is empty: give its lines")
	}
	return req, nil
}

// unlockTill opens a till for the member of staff, or as the administrator
// when the catalog lists no staff.
func unlockTill(svc *counter.Service, staff, pin string) (*counter.Till, error) {
	if staff == "" {
		return svc.UnlockAdmin()
	}
	t, err := svc.Unlock(staff, pin)
	return t, saysWrongPIN(err, staff)
}

func saysWrongPIN(err error, staff string) error {
	if errors.Is(err, counter.ErrWrongPIN) {
		return pos.Errorf("staff %q with that PIN is not in the catalog: check --staff and --pin", staff)
	}
	return err
}

// refusedFirst is what refuses a command that writes, found on the
// register's file opened for a trial (read-only: local.Options.Trial)
// before it is opened for writing: the member of staff's PIN (a wrong
// one, or a wait after too many, recorded then as a till records it and
// nothing more: local.RecordRefusedUnlock), then what check refuses: the
// command itself, run on the trial's till, which stops where it would
// first write (a right the profile lacks, a payment method it may not
// take, a float or an order the file refuses). Opened for writing first,
// a refused command left a register.started and register.stopped in the
// event log, which an auditor reads as a session, the start's entries (a
// grant, the days' closures) and a shift opened with --float in the
// journal, and held the file's lock meanwhile. What the file cannot say
// read-only (no file yet, views of another version) is left to the
// command, which asks again, but for a wrong PIN, which the catalog says.
func refusedFirst(db string, cat *pos.Catalog, staff, pin string, check func(*counter.Service, *counter.Till) error) error {
	refused, record := refusedReadOnly(db, cat, staff, pin, check)
	if !record {
		return refused
	}
	var wait *local.PINWaitError
	err := local.RecordRefusedUnlock(local.Options{Path: db, Catalog: cat}, staff, pin)
	if err != nil && !errors.Is(err, local.ErrWrongPIN) && !errors.As(err, &wait) {
		return err // the file's holder (a *local.LockedError) is said first, as before
	}
	return saysWrongPIN(err, staff)
}

// refusedReadOnly is refusedFirst on the file opened for a trial; record
// says the refusal is a PIN's, to be recorded.
func refusedReadOnly(db string, cat *pos.Catalog, staff, pin string, check func(*counter.Service, *counter.Till) error) (refused error, record bool) {
	if staff == "" {
		if err := local.StaffNeeded(cat); err != nil {
			return err, false // no file made, none opened
		}
	}
	// no file yet (order place): the command is tried on a new file made
	// aside, so a refused one makes none here
	reg, done, err := openTrial(db, cat)
	defer done()
	if err != nil && staff != "" {
		// no file yet (order place), or one the trial cannot read: the
		// catalog's PIN, before the file is made or opened for writing
		if s, ok := cat.StaffByID(staff); !ok || !s.CheckPIN(pin) {
			_, serr := os.Stat(db)
			return saysWrongPIN(counter.ErrWrongPIN, staff), serr == nil // a file there counts it
		}
	}
	if err != nil {
		return nil, false
	}
	svc, err := counter.New(reg, counter.Options{})
	if err != nil {
		return nil, false
	}
	defer svc.Close()
	var t *counter.Till
	if staff == "" {
		t, err = svc.UnlockAdmin()
	} else {
		t, err = svc.Unlock(staff, pin)
	}
	var wait *local.PINWaitError
	switch {
	case (errors.Is(err, counter.ErrWrongPIN) || errors.As(err, &wait)) && reg.Path() != db:
		return saysWrongPIN(err, staff), false // on a file made aside: none to record it in
	case errors.Is(err, counter.ErrWrongPIN) || errors.As(err, &wait):
		return err, true
	case err != nil:
		return err, false
	}
	defer t.Close()
	return check(svc, t), false
}

// openTrial opens the register's file at db for a trial
// (local.Options.Trial), or a new one made aside when there is none yet
// (newFileAside; reg.Path() is then not db): done, to be called whatever
// err is, closes it and removes what was made.
func openTrial(db string, cat *pos.Catalog) (reg *local.Register, done func(), err error) {
	path, aside := newFileAside(db, cat)
	if !aside {
		path = db
	}
	reg, err = local.Open(local.Options{Path: path, Catalog: cat, ReadOnly: true, Trial: true})
	done = func() {
		if reg != nil {
			reg.Close()
		}
		if aside {
			os.RemoveAll(filepath.Dir(path))
		}
	}
	return reg, done, err
}

// newFileAside makes, when there is no register file at db (nor its flat
// file, which a start would rebuild it from), a new one with catalog cat
// in a folder of its own for a trial to run on: its path, and true. The
// caller removes the folder.
func newFileAside(db string, cat *pos.Catalog) (string, bool) {
	for _, p := range []string{db, db + ".journal"} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			return "", false
		}
	}
	dir, err := os.MkdirTemp("", "guichet-trial-*")
	if err != nil {
		return "", false
	}
	path := filepath.Join(dir, "r.db")
	reg, err := local.Open(local.Options{Path: path, Catalog: cat})
	if err == nil {
		err = reg.Close()
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", false
	}
	return path, true
}

// heldSays is a trial's refusal (refusedFirst) as the command says it:
// on a copy the running register that holds the file sent, a refusal of
// the till's command that is not a right the profile lacks is left to the
// command, which says to stop that register first (it may lift it: an
// order sold there meanwhile).
func heldSays(svc *counter.Service, err error, acting bool) error {
	if err == nil || !acting || !svc.Register().Snapshot() {
		return err
	}
	if errors.Is(err, pos.ErrNotAllowed) || errors.Is(err, pos.ErrNotYourItem) || errors.Is(err, pos.ErrMethodNotForSeller) {
		return err
	}
	return nil
}

// placeOrder fills the till's cart from the request, as a seller would
// (holds, code, customer), and checks out.
// escrowShort names what cart needs that reg, a register whose central
// server shares the capacity out (escrow), does not hold enough of, with
// what it holds: guichet order sells from the file's grants alone, and a
// refusal there ("sold out", "held by another register") says what the
// register holds, not what the box office has left.
func escrowShort(reg *local.Register, cart pos.Cart) []string {
	if !reg.Escrow() {
		return nil
	}
	need := map[string]int{}
	var order []string
	add := func(res string, n int) {
		if _, ok := need[res]; !ok {
			order = append(order, res)
		}
		need[res] += n
	}
	for _, l := range cart.Lines {
		switch {
		case l.Kind == pos.LineTicket && l.Seat != "":
			add(local.SeatResource(l.Performance, l.Zone, l.Seat), 1)
		case l.Kind == pos.LineTicket:
			add(local.ZoneResource(l.Performance, l.Zone), max(l.Quantity, 1))
		case l.Kind == pos.LinePass:
			add(local.PassResource(l.Item), max(l.Quantity, 1))
		}
	}
	var short []string
	for _, res := range order {
		h, err := reg.Holding(res)
		if err != nil || h.Left >= need[res] {
			continue
		}
		short = append(short, fmt.Sprintf("%s: %d left, %d wanted", res, max(h.Left, 0), need[res]))
	}
	return short
}

func placeOrder(t *counter.Till, req quoteRequest) (counter.Sale, error) {
	if req.Lang != "" {
		t.SetLang(req.Lang)
	}
	if err := t.SetCart(req.Cart); err != nil {
		return counter.Sale{}, err
	}
	if req.Cart.Customer != "" {
		if err := t.SetCustomer(req.Cart.Customer); err != nil {
			return counter.Sale{}, err
		}
	}
	if req.Cart.Code != "" {
		if _, err := t.ApplyCode(req.Cart.Code); err != nil {
			return counter.Sale{}, err
		}
	}
	return t.Checkout(req.Payments)
}
