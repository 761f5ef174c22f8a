package dev.tandem.control.transfer;

/**
 * Inside {@link SoaProbe} and {@link TransferIn} only: a step of talking to a primary failed; the
 * message says what happened, in words an operator can act on, and names the primary. It never
 * leaves this package: callers get {@link Upstream.Failed}.
 */
final class TransferException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whether the primary could not be reached at all (so it is backed off). */
  private final boolean unreachable;

  TransferException(String message) {
    this(message, false);
  }

  TransferException(String message, boolean unreachable) {
    super(message);
    this.unreachable = unreachable;
  }

  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }

  boolean unreachable() {
    return unreachable;
  }
}
