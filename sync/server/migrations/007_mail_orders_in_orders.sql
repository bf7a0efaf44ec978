-- What e-mails need of an order (005's mail_orders) goes in the order's
-- own row: the ingest writes one row an order instead of two (and one
-- primary key's index entry instead of two). mail_orders becomes a view
-- of the same columns, so what reads or updates it does not change (a
-- simple view: PostgreSQL updates orders through it).
-- mail_state is the order's state as its e-mails see it (paid once its
-- invoice is validated, lapsed, canceled when canceled whole), which the
-- reports' orders.state does not follow; NULL for orders stored before
-- 005_email.sql, which the server does not e-mail (as before: no row).
ALTER TABLE orders
    ADD COLUMN mail_state text,
    ADD COLUMN customer   text NOT NULL DEFAULT '',
    ADD COLUMN deadline   timestamptz;
UPDATE orders o SET mail_state = m.state, customer = m.customer, deadline = m.deadline
    FROM mail_orders m WHERE m.number = o.number;
DROP TABLE mail_orders;
CREATE VIEW mail_orders AS
    SELECT number, register, seq, mail_state AS state, customer, deadline FROM orders WHERE mail_state IS NOT NULL;
CREATE INDEX orders_pending ON orders (deadline) WHERE mail_state = 'pending_payment';
