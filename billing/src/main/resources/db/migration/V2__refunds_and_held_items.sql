-- Refunds and held (AMBIGUOUS) items charged as supplements. Portable between H2 2.x and PostgreSQL, like V1.

-- One row per refund request, written PENDING (with its lines claimed) before the gateway is called, so a crash
-- between the call and its confirmation is resumed with the same idempotency key (refund_id).
CREATE TABLE refunds (
    refund_id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    order_id            VARCHAR(64)   NOT NULL,
    amount_minor        BIGINT        NOT NULL,
    currency            CHAR(3)       NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    requested_by        VARCHAR(100)  NOT NULL,
    failure_reason      VARCHAR(500),
    created_at_millis   BIGINT        NOT NULL,
    completed_at_millis BIGINT,
    CONSTRAINT refunds_order_fk FOREIGN KEY (order_id) REFERENCES orders (order_id),
    CONSTRAINT refunds_status_ck CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT refunds_amount_ck CHECK (amount_minor > 0)
);
CREATE INDEX refunds_order_ix ON refunds (order_id);
CREATE INDEX refunds_status_ix ON refunds (status);

-- The refund a line is claimed by (PENDING or SUCCEEDED); released again when that refund fails.
ALTER TABLE order_lines ADD COLUMN refund_id VARCHAR(64);
-- The supplement that added the line to its order (a held item staff assigned), NULL for basket lines.
ALTER TABLE order_lines ADD COLUMN supplement_id VARCHAR(64);

-- A held item charged to a visit's order after staff assigned it. supplement_id is the idempotency key.
CREATE TABLE supplements (
    supplement_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    order_id            VARCHAR(64)   NOT NULL,
    alert_id            VARCHAR(64)   NOT NULL,
    epc                 CHAR(24)      NOT NULL,
    gtin                CHAR(14)      NOT NULL,
    name                VARCHAR(200)  NOT NULL,
    price_minor         BIGINT        NOT NULL,
    vat_rate            NUMERIC(5, 4) NOT NULL,
    vat_minor           BIGINT        NOT NULL,
    exited_at_millis    BIGINT        NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    requested_by        VARCHAR(100)  NOT NULL,
    failure_reason      VARCHAR(500),
    created_at_millis   BIGINT        NOT NULL,
    completed_at_millis BIGINT,
    CONSTRAINT supplements_order_fk FOREIGN KEY (order_id) REFERENCES orders (order_id),
    CONSTRAINT supplements_alert_fk FOREIGN KEY (alert_id) REFERENCES alerts (alert_id),
    CONSTRAINT supplements_status_ck CHECK (status IN ('PENDING', 'CHARGED', 'FAILED')),
    CONSTRAINT supplements_price_ck CHECK (price_minor > 0)
);
CREATE INDEX supplements_status_ix ON supplements (status);
CREATE INDEX supplements_alert_ix ON supplements (alert_id);

-- What staff did about an alert, who and when: ASSIGNED (to assigned_visit_id), DISMISSED or RESOLVED.
ALTER TABLE alerts ADD COLUMN action VARCHAR(16);
ALTER TABLE alerts ADD COLUMN action_by VARCHAR(100);
ALTER TABLE alerts ADD COLUMN action_at_millis BIGINT;
ALTER TABLE alerts ADD COLUMN assigned_visit_id VARCHAR(64);
