-- When each register last reached the server with its token (a push, a
-- catalog pull, a grant request, an outbox poll): a register running with
-- nothing to push still pulls the catalog every few seconds, while its
-- last push ages as an offline register's does (metrics.go). A table of
-- its own: written at every request, it never waits on the registers row
-- a push or a retirement holds.
CREATE TABLE register_contacts (
    register text PRIMARY KEY REFERENCES registers (name),
    at       timestamptz NOT NULL
);
