package dev.tandem.store;

/** How a zone gets its contents. */
public enum ZoneKind {
  /** Follows one or more primaries by NOTIFY, IXFR and AXFR. */
  SECONDARY,
  /** Edited here (zone file, API, UPDATE); the source of truth for its secondaries. */
  PRIMARY
}
