-- What the last answer to a register added to its allotment of a resource
-- (places granted, not its sales from before it held any) and under which
-- lease. A register sends a new request only once it journaled the answer
-- to its previous one, unless it was killed before: a newer request naming
-- an older journaled lease (api.GrantRequest.NamesLeases) shows it never
-- journaled this one, never sold from it, and it is taken back. Cleared
-- once the register's journal, pushed, shows the lease journaled.
ALTER TABLE grants ADD COLUMN last_add int NOT NULL DEFAULT 0;
ALTER TABLE grants ADD COLUMN last_lease timestamptz;
