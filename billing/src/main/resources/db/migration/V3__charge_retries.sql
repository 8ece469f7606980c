-- Bounded charge retries with backoff, and order-level staff alerts (a charge that finally failed).

-- Tries that got no charge: charge_attempts counts every one (answered or not), charge_declines only the ones the
-- gateway answered "not charged" (declined, needs authentication): each of those moves the order to a new
-- idempotency key (<order id>-r<n>), while a try with no answer is repeated with the same key.
ALTER TABLE orders ADD COLUMN charge_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE orders ADD COLUMN charge_declines INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE orders ADD COLUMN next_charge_at_millis BIGINT;

-- A CHARGE_FAILED alert is about an order, not an item.
ALTER TABLE alerts ALTER COLUMN epc DROP NOT NULL;
ALTER TABLE alerts ADD COLUMN order_id VARCHAR(64);
ALTER TABLE alerts ADD COLUMN reason VARCHAR(500);
