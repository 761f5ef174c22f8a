package dev.tandem.app;

import org.jspecify.annotations.Nullable;

/**
 * A client command failed in a way its message explains: no server, a server that does not answer,
 * or a request the API refused (its status and the field at fault, if one is). The command line
 * prints {@code tandem: MESSAGE} and exits 1.
 */
final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String field;

  ClientException(String message) {
    this(message, 0, null);
  }

  ClientException(String message, int status, @Nullable String field) {
    super(message);
    this.status = status;
    this.field = field;
  }

  /** The HTTP status the API answered with, or 0 if it was not reached. */
  int status() {
    return status;
  }

  /** The request field the API found at fault, or null. */
  @Nullable String field() {
    return field;
  }

  /** The message with the field at fault, as the command line prints it. */
  String describe() {
    String m = String.valueOf(getMessage());
    return field == null || m.contains(field) ? m : m + " (field '" + field + "')";
  }
}
