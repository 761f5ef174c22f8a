package dev.tandem.dns.zone;

/** How a zone served here gets its contents. */
public enum ZoneKind {
  /** Follows one or more primaries by NOTIFY, IXFR and AXFR. */
  SECONDARY,
  /** Edited here (zone file, API, UPDATE); the source of truth for its secondaries. */
  PRIMARY;

  /** The lower-case word the API, the CLI and the logs use. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
