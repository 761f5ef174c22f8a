-- Zones, their stored contents (a base plus a journal of changes) and their timers.
-- Instants are epoch milliseconds (UTC), NULL when unset. Names are lower-cased presentation
-- form with the trailing dot ("example.com."). Blobs hold records in DNS wire form; crc is the
-- CRC-32C of the blob, checked on every read. Blob columns come last so that reading the
-- other columns of a row does not read the blob.
--
-- The types are those SQLite and PostgreSQL share, except BLOB (BYTEA in PostgreSQL): a
-- PostgreSQL store gets its own copy of this file under a vendor location.

CREATE TABLE zone (
  name           TEXT    NOT NULL PRIMARY KEY,
  kind           TEXT    NOT NULL,
  serial         BIGINT  NOT NULL,
  primary_serial BIGINT  NOT NULL,
  last_success   BIGINT,
  last_attempt   BIGINT,
  last_error     TEXT,
  refresh_at     BIGINT,
  expire_at      BIGINT
);

-- One full version per zone with contents. journal_seq is the seq of the last journal entry
-- already included in the blob (0 for none): reading the zone replays only the entries after it.
CREATE TABLE zone_base (
  zone        TEXT    NOT NULL PRIMARY KEY REFERENCES zone (name),
  serial      BIGINT  NOT NULL,
  journal_seq BIGINT  NOT NULL,
  crc         BIGINT  NOT NULL,
  blob        BYTEA    NOT NULL
);

-- Changes, oldest first by seq within a zone. Each takes the zone from from_serial to
-- to_serial; the blob holds the removed records, then the added ones.
CREATE TABLE journal (
  zone        TEXT    NOT NULL REFERENCES zone (name),
  seq         BIGINT  NOT NULL,
  from_serial BIGINT  NOT NULL,
  to_serial   BIGINT  NOT NULL,
  at          BIGINT  NOT NULL,
  crc         BIGINT  NOT NULL,
  blob        BYTEA    NOT NULL,
  PRIMARY KEY (zone, seq)
);
