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

  /** Whether the primary said no: REFUSED or NOTAUTH. */
  private final boolean refused;

  TransferException(String message) {
    this(message, false);
  }

  TransferException(String message, boolean unreachable) {
    this(message, unreachable, false);
  }

  private TransferException(String message, boolean unreachable, boolean refused) {
    super(message);
    this.unreachable = unreachable;
    this.refused = refused;
  }

  /** The primary answered {@code rcode}: a refusal if it is REFUSED or NOTAUTH. */
  static TransferException answered(String message, int rcode) {
    return new TransferException(message, false, TransferIn.isRefusal(rcode));
  }

  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }

  boolean unreachable() {
    return unreachable;
  }

  boolean refused() {
    return refused;
  }
}
