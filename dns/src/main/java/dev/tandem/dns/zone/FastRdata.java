package dev.tandem.dns.zone;

import org.xbill.DNS.Type;

/**
 * Wire form for the record types that make up nearly all of real zones, when written plainly: the
 * zone-file reader's fast path (see {@link ZoneFileReader}). Anything unusual returns -1 and the
 * record goes to dnsjava, which decides whether it is valid and says why not.
 */
final class FastRdata {
  private FastRdata() {}

  /**
   * Encodes the rdata in fields {@code [t, tokens.count)} into {@code out}; returns its length, or
   * -1 when this record is not for the fast path.
   */
  static int encode(int type, Tokens tk, int t, byte[] origin, byte[] out) {
    int fields = tk.count - t;
    return switch (type) {
      case Type.A -> fields == 1 ? ipv4(tk, t, out, 0) : -1;
      case Type.AAAA -> fields == 1 ? ipv6(tk, t, out) : -1;
      case Type.NS, Type.CNAME, Type.PTR, Type.DNAME ->
          fields == 1 ? name(tk, t, origin, out, 0) : -1;
      case Type.MX -> fields == 2 ? u16ThenName(tk, t, origin, out) : -1;
      case Type.SRV -> fields == 4 ? srv(tk, t, origin, out) : -1;
      case Type.TXT, Type.SPF -> fields >= 1 ? strings(tk, t, out) : -1;
      case Type.SOA -> fields == 7 ? soa(tk, t, origin, out) : -1;
      default -> -1;
    };
  }

  /**
   * A domain name field as wire bytes (case as written) at {@code out[off]}: {@code @} is the
   * origin, a name without a final dot is relative to it. Returns the length, or -1.
   */
  static int name(Tokens tk, int t, byte[] origin, byte[] out, int off) {
    if (!tk.plain(t)) {
      return -1;
    }
    int s = tk.start(t);
    int e = tk.end(t);
    byte[] b = tk.buf;
    if (e - s == 1 && b[s] == '@') {
      System.arraycopy(origin, 0, out, off, origin.length);
      return origin.length;
    }
    if (e - s == 1 && b[s] == '.') {
      out[off] = 0;
      return 1;
    }
    int w = off;
    int labelStart = s;
    boolean absolute = false;
    for (int p = s; p <= e; p++) {
      if (p == e || b[p] == '.') {
        int l = p - labelStart;
        if (l == 0) {
          if (p == e && p > s && b[p - 1] == '.') {
            absolute = true;
            break;
          }
          return -1; // an empty label
        }
        if (l > 63) {
          return -1;
        }
        out[w++] = (byte) l;
        System.arraycopy(b, labelStart, out, w, l);
        w += l;
        labelStart = p + 1;
      }
    }
    if (absolute) {
      out[w++] = 0;
    } else {
      System.arraycopy(origin, 0, out, w, origin.length);
      w += origin.length;
    }
    return w - off > 255 ? -1 : w - off;
  }

  private static int ipv4(Tokens tk, int t, byte[] out, int off) {
    return tk.plain(t) ? dottedQuad(tk.buf, tk.start(t), tk.end(t), out, off) : -1;
  }

  /**
   * Four decimal bytes with dots at {@code b[p, e)} into {@code out[off..off+4)}; 4, or -1 for
   * anything else. Leading zeros are left to dnsjava (octal or decimal is a matter of reading).
   */
  private static int dottedQuad(byte[] b, int p, int e, byte[] out, int off) {
    for (int part = 0; part < 4; part++) {
      int v = 0;
      int digits = 0;
      while (p < e && b[p] >= '0' && b[p] <= '9') {
        v = v * 10 + (b[p++] - '0');
        if (++digits > 3) {
          return -1;
        }
      }
      if (digits == 0 || v > 255 || (digits > 1 && b[p - digits] == '0')) {
        return -1;
      }
      out[off + part] = (byte) v;
      if (part < 3) {
        if (p >= e || b[p] != '.') {
          return -1;
        }
        p++;
      }
    }
    return p == e ? 4 : -1;
  }

  /** RFC 4291 section 2.2 text: eight hex groups, one "::", an optional dotted quad at the end. */
  private static int ipv6(Tokens tk, int t, byte[] out) {
    if (!tk.plain(t)) {
      return -1;
    }
    byte[] b = tk.buf;
    int p = tk.start(t);
    int e = tk.end(t);
    int[] groups = new int[8];
    int n = 0;
    int gap = -1;
    if (e - p >= 2 && b[p] == ':' && b[p + 1] == ':') {
      gap = 0;
      p += 2;
    } else if (p < e && b[p] == ':') {
      return -1;
    }
    while (p < e) {
      int q = p;
      int v = 0;
      while (q < e && hex(b[q]) >= 0 && q - p < 4) {
        v = (v << 4) | hex(b[q]);
        q++;
      }
      if (q < e && b[q] == '.') {
        // a dotted quad as the last 32 bits
        if (n > 6) {
          return -1;
        }
        byte[] v4 = new byte[4];
        int m = dottedQuad(b, p, e, v4, 0);
        if (m < 0) {
          return -1;
        }
        groups[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        p = e;
        break;
      }
      if (q == p || n == 8) {
        return -1;
      }
      groups[n++] = v;
      p = q;
      if (p == e) {
        break;
      }
      if (b[p] != ':') {
        return -1;
      }
      p++;
      if (p < e && b[p] == ':') {
        if (gap >= 0) {
          return -1; // two "::"
        }
        gap = n;
        p++;
      } else if (p == e) {
        return -1; // a trailing single ':'
      }
    }
    if (gap < 0 ? n != 8 : n > 7) {
      return -1;
    }
    int zeros = 8 - n;
    int w = 0;
    for (int i = 0; i < n; i++) {
      if (i == gap) {
        for (int z = 0; z < zeros; z++) {
          out[w++] = 0;
          out[w++] = 0;
        }
      }
      out[w++] = (byte) (groups[i] >>> 8);
      out[w++] = (byte) groups[i];
    }
    if (gap == n) {
      for (int z = 0; z < zeros; z++) {
        out[w++] = 0;
        out[w++] = 0;
      }
    }
    return w == 16 ? 16 : -1;
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    int l = c | 0x20;
    return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
  }

  private static int u16(Tokens tk, int t) {
    if (!tk.isDecimal(t)) {
      return -1;
    }
    long v = tk.decimal(t);
    return v <= 0xffff ? (int) v : -1;
  }

  private static int u16ThenName(Tokens tk, int t, byte[] origin, byte[] out) {
    int v = u16(tk, t);
    if (v < 0) {
      return -1;
    }
    out[0] = (byte) (v >>> 8);
    out[1] = (byte) v;
    int n = name(tk, t + 1, origin, out, 2);
    return n < 0 ? -1 : 2 + n;
  }

  private static int srv(Tokens tk, int t, byte[] origin, byte[] out) {
    for (int i = 0; i < 3; i++) {
      int v = u16(tk, t + i);
      if (v < 0) {
        return -1;
      }
      out[2 * i] = (byte) (v >>> 8);
      out[2 * i + 1] = (byte) v;
    }
    int n = name(tk, t + 3, origin, out, 6);
    return n < 0 ? -1 : 6 + n;
  }

  private static int soa(Tokens tk, int t, byte[] origin, byte[] out) {
    int m = name(tk, t, origin, out, 0);
    if (m < 0) {
      return -1;
    }
    int r = name(tk, t + 1, origin, out, m);
    if (r < 0) {
      return -1;
    }
    int w = m + r;
    for (int i = 2; i < 7; i++) {
      if (!tk.isDecimal(t + i)) {
        return -1; // TTL units (1h) and the like: dnsjava
      }
      long v = tk.decimal(t + i);
      out[w++] = (byte) (v >>> 24);
      out[w++] = (byte) (v >>> 16);
      out[w++] = (byte) (v >>> 8);
      out[w++] = (byte) v;
    }
    return w;
  }

  /** TXT: each field one character-string (RFC 1035 3.3.14), quoted or not, at most 255 bytes. */
  private static int strings(Tokens tk, int t, byte[] out) {
    int w = 0;
    byte[] b = tk.buf;
    for (int i = t; i < tk.count; i++) {
      int lenAt = w++;
      int s = tk.start(i);
      int e = tk.end(i);
      if (!tk.quoted(i) && tk.escaped(i)) {
        return -1;
      }
      for (int p = s; p < e; p++) {
        int c = b[p] & 0xff;
        if (c == '\\') {
          if (p + 1 >= e) {
            return -1; // a backslash at the end
          }
          if (isDigit(b[p + 1])) {
            // \DDD: a byte in decimal (RFC 1035 section 5.1)
            if (p + 3 >= e || !isDigit(b[p + 2]) || !isDigit(b[p + 3])) {
              return -1;
            }
            int v = (b[p + 1] - '0') * 100 + (b[p + 2] - '0') * 10 + (b[p + 3] - '0');
            if (v > 255) {
              return -1;
            }
            c = v;
            p += 3;
          } else {
            c = b[++p] & 0xff;
          }
        }
        if (w - lenAt - 1 >= 255 || w >= out.length) {
          return -1;
        }
        out[w++] = (byte) c;
      }
      out[lenAt] = (byte) (w - lenAt - 1);
    }
    return w;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
