-- Who changed the server's codes, and when, as a register's journal says
-- of its own (guichet codes history): guichetd codes add, generate,
-- import, disable, enable and delete record each code's change with the
-- name given with --staff. The server has no staff list nor PIN: the name
-- is recorded as given, as a register whose catalog lists no staff does.
-- guichetd codes history CODE lists them. A code changed before this
-- migration, or by a catalog load (the catalog's own codes), has no row.
CREATE TABLE code_changes (
    id       bigserial PRIMARY KEY,
    code     text NOT NULL,
    offer    text NOT NULL,
    what     text NOT NULL,              -- created, disabled, enabled, deleted
    max_uses int,                        -- created: the quantity allowed (0: unlimited)
    source   text,                       -- created: custom, random or import
    staff    text NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX code_changes_code ON code_changes (code, id);
