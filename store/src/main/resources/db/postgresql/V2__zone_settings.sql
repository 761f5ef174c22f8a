-- Per-zone settings that outlive the process beside the zone: for a primary zone, where its
-- contents came from (the digest of the zone file last imported) and, for zones created through
-- the CLI, who may transfer, NOTIFY targets and UPDATE keys. One row per zone and setting; the
-- value is text (lists one item per line).
CREATE TABLE zone_setting (
  zone  TEXT NOT NULL REFERENCES zone (name),
  name  TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (zone, name)
);
