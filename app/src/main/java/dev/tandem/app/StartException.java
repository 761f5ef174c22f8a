package dev.tandem.app;

/** Why the server could not start, in words for the operator. */
final class StartException extends Exception {
  private static final long serialVersionUID = 1L;

  StartException(String message) {
    super(message);
  }
}
