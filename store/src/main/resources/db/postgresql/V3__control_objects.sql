-- The control plane's own objects, beside the zones: TSIG keys, peers (other providers' servers),
-- named ACLs and API keys. Each is a JSON document under a kind and a name; the control plane
-- owns their shape and validates them before they are written. API keys are stored by the
-- SHA-256 of the secret, never the secret.
CREATE TABLE control_object (
  kind    TEXT   NOT NULL,
  name    TEXT   NOT NULL,
  body    TEXT   NOT NULL,
  updated BIGINT NOT NULL,
  PRIMARY KEY (kind, name)
);

-- Each zone transfer in or out, newest kept (a bounded history per zone). Instants are epoch
-- milliseconds; serials -1 when unknown.
CREATE TABLE transfer (
  zone        TEXT    NOT NULL,
  seq         BIGINT  NOT NULL,
  at          BIGINT  NOT NULL,
  direction   TEXT    NOT NULL,
  peer        TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  from_serial BIGINT  NOT NULL,
  to_serial   BIGINT  NOT NULL,
  records     BIGINT  NOT NULL,
  bytes       BIGINT  NOT NULL,
  millis      BIGINT  NOT NULL,
  result      TEXT    NOT NULL,
  error       TEXT,
  PRIMARY KEY (zone, seq)
);
