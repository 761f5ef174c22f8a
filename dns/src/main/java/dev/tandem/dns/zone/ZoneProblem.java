package dev.tandem.dns.zone;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Something wrong with a zone, located in its source. Errors keep the zone from being served;
 * warnings are reported and the zone is served (as BIND does for the same conditions).
 *
 * @param file the zone file (or an included file), null when the zone did not come from a file
 * @param line the line, 0 when the problem concerns the zone as a whole
 */
public record ZoneProblem(Severity severity, @Nullable Path file, int line, String message) {
  public enum Severity {
    ERROR,
    WARNING
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code file:line: error: message}, the form compilers and named-checkzone use. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    }
    sb.append(severity == Severity.ERROR ? "error: " : "warning: ").append(message);
    return sb.toString();
  }
}
