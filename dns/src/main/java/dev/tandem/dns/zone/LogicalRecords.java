package dev.tandem.dns.zone;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Splits zone file text into logical records (RFC 1035 section 5.1): one line each, except that
 * parentheses continue a record over several lines. Comments are dropped; quoted strings and
 * backslash escapes are kept as written (a {@code ;} or {@code (} inside them is text). Each record
 * knows the line it started on.
 */
final class LogicalRecords {
  private final InputStream in;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkLen;
  private boolean eof;

  private byte[] buf = new byte[256];
  private int len;
  private int line = 1;
  private int recordLine;
  private @Nullable String problem;

  LogicalRecords(InputStream in) {
    this.in = in;
  }

  /** Reads the next logical record; false at the end of the input. */
  boolean next() throws IOException {
    len = 0;
    problem = null;
    recordLine = line;
    int depth = 0;
    boolean quoted = false;
    boolean any = false;
    while (true) {
      int c = read();
      if (c < 0) {
        if (depth > 0 && problem == null) {
          problem = "unbalanced parentheses: end of file inside '('";
        }
        if (quoted && problem == null) {
          problem = "unterminated quoted string";
        }
        return any || len > 0;
      }
      any = true;
      if (c == '\n') {
        line++;
        if (quoted) {
          problem = problem == null ? "newline in quoted string" : problem;
          return true;
        }
        if (depth > 0) {
          append(' ');
          continue;
        }
        return true;
      }
      if (c == '\r') {
        continue;
      }
      if (c == '\\') {
        append(c);
        int e = read();
        if (e >= 0 && e != '\n') {
          append(e);
        } else if (e == '\n') {
          line++;
          append(' ');
        }
        continue;
      }
      if (quoted) {
        if (c == '"') {
          quoted = false;
        }
        append(c);
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          append(c);
        }
        case ';' -> skipComment();
        case '(' -> {
          depth++;
          append(c);
        }
        case ')' -> {
          depth--;
          if (depth < 0 && problem == null) {
            problem = "unbalanced parentheses: ')' without '('";
            depth = 0;
          }
          append(c);
        }
        default -> append(c);
      }
    }
  }

  private void skipComment() throws IOException {
    int c;
    while ((c = read()) >= 0) {
      if (c == '\n') {
        unread();
        return;
      }
    }
  }

  private int read() throws IOException {
    if (chunkPos >= chunkLen) {
      if (eof) {
        return -1;
      }
      chunkLen = in.read(chunk, 0, chunk.length);
      chunkPos = 0;
      if (chunkLen <= 0) {
        chunkLen = 0;
        eof = true;
        return -1;
      }
    }
    return chunk[chunkPos++] & 0xff;
  }

  private void unread() {
    chunkPos--;
  }

  private void append(int c) {
    if (len == buf.length) {
      buf = Arrays.copyOf(buf, len * 2);
    }
    buf[len++] = (byte) c;
  }

  byte[] buffer() {
    return buf;
  }

  int length() {
    return len;
  }

  /** The line the current record started on. */
  int line() {
    return recordLine;
  }

  /** What is wrong with the current record's syntax (quotes, parentheses), or null. */
  @Nullable String problem() {
    return problem;
  }
}
