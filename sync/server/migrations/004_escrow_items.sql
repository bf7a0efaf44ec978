-- Escrow of an offer's quotas per scope item (local.OfferItemResource):
-- the scope item a ticket counted under (pos.PricedLine.OfferItem of its
-- line), so the server counts what a register sold of each. Tickets stored
-- before this have none: no such quota was granted then.
ALTER TABLE tickets ADD COLUMN offer_item text NOT NULL DEFAULT '';

-- A register written off (guichetd register retire): revoked, its unsold
-- grants back with the box office; it is never renewed.
ALTER TABLE registers ADD COLUMN retired timestamptz;
