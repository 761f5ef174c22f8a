package dev.tandem.server;

/** An address the server cannot listen on, with a message that says why in plain words. */
public final class ListenException extends Exception {
  private static final long serialVersionUID = 1L;

  public ListenException(String message, Throwable cause) {
    super(message, cause);
  }
}
