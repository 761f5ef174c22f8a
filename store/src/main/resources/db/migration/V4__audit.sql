-- The audit log: every change made through the API, the CLI or an RFC 2136 UPDATE, who made it,
-- when, what it was (the records or settings before and after, as JSON text) and how it ended.
-- Bounded: the oldest rows beyond the limit go as new ones come. Instants are epoch milliseconds.
CREATE TABLE audit (
  seq     BIGINT NOT NULL,
  at      BIGINT NOT NULL,
  actor   TEXT   NOT NULL,
  via     TEXT   NOT NULL,
  action  TEXT   NOT NULL,
  zone    TEXT,
  target  TEXT   NOT NULL,
  detail  TEXT   NOT NULL,
  outcome TEXT   NOT NULL,
  PRIMARY KEY (seq)
);
CREATE INDEX audit_zone ON audit (zone, seq);
