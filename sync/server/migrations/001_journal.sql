-- Registers, their journals byte for byte, and the projections reports read.
CREATE TABLE registers (
    name        text PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,        -- SHA-256 of the token; the token is shown once
    public_key  bytea NOT NULL,               -- Ed25519, pinned at enrolment
    enrolled    timestamptz NOT NULL DEFAULT now(),
    revoked     timestamptz,
    last_seq    bigint NOT NULL DEFAULT 0,    -- the journal stored so far ends here
    last_hash   bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000',
    last_time   timestamptz,                  -- time of the last stored entry
    last_push   timestamptz
);

CREATE TABLE entries (
    register text NOT NULL REFERENCES registers (name),
    seq      bigint NOT NULL,
    id       uuid NOT NULL UNIQUE,
    at       timestamptz NOT NULL,
    type     text NOT NULL,
    shift    text NOT NULL,
    hash     bytea NOT NULL,
    data     bytea NOT NULL,                  -- canonical encoding then hash, as the register stored it
    PRIMARY KEY (register, seq)
);

CREATE TABLE shifts (
    register text NOT NULL,
    shift    text NOT NULL,
    staff    text NOT NULL,
    opened   timestamptz NOT NULL,
    closed   timestamptz,
    PRIMARY KEY (register, shift)
);

CREATE TABLE orders (
    number   text PRIMARY KEY,
    register text NOT NULL,
    seq      bigint NOT NULL,
    shift    text NOT NULL,
    staff    text NOT NULL,
    placed   timestamptz NOT NULL,
    state    text NOT NULL,
    total    bigint NOT NULL,
    currency text NOT NULL,
    offer    text NOT NULL DEFAULT '',
    code     text NOT NULL DEFAULT '',
    tickets  int NOT NULL                      -- tickets and passes, as the Z report counts them
);
CREATE INDEX orders_code ON orders (code) WHERE code <> '';

CREATE TABLE tickets (
    number      text PRIMARY KEY,
    order_number text NOT NULL,
    register    text NOT NULL,
    kind        text NOT NULL,
    performance text NOT NULL DEFAULT '',
    zone        text NOT NULL DEFAULT '',
    seat        text NOT NULL DEFAULT '',
    category    text NOT NULL DEFAULT '',
    item        text NOT NULL DEFAULT '',
    offer       text NOT NULL DEFAULT '',
    price       bigint NOT NULL,
    currency    text NOT NULL,
    state       text NOT NULL
);

-- One row a payment or refund (negative), as the Z report's methods add them.
CREATE TABLE payments (
    register     text NOT NULL,
    seq          bigint NOT NULL,
    idx          int NOT NULL,
    order_number text NOT NULL,
    shift        text NOT NULL,
    at           timestamptz NOT NULL,
    method       text NOT NULL,
    kind         text NOT NULL,
    amount       bigint NOT NULL,
    currency     text NOT NULL,
    PRIMARY KEY (register, seq, idx)
);
CREATE INDEX payments_at ON payments (at);

-- The organiser's catalog as loaded, and the codes the server manages.
CREATE TABLE catalogs (
    version bigserial PRIMARY KEY,
    data    bytea NOT NULL,
    digest  text NOT NULL,
    loaded  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE codes (
    code     text PRIMARY KEY,
    offer    text NOT NULL,
    max_uses int NOT NULL DEFAULT 0,
    disabled boolean NOT NULL DEFAULT false,
    source   text NOT NULL                    -- catalog, custom, random, import
);

-- What registers pull changes with every catalog load and code change:
-- its number is the ETag.
CREATE TABLE catalog_state (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL
);
INSERT INTO catalog_state (version) VALUES (0);
