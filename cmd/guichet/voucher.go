package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
)

func init() {
	register("voucher", "gift vouchers and credit vouchers: a balance and its history (show), a customer's (find)", runVoucher)
}

const voucherUsage = `usage: guichet voucher COMMAND [--db FILE] [--catalog FILE]
  show  CODE   a gift or credit voucher: value, spent, left, validity, each use (JSON)
  find  NAME   the vouchers of the customers a name or e-mail finds (JSON)
Both read the file only (read-only, even while the counter runs).
Errors are printed as JSON ({"error": "..."}) with exit status 1.`

func runVoucher(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, voucherUsage, stdout, stderr, "show", "find")
	if err != nil {
		return err
	}
	fs := newFlags("voucher "+sub, voucherUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	print := func(v any) error {
		out, _ := json.MarshalIndent(v, "", "  ")
		fmt.Fprintln(stdout, string(out))
		return nil
	}
	fail := func(err error) error {
		// in the command line's language, as guichet order's
		_ = print(orderError{Error: sayErr(saysWhoseFile(saysCatalogGiven(err, *catalog), "voucher"), string(langOf(stderr)))})
		return exitCode(1)
	}
	if len(rest) != 1 {
		return fail(pos.Errorf("name one voucher or customer: guichet voucher %s CODE", sub))
	}
	if err := registerFileThere(*db); err != nil {
		return fail(err)
	}
	cat, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return fail(err)
	}
	reg, err := local.Open(local.Options{Path: *db, Catalog: cat, ReadOnly: true})
	if err != nil {
		return fail(err)
	}
	defer reg.Close()
	svc, err := counter.New(reg, counter.Options{})
	if err != nil {
		return fail(err)
	}
	defer svc.Close()
	if sub == "find" {
		vs, err := svc.VouchersOf(rest[0])
		if err != nil {
			return fail(err)
		}
		if vs == nil {
			vs = []counter.VoucherView{}
		}
		return print(vs)
	}
	v, ok, err := svc.VoucherInfo(rest[0])
	if err != nil {
		return fail(err)
	}
	if !ok {
		return fail(pos.Errorf("there is no voucher %s in %s", rest[0], *db))
	}
	return print(v)
}
