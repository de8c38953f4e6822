-- One sender per notification: a deliverer claims a PENDING delivery with a conditional update
-- (claimedUntil NULL or past) before sending; concurrent deliverers of the same one skip it.
ALTER TABLE "AlertDelivery" ADD COLUMN "claimedUntil" TIMESTAMP(3);
