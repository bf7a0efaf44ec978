package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"guichet/local"
	"guichet/pos"
)

func init() {
	register("quote", "price a cart (JSON) with the register's own pricing", runQuote)
}

// quoteRequest is the JSON a script sends to `guichet quote` (see README).
type quoteRequest struct {
	Now      string             `json:"now,omitempty"`   // RFC 3339; default: now
	Today    string             `json:"today,omitempty"` // day the catalog's relative dates hang on (2026-12-01); default: now's day
	Lang     pos.Lang           `json:"lang,omitempty"`  // fr, en
	Staff    string             `json:"staff,omitempty"` // staff id; empty: administrator rules
	Kiosk    bool               `json:"kiosk,omitempty"` // price as the self-service kiosk
	Customer *pos.CustomerFacts `json:"customer,omitempty"`
	Cart     pos.Cart           `json:"cart"`
	Payments []pos.Tender       `json:"payments,omitempty"` // optional: settle too
}

// quoteResponse is what `guichet quote` prints.
type quoteResponse struct {
	Cart       *pos.PricedCart `json:"cart,omitempty"`
	Settlement *pos.Settlement `json:"settlement,omitempty"`
	Error      string          `json:"error,omitempty"`
	Line       int             `json:"line,omitempty"` // the cart line (from 1) the error is about
}

func runQuote(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("quote", "usage: guichet quote [--catalog FILE] [--cart FILE|-] [--db FILE]  (the request format is in the README)", stdout, stderr)
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	cartPath := fs.String("cart", "-", "cart request file (JSON), - for standard input")
	db := fs.String("db", "", "the register's file: price with its codes and their usage (default: the catalog's codes, no usage)")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q: give the request with --cart FILE or on standard input", rest[0])
	}
	quoteDB = *db
	resp, err := quote(*catalog, *cartPath, stdin, time.Now())
	out, _ := json.MarshalIndent(resp, "", "  ")
	fmt.Fprintln(stdout, string(out))
	if err != nil {
		return exitCode(1)
	}
	return nil
}

// readRequest reads a request (quote's, order place's) from its file, or
// from standard input for "-", the default. Nothing to read is said as
// such: "not a valid request: EOF" left a technician who typed the command
// without --cart with nothing to go on; on a terminal, where the command
// would wait without a word, it says it reads and how to end.
func readRequest(path string, stdin io.Reader) ([]byte, error) {
	if path != "-" {
		data, err := os.ReadFile(path)
		if err == nil && len(bytes.TrimSpace(data)) == 0 {
			err = pos.Errorf("%s is empty: write the request in it (see guichet quote in the README)", path)
		}
		return data, err
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintln(os.Stderr, "reading the request from standard input (ctrl+d ends it); --cart FILE reads it from a file")
	}
	data, err := io.ReadAll(stdin)
	if err == nil && len(bytes.TrimSpace(data)) == 0 {
		err = pos.Errorf("no request came on standard input: give it with --cart FILE, or pipe it in (see guichet quote in the README)")
	}
	return data, err
}

// quote prices a request; on failure the response carries the error for
// the script to read and err is non-nil for the exit status.
func quote(catalogPath, cartPath string, stdin io.Reader, now time.Time) (quoteResponse, error) {
	fail := func(err error) (quoteResponse, error) {
		err = saysCatalogGiven(err, catalogPath)
		r := quoteResponse{Error: err.Error()}
		var le *pos.LineError
		if errors.As(err, &le) {
			r.Line = le.Line
		}
		return r, err
	}
	data, err := readRequest(cartPath, stdin)
	if err != nil {
		return fail(fmt.Errorf("cannot read the cart: %w", err))
	}
	var req quoteRequest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return fail(fmt.Errorf("cart %s is not a valid request: %w", cartPath, err))
	}
	if req.Now != "" {
		if now, err = time.Parse(time.RFC3339, req.Now); err != nil {
			return fail(fmt.Errorf("now %q: write it as 2026-12-12T20:00:00+01:00", req.Now))
		}
	}
	today := now
	if req.Today != "" {
		if today, err = time.Parse("2006-01-02", req.Today); err != nil {
			return fail(fmt.Errorf("today %q: write it as 2026-12-01", req.Today))
		}
	}
	c, err := loadCatalog(catalogPath, today)
	if err != nil {
		return fail(err)
	}
	seller := pos.Seller{}
	switch {
	case req.Kiosk:
		seller = pos.KioskSeller()
	case req.Staff != "":
		var ok bool
		if seller, ok = c.SellerFor(req.Staff); !ok {
			return fail(fmt.Errorf("staff %q is not in the catalog", req.Staff))
		}
	}
	ctx := pos.PricingContext{Now: now, Lang: req.Lang, Seller: seller, Customer: req.Customer, Promo: quotePromoState(c)}
	if len(req.Payments) == 0 {
		var pc pos.PricedCart
		if quoteDB != "" {
			pc, err = priceOnRegister(quoteDB, c, req.Cart, ctx)
		} else {
			pc, err = pos.Price(c, req.Cart, ctx)
		}
		if err != nil {
			return fail(err)
		}
		return quoteResponse{Cart: &pc}, nil
	}
	// With payments, the till's own checkout rule (pos.Checkout).
	var sale pos.Sale
	if quoteDB != "" {
		sale, err = quoteOnRegister(quoteDB, c, req.Cart, ctx, req.Payments)
	} else {
		sale, err = pos.Checkout(c, req.Cart, ctx, nil, req.Payments, nil)
	}
	if err != nil && sale.Cart.Currency == "" {
		return fail(err) // the cart could not be priced
	}
	resp := quoteResponse{Cart: &sale.Cart}
	if err != nil {
		resp.Error = err.Error()
		return resp, err
	}
	resp.Settlement = &sale.Settlement
	return resp, nil
}

// quoteDB is the register file given with --db ("" : none).
var quoteDB string

// quotePromoState is the code book a quote prices with: the catalog's own
// codes, with no usage recorded (a quote is not a sale).
func quotePromoState(c *pos.Catalog) pos.PromoState { return pos.NewCodeBook(c) }

// priceOnRegister prices with the codes and usage kept in a register's
// file, opened read-only: a quote writes nothing, and works while the
// register runs.
func priceOnRegister(path string, c *pos.Catalog, cart pos.Cart, ctx pos.PricingContext) (pos.PricedCart, error) {
	if err := registerFileThere(path); err != nil {
		return pos.PricedCart{}, err
	}
	r, err := local.Open(local.Options{Path: path, Catalog: c, Now: func() time.Time { return ctx.Now }, ReadOnly: true})
	if err != nil {
		return pos.PricedCart{}, err
	}
	defer r.Close()
	return r.Price(cart, ctx)
}

// quoteOnRegister runs the checkout rule with the codes, usage and voucher
// balances kept in a register's file, opened read-only (it works while
// the register runs, and writes nothing).
func quoteOnRegister(path string, c *pos.Catalog, cart pos.Cart, ctx pos.PricingContext, tenders []pos.Tender) (pos.Sale, error) {
	if err := registerFileThere(path); err != nil {
		return pos.Sale{}, err
	}
	r, err := local.Open(local.Options{Path: path, Catalog: c, Now: func() time.Time { return ctx.Now }, ReadOnly: true})
	if err != nil {
		return pos.Sale{}, err
	}
	defer r.Close()
	return r.Quote(cart, ctx, tenders)
}
