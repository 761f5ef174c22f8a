package dev.tandem.control;

/**
 * A refresh step failed: the message says what happened, in words an operator can act on, and names
 * the primary. Nothing was changed.
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

  boolean unreachable() {
    return unreachable;
  }
}
