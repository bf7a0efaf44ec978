-- A deleted code keeps its row, marked deleted: a register offline may
-- have used it before it heard of the delete, and its orders keep the
-- code. A deleted code is not served to registers nor granted; guichetd
-- codes list and export still show it once an order used it (a code that
-- was used cannot be deleted, only disabled). Its text may be added again
-- (the row then takes the new offer and quantity), as before.
ALTER TABLE codes ADD COLUMN deleted boolean NOT NULL DEFAULT false;
