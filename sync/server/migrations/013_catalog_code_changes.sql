-- guichetd catalog load changes codes too: it creates the codes the
-- catalog defines (source catalog), gives a code an earlier catalog
-- defined this one's quantity allowed and offer, and deletes one this
-- catalog no longer defines. Those changes left no row in code_changes,
-- so guichetd codes history said nothing of when or why a code of the
-- catalog's stopped working. Each is recorded now, in the load's
-- transaction, with the load that made it:
--   catalog       the catalog's version the load printed (catalog_state's,
--                 what registers pull), NULL for a change by guichetd codes
--   catalog_file  the file as named to guichetd catalog load
-- staff is the name catalog load's --staff gave, '' when it gave none
-- (--staff is optional there: scripts that load a catalog stay as they
-- were). what 'changed' (a catalog's code given another quantity allowed
-- or offer) has max_uses, the new quantity, as 'created' does.
ALTER TABLE code_changes ADD COLUMN catalog bigint;
ALTER TABLE code_changes ADD COLUMN catalog_file text;
