package dev.tandem.dns.zone;

import java.nio.file.Path;

/** A zone file that cannot be read or parsed, with the file and line where it went wrong. */
public final class ZoneFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String reason;

  public ZoneFileException(Path file, int line, String reason) {
    super(file + (line > 0 ? ":" + line : "") + ": " + reason);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  /** The line, or 0 when the problem is not on a line (an unreadable file). */
  public int line() {
    return line;
  }

  public String reason() {
    return reason;
  }

  ZoneProblem toProblem() {
    return new ZoneProblem(ZoneProblem.Severity.ERROR, file, line, reason);
  }
}
