-- "Charged once" held by the database, not only by billing's code. Portable between H2 2.x and PostgreSQL, like V1.
-- Billing refuses a basket line whose EPC is already a line of its order, or sold and not returned, before it asks
-- for money (BasketHandler, with a DUPLICATE_LINE alert); these constraints refuse the same rows when that check is
-- wrong or skipped, whoever writes them.

-- (a) One line per EPC in an order. Lines written before V4 may repeat an EPC in an order (tracking put an item in
-- a basket twice and it was charged twice): they stay as charged, told apart by epc_repeat (1 on the second line of
-- that EPC in the order, 2 on the third). Billing never writes epc_repeat, so every later line has 0 and the
-- constraint is one line per (order_id, epc).
ALTER TABLE order_lines ADD COLUMN epc_repeat INTEGER DEFAULT 0 NOT NULL;
UPDATE order_lines SET epc_repeat = (SELECT COUNT(*) FROM order_lines e WHERE e.order_id = order_lines.order_id
                                     AND e.epc = order_lines.epc AND e.line_no < order_lines.line_no);
ALTER TABLE order_lines ADD CONSTRAINT order_lines_epc_uq UNIQUE (order_id, epc, epc_repeat);

-- (b) An EPC is sold at most once until it is returned. One row per EPC an order holds: written in the transaction
-- that records the line, before any money is asked for (a basket's priced lines when its order is recorded
-- PENDING; a held item when its supplement is recorded PENDING, with supplement_id set), deleted when the line is
-- refunded, when the order ends FAILED (nothing was sold) or when the supplement's charge is declined. A partial
-- unique index would say the same, but H2 has none.
CREATE TABLE sold_items (
    epc                 VARCHAR(64)   NOT NULL,
    order_id            VARCHAR(64)   NOT NULL,
    supplement_id       VARCHAR(64),
    at_millis           BIGINT        NOT NULL,
    CONSTRAINT sold_items_pk PRIMARY KEY (epc),
    CONSTRAINT sold_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (order_id)
);
CREATE INDEX sold_items_order_ix ON sold_items (order_id);
CREATE INDEX sold_items_supplement_ix ON sold_items (supplement_id);

-- What is sold now: each priced (flag NULL), not refunded line of an order that did not fail. An EPC sold in two
-- orders before V4 is held by the older one (by creation, then order id, then line number).
INSERT INTO sold_items (epc, order_id, supplement_id, at_millis)
SELECT l.epc, l.order_id, l.supplement_id, COALESCE(o.charged_at_millis, o.created_at_millis)
FROM order_lines l JOIN orders o ON o.order_id = l.order_id
WHERE l.flag IS NULL AND l.refunded_at_millis IS NULL AND o.status <> 'FAILED'
  AND NOT EXISTS (SELECT 1 FROM order_lines e JOIN orders eo ON eo.order_id = e.order_id
                  WHERE e.epc = l.epc AND e.flag IS NULL AND e.refunded_at_millis IS NULL AND eo.status <> 'FAILED'
                    AND (eo.created_at_millis < o.created_at_millis
                         OR (eo.created_at_millis = o.created_at_millis AND e.order_id < l.order_id)
                         OR (e.order_id = l.order_id AND e.line_no < l.line_no)));

-- A held item whose charge is still PENDING holds its EPC too (it has no line until the charge succeeds).
INSERT INTO sold_items (epc, order_id, supplement_id, at_millis)
SELECT s.epc, s.order_id, s.supplement_id, s.created_at_millis
FROM supplements s
WHERE s.status = 'PENDING'
  AND NOT EXISTS (SELECT 1 FROM sold_items x WHERE x.epc = s.epc)
  AND NOT EXISTS (SELECT 1 FROM supplements e WHERE e.epc = s.epc AND e.status = 'PENDING'
                    AND e.supplement_id < s.supplement_id);
