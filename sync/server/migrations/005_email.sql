-- E-mail from the central server (issue 18): the server sends what the
-- registers queue and schedules the invoice reminders and the e-mails
-- before the show, so it keeps what composing them needs.

-- Each ticket's signed QR code, pushed beside its ticket.issued entry
-- (the journal does not store it: the register derives it with its key)
-- and verified against the register's enrolled key before it is stored.
CREATE TABLE ticket_codes (
    number   text PRIMARY KEY,
    register text NOT NULL,
    qr       text NOT NULL
);

-- An order as its e-mails see it: where it was placed (its order.placed
-- entry), its state now (paid once its invoice is validated, canceled,
-- lapsed), its customer now, and an invoice's deadline.
CREATE TABLE mail_orders (
    number   text PRIMARY KEY,
    register text NOT NULL,
    seq      bigint NOT NULL,
    state    text NOT NULL,
    customer text NOT NULL DEFAULT '',
    deadline timestamptz
);
CREATE INDEX mail_orders_pending ON mail_orders (deadline) WHERE state = 'pending_payment';

-- A customer's latest customer.saved entry.
CREATE TABLE customers (
    id       text PRIMARY KEY,
    register text NOT NULL,
    seq      bigint NOT NULL
);

-- The central outbox: messages registers queued (email.queued entries
-- pushed) and those the server schedules. A message is claimed in a
-- transaction (state sending, with a lease) before it is handed to the
-- mail server, so two guichetd on one database never hand over one id at
-- the same time; sent and refused are final.
CREATE TABLE outbox (
    id            text PRIMARY KEY,            -- the message id: its Message-ID is made of it
    register      text NOT NULL,               -- the register that queued it; '' the server's schedule
    order_number  text NOT NULL,
    kind          text NOT NULL,
    msg           jsonb NOT NULL,              -- what it is about and who it goes to (local.OutboxMessage)
    queued        timestamptz NOT NULL,
    state         text NOT NULL DEFAULT 'waiting', -- waiting, sending, sent, refused
    attempts      int NOT NULL DEFAULT 0,
    next          timestamptz NOT NULL,        -- waiting: not before then
    last_error    text NOT NULL DEFAULT '',
    sent          timestamptz,
    reply         text NOT NULL DEFAULT '',
    claimed_by    text NOT NULL DEFAULT '',
    claimed_until timestamptz
);
CREATE INDEX outbox_due ON outbox (next) WHERE state IN ('waiting', 'sending');
CREATE INDEX outbox_order ON outbox (order_number);

CREATE INDEX tickets_performance ON tickets (performance) WHERE performance <> '';
