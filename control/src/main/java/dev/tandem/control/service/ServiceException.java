package dev.tandem.control.service;

import java.util.List;
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
    CONFLICT,
    /** The asker may not do it: its API key is limited to other zones, names or types. */
    FORBIDDEN
  }

  private final Problem problem;
  private final @Nullable String field;
  private final List<String> problems;

  public ServiceException(Problem problem, String message) {
    this(problem, null, message);
  }

  public ServiceException(Problem problem, @Nullable String field, String message) {
    this(problem, field, message, List.of());
  }

  /**
   * @param problems the separate problems {@code message} lists (a new zone's errors)
   */
  public ServiceException(
      Problem problem, @Nullable String field, String message, List<String> problems) {
    super(message);
    this.problem = problem;
    this.field = field;
    this.problems = List.copyOf(problems);
  }

  public Problem problem() {
    return problem;
  }

  /** The request field at fault, if one is. */
  public @Nullable String field() {
    return field;
  }

  /**
   * The separate problems the message lists, for a surface that words the message its own way (the
   * PowerDNS API's "Zone '...' is not valid: ..."); empty when it lists none.
   */
  public List<String> problems() {
    return problems;
  }

  public static ServiceException invalid(String message) {
    return new ServiceException(Problem.INVALID, message);
  }

  public static ServiceException invalid(String field, String message) {
    return new ServiceException(Problem.INVALID, field, message);
  }

  public static ServiceException notFound(String message) {
    return new ServiceException(Problem.NOT_FOUND, message);
  }

  public static ServiceException forbidden(String message) {
    return new ServiceException(Problem.FORBIDDEN, message);
  }

  public static ServiceException conflict(String message) {
    return new ServiceException(Problem.CONFLICT, message);
  }
}
