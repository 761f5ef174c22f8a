package dev.tandem.control.service;

import org.jspecify.annotations.Nullable;

/**
 * A request to {@link ZoneService} that was not carried out, and why, in words an operator can act
 * on. Nothing was changed. The API maps {@link #problem} to an HTTP status.
 */
public final class ServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal. */
  public enum Problem {
    /** The request names things that do not exist or asks for what cannot be done to it. */
    INVALID,
    /** No such zone, key, peer or ACL. */
    NOT_FOUND,
    /** It exists already, or something else still uses it. */
    CONFLICT
  }

  private final Problem problem;
  private final @Nullable String field;

  public ServiceException(Problem problem, String message) {
    this(problem, null, message);
  }

  public ServiceException(Problem problem, @Nullable String field, String message) {
    super(message);
    this.problem = problem;
    this.field = field;
  }

  public Problem problem() {
    return problem;
  }

  /** The request field at fault, if one is. */
  public @Nullable String field() {
    return field;
  }

  static ServiceException invalid(String message) {
    return new ServiceException(Problem.INVALID, message);
  }

  static ServiceException invalid(String field, String message) {
    return new ServiceException(Problem.INVALID, field, message);
  }

  static ServiceException notFound(String message) {
    return new ServiceException(Problem.NOT_FOUND, message);
  }

  static ServiceException conflict(String message) {
    return new ServiceException(Problem.CONFLICT, message);
  }
}
