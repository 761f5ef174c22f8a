package dev.tandem.dns.zone;

import java.util.Arrays;
import org.xbill.DNS.Type;

/**
 * The fields of one logical record: offsets into the record's bytes, no strings unless asked.
 * Whitespace and parentheses separate fields; a quoted string is one field (its content is between
 * the quotes); a field with a backslash is marked so that the fast paths leave it to dnsjava.
 */
final class Tokens {
  byte[] buf = new byte[0];
  int length;
  int count;
  boolean startsBlank;
  private int[] start = new int[32];
  private int[] end = new int[32];
  private int[] rawStart = new int[32];
  private boolean[] quoted = new boolean[32];
  private boolean[] escaped = new boolean[32];

  // A small cache of type mnemonics: zones use a handful of types over and over.
  private final byte[][] typeNames = new byte[16][];
  private final int[] typeValues = new int[16];
  private int typeCacheNext;

  void split(byte[] b, int len) {
    buf = b;
    length = len;
    count = 0;
    startsBlank = len > 0 && (b[0] == ' ' || b[0] == '\t');
    int p = 0;
    while (p < len) {
      int c = b[p];
      if (c == ' ' || c == '\t' || c == '(' || c == ')') {
        p++;
        continue;
      }
      ensure();
      rawStart[count] = p;
      boolean esc = false;
      if (c == '"') {
        int s = ++p;
        while (p < len && b[p] != '"') {
          if (b[p] == '\\') {
            esc = true;
            p++;
          }
          p++;
        }
        start[count] = s;
        end[count] = Math.min(p, len);
        quoted[count] = true;
        p++; // the closing quote
      } else {
        int s = p;
        while (p < len) {
          int d = b[p];
          if (d == ' ' || d == '\t' || d == '(' || d == ')') {
            break;
          }
          if (d == '\\' || d == '"') {
            esc = true; // an escape, or a quote inside a field: dnsjava's reading decides
            if (d == '\\') {
              p++;
            }
          }
          p++;
        }
        start[count] = s;
        end[count] = Math.min(p, len);
        quoted[count] = false;
      }
      escaped[count] = esc;
      count++;
    }
  }

  private void ensure() {
    if (count == start.length) {
      int n = count * 2;
      start = Arrays.copyOf(start, n);
      end = Arrays.copyOf(end, n);
      rawStart = Arrays.copyOf(rawStart, n);
      quoted = Arrays.copyOf(quoted, n);
      escaped = Arrays.copyOf(escaped, n);
    }
  }

  int start(int i) {
    return start[i];
  }

  int end(int i) {
    return end[i];
  }

  int length(int i) {
    return end[i] - start[i];
  }

  boolean quoted(int i) {
    return quoted[i];
  }

  boolean escaped(int i) {
    return escaped[i];
  }

  /** A plain field: not quoted, no escapes. */
  boolean plain(int i) {
    return !quoted[i] && !escaped[i];
  }

  byte byteAt(int i, int j) {
    return buf[start[i] + j];
  }

  String text(int i) {
    return ZoneFileReader.ascii(buf, start[i], end[i] - start[i]);
  }

  /** The record's text from field {@code i} on, as written (for dnsjava). */
  String rest(int i) {
    int s = i < count ? rawStart[i] : length;
    return ZoneFileReader.ascii(buf, s, length - s);
  }

  boolean startsWithDigit(int i) {
    return plain(i) && length(i) > 0 && buf[start[i]] >= '0' && buf[start[i]] <= '9';
  }

  boolean isDecimal(int i) {
    int n = length(i);
    if (!plain(i) || n == 0 || n > 10) {
      return false;
    }
    for (int p = start[i]; p < end[i]; p++) {
      if (buf[p] < '0' || buf[p] > '9') {
        return false;
      }
    }
    return decimal(i) <= 0xffffffffL;
  }

  long decimal(int i) {
    long v = 0;
    for (int p = start[i]; p < end[i]; p++) {
      v = v * 10 + (buf[p] - '0');
    }
    return v;
  }

  boolean isClassIn(int i) {
    return plain(i)
        && length(i) == 2
        && (buf[start[i]] | 0x20) == 'i'
        && (buf[start[i] + 1] | 0x20) == 'n';
  }

  /** The record type named by field {@code i}, or -1. */
  int type(int i) {
    if (!plain(i)) {
      return -1;
    }
    int s = start[i];
    int e = end[i];
    for (int k = 0; k < typeNames.length; k++) {
      byte[] n = typeNames[k];
      if (n != null && Arrays.equals(n, 0, n.length, buf, s, e)) {
        return typeValues[k];
      }
    }
    int v = Type.value(text(i));
    if (v >= 0) {
      typeNames[typeCacheNext] = Arrays.copyOfRange(buf, s, e);
      typeValues[typeCacheNext] = v;
      typeCacheNext = (typeCacheNext + 1) % typeNames.length;
    }
    return v;
  }
}
