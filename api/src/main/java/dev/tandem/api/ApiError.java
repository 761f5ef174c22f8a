package dev.tandem.api;

import org.jspecify.annotations.Nullable;

/**
 * A request the HTTP layer itself turns away (malformed JSON, a missing field, no or too weak a
 * key), with its status; answered as {@code {"error": MESSAGE, "field": FIELD}}.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String field;

  ApiError(int status, String message) {
    this(status, null, message);
  }

  ApiError(int status, @Nullable String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  int status() {
    return status;
  }

  @Nullable String field() {
    return field;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  static ApiError invalid(String field, String message) {
    return new ApiError(422, field, message);
  }
}
