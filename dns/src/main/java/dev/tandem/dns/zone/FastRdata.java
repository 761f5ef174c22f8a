package dev.tandem.dns.zone;

import java.util.Arrays;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Type;

/**
 * Wire form for the record types that make up nearly all of real zones, when written plainly: the
 * zone-file reader's fast path (see {@link ZoneFileReader}). Anything unusual returns -1 and the
 * record goes to dnsjava, which decides whether it is valid and says why not.
 *
 * <p>The DNSSEC types (RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY, CDNSKEY, DS, CDS) are about half of
 * the records of a signed zone. Their fast paths take the forms signers write (ldns, BIND, Knot):
 * decimal fields, times as YYYYMMDDHHmmSS or seconds, base64 and hex split over any number of
 * fields, base32hex in either case, type bitmaps of mnemonics or {@code TYPEnnn}. Each produces
 * exactly the bytes dnsjava's parser does; whatever might be read differently (TTL units or
 * clamping in an RRSIG's original TTL, out-of-range or odd times, non-canonical base64, quoted or
 * escaped fields, a DS digest of the wrong length, no key or signature) is left to dnsjava.
 *
 * <p>One piece, past the usual size: a flat list of per-type readers sharing one set of field
 * primitives, each read against dnsjava's output by {@code ZoneFileFastPathTest}.
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
      case Type.RRSIG -> fields >= 9 ? rrsig(tk, t, origin, out) : -1;
      case Type.NSEC -> fields >= 1 ? nsec(tk, t, origin, out) : -1;
      case Type.NSEC3 -> fields >= 5 ? nsec3(tk, t, out) : -1;
      case Type.NSEC3PARAM -> fields == 4 ? nsec3param(tk, t, out) : -1;
      case Type.DNSKEY, Type.CDNSKEY -> fields >= 4 ? dnskey(tk, t, out) : -1;
      case Type.DS, Type.CDS -> fields >= 4 ? ds(tk, t, out) : -1;
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

  // ---------------------------------------------------------------- DNSSEC

  /** RFC 4034 section 3.2: covered type, algorithm, labels, TTL, times, key tag, signer, base64. */
  private static int rrsig(Tokens tk, int t, byte[] origin, byte[] out) {
    int covered = tk.type(t);
    int alg = algorithm(tk, t + 1);
    int labels = u8(tk, t + 2);
    long ttl = tk.isDecimal(t + 3) ? tk.decimal(t + 3) : -1;
    long expire = time(tk, t + 4);
    long inception = time(tk, t + 5);
    int tag = u16(tk, t + 6);
    // dnsjava clamps an original TTL above 2^31-1 (RFC 2181 section 8): left to it
    if (covered < 0
        || alg < 0
        || labels < 0
        || ttl < 0
        || ttl > 0x7fffffffL
        || expire < 0
        || inception < 0
        || tag < 0) {
      return -1;
    }
    out[0] = (byte) (covered >>> 8);
    out[1] = (byte) covered;
    out[2] = (byte) alg;
    out[3] = (byte) labels;
    u32(out, 4, ttl);
    u32(out, 8, expire);
    u32(out, 12, inception);
    out[16] = (byte) (tag >>> 8);
    out[17] = (byte) tag;
    int n = name(tk, t + 7, origin, out, 18);
    if (n < 0) {
      return -1;
    }
    int m = base64(tk, t + 8, out, 18 + n);
    return m < 0 ? -1 : 18 + n + m;
  }

  /** RFC 4034 section 4.2: next owner name and type bitmap. */
  private static int nsec(Tokens tk, int t, byte[] origin, byte[] out) {
    int n = name(tk, t, origin, out, 0);
    if (n < 0) {
      return -1;
    }
    int m = typeBitmap(tk, t + 1, out, n);
    return m < 0 ? -1 : n + m;
  }

  /** RFC 5155 section 3.3: algorithm, flags, iterations, salt, next hashed owner, bitmap. */
  private static int nsec3(Tokens tk, int t, byte[] out) {
    int w = nsec3param(tk, t, out);
    if (w < 0) {
      return -1;
    }
    int n = base32hex(tk, t + 4, out, w + 1);
    if (n < 0) {
      return -1;
    }
    out[w] = (byte) n;
    w += 1 + n;
    int m = typeBitmap(tk, t + 5, out, w);
    return m < 0 ? -1 : w + m;
  }

  /** RFC 5155 section 4.2 (and the first four fields of NSEC3): alg, flags, iterations, salt. */
  private static int nsec3param(Tokens tk, int t, byte[] out) {
    int alg = u8(tk, t);
    int flags = u8(tk, t + 1);
    int iterations = u16(tk, t + 2);
    int s = t + 3;
    if (alg < 0 || flags < 0 || iterations < 0 || !tk.plain(s)) {
      return -1;
    }
    out[0] = (byte) alg;
    out[1] = (byte) flags;
    out[2] = (byte) (iterations >>> 8);
    out[3] = (byte) iterations;
    if (tk.length(s) == 1 && tk.byteAt(s, 0) == '-') {
      out[4] = 0; // no salt
      return 5;
    }
    int n = hex(tk, s, s + 1, out, 5);
    if (n < 0 || n > 255) {
      return -1;
    }
    out[4] = (byte) n;
    return 5 + n;
  }

  /** RFC 4034 section 2.2: flags, protocol, algorithm (number or mnemonic), base64 key. */
  private static int dnskey(Tokens tk, int t, byte[] out) {
    int flags = u16(tk, t);
    int protocol = u8(tk, t + 1);
    int alg = algorithm(tk, t + 2);
    if (flags < 0 || protocol < 0 || alg < 0) {
      return -1;
    }
    out[0] = (byte) (flags >>> 8);
    out[1] = (byte) flags;
    out[2] = (byte) protocol;
    out[3] = (byte) alg;
    int m = base64(tk, t + 3, out, 4);
    return m < 0 ? -1 : 4 + m;
  }

  /** RFC 4034 section 5.3: key tag, algorithm (a number only, as dnsjava), digest type, hex. */
  private static int ds(Tokens tk, int t, byte[] out) {
    int tag = u16(tk, t);
    int alg = u8(tk, t + 1);
    int digestType = u8(tk, t + 2);
    if (tag < 0 || alg < 0 || digestType < 0) {
      return -1;
    }
    out[0] = (byte) (tag >>> 8);
    out[1] = (byte) tag;
    out[2] = (byte) alg;
    out[3] = (byte) digestType;
    int n = hex(tk, t + 3, tk.count, out, 4);
    if (n < 0) {
      return -1;
    }
    int expected = DNSSEC.Digest.algLength(digestType);
    return expected >= 0 && expected != n ? -1 : 4 + n; // the wrong length: dnsjava says so
  }

  private static int u8(Tokens tk, int t) {
    if (!tk.isDecimal(t)) {
      return -1;
    }
    long v = tk.decimal(t);
    return v <= 0xff ? (int) v : -1;
  }

  private static void u32(byte[] out, int off, long v) {
    out[off] = (byte) (v >>> 24);
    out[off + 1] = (byte) (v >>> 16);
    out[off + 2] = (byte) (v >>> 8);
    out[off + 3] = (byte) v;
  }

  /** A DNSSEC algorithm: a number up to 255, or a mnemonic as dnsjava knows it; or -1. */
  private static int algorithm(Tokens tk, int t) {
    if (!tk.plain(t)) {
      return -1;
    }
    if (tk.isDecimal(t)) {
      return u8(tk, t);
    }
    return DNSSEC.Algorithm.value(tk.text(t));
  }

  /**
   * An RRSIG time (RFC 4034 section 3.2): YYYYMMDDHHmmSS in UTC, or seconds since 1970 in at most
   * ten digits, as dnsjava reads them; the value as an unsigned 32-bit number, or -1. Dates dnsjava
   * would adjust (the 31st of a 30-day month, hour 24) or that do not fit are left to it.
   */
  static long time(Tokens tk, int t) {
    int n = tk.length(t);
    if (!tk.plain(t) || n == 0) {
      return -1;
    }
    byte[] b = tk.buf;
    int s = tk.start(t);
    for (int p = s; p < s + n; p++) {
      if (b[p] < '0' || b[p] > '9') {
        return -1;
      }
    }
    if (n <= 10) {
      long v = tk.decimal(t);
      return v <= 0xffffffffL ? v : -1;
    }
    if (n != 14) {
      return -1;
    }
    int year = digits(b, s, 4);
    int month = digits(b, s + 4, 2);
    int day = digits(b, s + 6, 2);
    int hour = digits(b, s + 8, 2);
    int minute = digits(b, s + 10, 2);
    int second = digits(b, s + 12, 2);
    if (year < 1970
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return -1;
    }
    long v = daysSinceEpoch(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
    return v <= 0xffffffffL ? v : -1;
  }

  private static int digits(byte[] b, int p, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = v * 10 + (b[p + i] - '0');
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long daysSinceEpoch(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = y / 400; // y >= 1969 here
    int yoe = y - era * 400;
    int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe - 719468;
  }

  private static final byte[] BASE64 = new byte[128];

  static {
    Arrays.fill(BASE64, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = (byte) i;
    }
  }

  /**
   * Fields {@code [t, count)} concatenated as base64 (RFC 4648 section 4) into {@code out[off..]};
   * the number of bytes, or -1. Only what dnsjava decodes to the same bytes: the alphabet, padding
   * only at the very end and only as much as needed, the unused bits of the last group zero.
   */
  private static int base64(Tokens tk, int t, byte[] out, int off) {
    if (t >= tk.count) {
      return -1; // none: dnsjava decides (an RRSIG or DNSKEY without one)
    }
    byte[] b = tk.buf;
    int w = off;
    int acc = 0;
    int bits = 0;
    int chars = 0;
    int pad = 0;
    for (int i = t; i < tk.count; i++) {
      if (!tk.plain(i)) {
        return -1;
      }
      int e = tk.end(i);
      if (w + (e - tk.start(i)) * 3 / 4 + 1 > out.length) {
        return -1;
      }
      for (int p = tk.start(i); p < e; p++) {
        int c = b[p];
        if (c == '=') {
          pad++;
          continue;
        }
        int v = c >= 0 ? BASE64[c] : -1;
        if (v < 0 || pad > 0) {
          return -1;
        }
        chars++;
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out[w++] = (byte) (acc >>> bits);
        }
      }
    }
    int rest = chars & 3;
    boolean padded = (rest == 0 && pad == 0) || (rest == 2 && pad == 2) || (rest == 3 && pad == 1);
    if (!padded || (acc & ((1 << bits) - 1)) != 0) {
      return -1;
    }
    return w - off;
  }

  /**
   * Fields {@code [t, end)} concatenated as hex digits into {@code out[off..]}; the number of
   * bytes, or -1 when there is no field, a field is not plain or not hex, or the digits are odd in
   * number.
   */
  private static int hex(Tokens tk, int t, int end, byte[] out, int off) {
    if (t >= end) {
      return -1;
    }
    byte[] b = tk.buf;
    int w = off;
    int hi = -1;
    for (int i = t; i < end; i++) {
      if (!tk.plain(i)) {
        return -1;
      }
      int e = tk.end(i);
      if (w + (e - tk.start(i)) / 2 + 1 > out.length) {
        return -1;
      }
      for (int p = tk.start(i); p < e; p++) {
        int v = hex(b[p]);
        if (v < 0) {
          return -1;
        }
        if (hi < 0) {
          hi = v;
        } else {
          out[w++] = (byte) ((hi << 4) | v);
          hi = -1;
        }
      }
    }
    return hi < 0 ? w - off : -1;
  }

  /**
   * Field {@code t} as base32hex without padding (RFC 4648 section 7; RFC 5155 section 3.3), either
   * case, into {@code out[off..]}; the number of bytes (at most 255), or -1. Leftover bits are
   * dropped, as dnsjava drops them.
   */
  private static int base32hex(Tokens tk, int t, byte[] out, int off) {
    if (!tk.plain(t)) {
      return -1;
    }
    byte[] b = tk.buf;
    int e = tk.end(t);
    int chars = e - tk.start(t);
    int rest = chars & 7;
    // a last group of 1, 3 or 6 characters is no whole number of bytes: dnsjava rejects it
    if (rest == 1 || rest == 3 || rest == 6 || chars * 5 / 8 > 255) {
      return -1;
    }
    int w = off;
    int acc = 0;
    int bits = 0;
    for (int p = tk.start(t); p < e; p++) {
      int c = b[p];
      int v;
      if (c >= '0' && c <= '9') {
        v = c - '0';
      } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'v') {
        v = (c | 0x20) - 'a' + 10;
      } else {
        return -1;
      }
      acc = (acc << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[w++] = (byte) (acc >>> bits);
      }
    }
    return w - off;
  }

  /**
   * Fields {@code [t, count)} as type mnemonics into an RFC 4034 section 4.1.2 bitmap at {@code
   * out[off..]}, in any order and with repeats as dnsjava allows; the length (0 for no types), or
   * -1.
   */
  private static int typeBitmap(Tokens tk, int t, byte[] out, int off) {
    int n = tk.count - t;
    if (n <= 0) {
      return 0;
    }
    int[] types = new int[n];
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      int v = tk.type(t + i); // -1 for an unknown mnemonic or a field not plain
      if (v < 0) {
        return -1;
      }
      types[i] = v;
      sorted &= i == 0 || types[i - 1] < v;
    }
    if (!sorted) {
      Arrays.sort(types);
    }
    int w = off;
    int i = 0;
    while (i < n) {
      int window = types[i] >>> 8;
      int j = i;
      int last = 0;
      while (j < n && types[j] >>> 8 == window) {
        last = types[j] & 0xff;
        j++;
      }
      int len = last / 8 + 1;
      if (w + 2 + len > out.length) {
        return -1;
      }
      out[w] = (byte) window;
      out[w + 1] = (byte) len;
      Arrays.fill(out, w + 2, w + 2 + len, (byte) 0);
      for (int k = i; k < j; k++) {
        int low = types[k] & 0xff;
        out[w + 2 + low / 8] |= (byte) (0x80 >>> (low & 7));
      }
      w += 2 + len;
      i = j;
    }
    return w - off;
  }
}
