package dev.tandem.dns.zone;

/**
 * A diff that does not fit the zone it was applied to (it removes a record the zone lacks): the
 * sender's view and ours differ, so the caller falls back to a full transfer.
 */
public final class ZoneDiffException extends Exception {
  private static final long serialVersionUID = 1L;

  public ZoneDiffException(String message) {
    super(message);
  }
}
