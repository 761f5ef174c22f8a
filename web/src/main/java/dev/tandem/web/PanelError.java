package dev.tandem.web;

/** A request the panel refuses, with the status and a sentence the operator can act on. */
final class PanelError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  PanelError(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
