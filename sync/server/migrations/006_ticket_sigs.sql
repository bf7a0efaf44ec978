-- A ticket's signature beside the ticket (issue 18, cheaper): a push
-- carries each issued ticket's 64-byte Ed25519 signature, not its whole
-- code, and the server rebuilds the code from the ticket's fields when it
-- sends it (local.TicketCode), then checks it against the register's
-- enrolled key (Store.MailOrder). A column of the ticket's row costs the
-- ingest 64 bytes a ticket where a row of ticket_codes cost a row and an
-- index entry. ticket_codes (005) is no longer written; the codes stored
-- there before this migration are still read (and verified) when a ticket
-- has no signature of its own.
ALTER TABLE tickets ADD COLUMN sig bytea;
