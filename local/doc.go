// Package local keeps the register's bbolt file: the journal (the source of
// truth) and the views derived from it, and the register service that the
// screens drive.
//
// # The journal
//
// Bucket "journal" maps an 8-byte big-endian sequence number (1, 2, 3...
// without gaps) to an entry: its canonical encoding followed by its SHA-256.
// The encoding (Entry.encode) is, in order: "GJ1"; seq (8 bytes BE); UUID
// (16 bytes); time (8 bytes BE Unix ns, UTC); register, shift, staff, type
// and payload, each a 4-byte BE length then the bytes; the previous entry's
// hash (32 bytes, zero for entry 1). Payloads are the JSON of the structs
// in payloads.go. Entries are never updated or deleted. Verify checks keys,
// sequence, hashes and links and names the first bad entry.
//
// Entry types (journal.go, codes.go): register.key (the register's public key, once:
// see Signed tickets), capacity.granted, shift.opened, cash.moved,
// order.placed, payment.captured, payment.validated, order.canceled,
// ticket.issued (the ticket's fields; no QR, see below), ticket.printed,
// ticket.reprinted, exchange.made, customer.saved, shift.closed,
// receipt.queued, drawer.queued, receipt.printed, drawer.opened,
// print.dropped, the promo codes' (codes.go), closure.made (a day's,
// month's or year's signed closure with its grand totals and, for a day,
// its ticket statement: closures.go) and journal.archived (archive.go).
// Verify also adds every closure's entries up again and checks its
// signature. The technical event log (events.go) is a chain of its own in
// the bucket "events", with the same encoding. Export
// (guichet journal export) writes them all, register.key included, so the
// export carries the public key its tickets verify with.
//
// The head of the chain (meta "head": the last entry's seq, 8 bytes BE,
// and its hash) is written in the transaction of each entry, so Verify
// notices entries removed from the end; an Anchor written down elsewhere
// (Register.Head on a Z report) catches a head rewritten too (head.go).
//
// # The flat file
//
// <db>.journal (flat.go, internal/flatjournal) holds every entry and event
// as committed, a batch per commit: records "J"+seq+stored entry, "V"+seq+
// stored event, "O"+boot id when the register opens, "C" when it closed
// with bbolt's file flushed. Commits are durable there (one fdatasync);
// bbolt's file is committed with NoSync. meta "flat_at" is where the flat
// file stood at the last flushed commit: Open reads it from there. A flat
// file ending with an "O" of another boot: bbolt's file is rebuilt from it.
// Verify reads it whole and checks each entry against the journal.
//
// # Readers
//
// Options.ReadOnly, Verify, Export and FileStats open the file read-only
// and write nothing; while a register holds the file they read the
// snapshot it serves on <db>.sock (readonly.go says why).
//
// # Views
//
// Each view is a top-level bucket named "v." and the view's name (not
// nested under one bucket: a sale would write that bucket's page too). A
// view is a name and an applier, func(tx *bolt.Tx, e Entry) error, that
// folds one entry into it; appliers run in the transaction that appends
// the entry, and again over the whole journal when views are rebuilt
// (Rebuild, or at Open when a view is new or viewsFormat changed), so an
// applier must depend only on the entry and the views: no clock, no
// catalog, no map iteration order.
//
// Entries are encoded and decoded in entry.go, appended in append.go and
// verified in verify.go. Each view has its file (view_*.go); viewTable in
// views.go lists them all, in the order each entry is folded into them.
// To add a view (e.g. promo codes, view_codes.go), add its row to
// viewTable with the entry types it folds:
//
//	{vCodes, applyCodes, []string{TypeCodesAdded, TypeCodeDeleted}},
//
//	func applyCodes(tx *bolt.Tx, e Entry) error {
//		if e.Type != TypeCodesImported { return nil }
//		var p codesImported
//		if err := e.decode(&p); err != nil { return err }
//		b := view(tx, "codes")            // the view's bucket
//		...
//	}
//
// applyAll decodes each entry's payload once (the type's struct, declared
// in payloads.go with registerPayload) and e.decode hands every applier a shallow copy of
// it: an applier must not change what the payload's slices hold. On
// append, the payload the command built is folded as it is, without
// decoding its JSON again, unless that JSON would read back differently
// (invalid UTF-8); a rebuild decodes, and gives the same views. An order
// is stored once, in its order.placed entry: its record in "orders" points
// at that entry and holds what changed since (state, tickets' states) and
// where each of its tickets' ticket.issued entry is: a sale writes one
// small value there, so the view stays a level shallower. Print jobs point
// at ticket.issued entries too; a receipt's or drawer kick's job holds its
// kind and order.
//
// To write entries, a command runs one write transaction and appends with
// a writer (r.update(now, shift, staff, func(w *writer) error {...})):
// w.append(type, payload) encodes the payload as JSON, chains and stores
// the entry and runs every applier on it; the command returns after the
// commit. Views already hold offer and code usage (offerUsage, codeUsage);
// Register.promoState(tx) is where pricing's pos.PromoState is built.
//
// # Durability
//
// bbolt syncs the file before a write transaction's Commit returns. Every
// command that writes (Checkout, OpenShift, CashMove, Cancel,
// ValidatePayment, Reprint, MarkPrinted, SaveCustomer, CloseShift) appends
// all its entries in ONE transaction and returns only after it committed:
// when it returns nil, everything it did is on disk; when it fails, nothing
// of it is. Carts and holds live in memory and are lost on a crash (nothing
// in them was sold).
//
// Commands of several tills share a transaction (group commit, commit.go):
// those that ask while a commit is under way go together in the next, in
// the order they asked, each seeing what those before it wrote, with one
// fsync; a command that fails is left out of it. No lock is held while a
// commit waits for the disk: the register's mutex guards the tills' carts
// (the holds) for in-memory work only, and a cart whose sale is being
// committed keeps holding its seats until they are sold in the file.
//
// # Holds and capacity
//
// A register on its own is granted its whole catalog's capacity
// (capacity.granted at Open). Carts hold seats and general-admission quota
// register-wide until HoldFor after their last change or their till's last
// key (Till.KeepHolds: a till in use keeps its cart); what a zone may
// still sell is grant - sold (pending invoices included) - held. Checkout
// checks it again inside its write transaction, after the sales batched
// before it in that transaction.
//
// # Signed tickets
//
// The Ed25519 key is <db>.key (0600); <db>.pub is the public key for door
// scanners. A ticket's QR payload is "G2:" base32(fields, signature), all in
// the QR alphanumeric set so the code stays small (see SignTicket,
// VerifyTicket); the older "G1." base64url form still verifies.
//
// Ed25519 signatures are deterministic (RFC 8032): a ticket's payload is a
// pure function of its fields and the key, so it is not stored. Checkout
// writes ticket.issued with the ticket's fields only, and the payload is
// signed when asked (Order, PrintQueue: about 30 µs a ticket, kept in
// memory afterwards); FindOrders, a list, gives none. Journals written
// before this stored the payload in ticket.issued ("qr"): that one is
// used, and it verifies the same.
//
// Since the payloads depend on the key, the key is pinned to the journal:
// the first start writes register.key, {"public_key": base64url (no
// padding) of the 32-byte public key}, and every Open compares <db>.key
// with it and refuses a key that differs (ErrKeyMismatch). A missing key
// is created only while the journal is empty; otherwise Open refuses
// (ErrKeyMissing) and asks for the original to be restored. A journal
// written before keys were pinned gets its register.key at its next Open,
// after a QR payload it stored verified with the key.
//
// # Creating the file
//
// A register's file is created whole or not at all (create.go): built
// under <db>.<pid>.tmp with its buckets, register id, pinned key and first
// entries, synced, renamed into place, the directory synced; the key is
// written the same way (<db>.key.<pid>.tmp) and renamed after the file, so
// a kill between the two renames leaves a file whose key the next Open
// puts in place. Temporary files of a process that died are removed at
// the next start. The directory is locked (flock) meanwhile, so two
// registers starting at once make one file. A file rebuilt from the flat
// file is made the same way, under the same lock, and replaces only the
// file its start found lost or damaged: a second start that found the same
// one rebuilds nothing once the first has rebuilt it (rebuildFromFlat).
package local
