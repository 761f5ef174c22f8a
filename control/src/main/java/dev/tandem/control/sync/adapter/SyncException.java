package dev.tandem.control.sync.adapter;

/**
 * Why a target did not list or take a change: it could not be reached (try again later, with
 * backoff), it refused what was sent (a record it cannot hold: report it, apply the rest), or it
 * failed otherwise (a server error, an answer that does not read: try again, report the error).
 */
public final class SyncException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure, which decides what the engine does next. */
  public enum Kind {
    /** No answer: connection refused, timed out. Retried with backoff. */
    UNREACHABLE,
    /** The target answered and refused the change (bad record, a type it lacks, a size limit). */
    REFUSED,
    /** Anything else: a server error, an answer that does not read. Retried with backoff. */
    FAILED
  }

  private final Kind kind;

  public SyncException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SyncException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static SyncException refused(String message) {
    return new SyncException(Kind.REFUSED, message);
  }

  public static SyncException unreachable(String message, Throwable cause) {
    return new SyncException(Kind.UNREACHABLE, message, cause);
  }

  public static SyncException failed(String message) {
    return new SyncException(Kind.FAILED, message);
  }
}
