-- Escrow: what each register may sell of each limited resource
-- (local.ZoneResource, PassResource, OfferResource, CodeResource).
-- A grant changes in one transaction that locks the resource's row in
-- capacities first, so sum(allot) over registers stays <= capacity.
CREATE TABLE capacities (
    resource text PRIMARY KEY,
    capacity int NOT NULL                      -- from the catalog (codes: max_uses) when last asked
);

CREATE TABLE grants (
    register text NOT NULL REFERENCES registers (name),
    resource text NOT NULL,
    allot    int NOT NULL,                     -- granted less returned (returns count once stored)
    expires  timestamptz NOT NULL,             -- by the server's clock; also the lease's id registers journal
    reclaimed timestamptz,                     -- the lease (expires) the server took back: its "expired" return is not counted again
    PRIMARY KEY (register, resource)
);
CREATE INDEX grants_resource ON grants (resource);

-- A grant request answered: asked again (a retry, a duplicate), the same
-- answer, granted once.
CREATE TABLE grant_requests (
    register text NOT NULL,
    id       uuid NOT NULL,
    answer   bytea NOT NULL,
    at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (register, id)
);
