package dev.tandem.store;

/** A store operation failed (I/O, a corrupt record, a constraint); nothing was changed. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
