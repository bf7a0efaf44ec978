-- What the register's journal held of the resource (granted less
-- returned, sold or not) when it last asked (api.Ask.Held), plus what
-- that answer added; NULL when it did not say (an older register) or
-- once the server took the grant back itself. allot above it is what the
-- register gave back and never sells again, its return not pushed yet:
-- the other registers are not asked to give it back too (Grant, when a
-- lowered capacity leaves the registers holding more than there is). It
-- shrinks by itself as the returns are stored (allot goes down to it).
ALTER TABLE grants ADD COLUMN held int;
