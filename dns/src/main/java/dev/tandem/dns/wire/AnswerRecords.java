package dev.tandem.dns.wire;

/**
 * The answer section of a message, record by record, in the wire form a zone keeps: owner name and
 * the names inside rdata uncompressed, in the case they were sent. A zone transfer's records go
 * from here straight into the zone builder; rendering each dnsjava {@code Record} again to get its
 * bytes made two thirds of what a million-record AXFR allocated, and the collections that garbage
 * cost were a fifth of its time (async-profiler, bench/secondary).
 *
 * <p>Only the types whose rdata layout is listed here are expanded ({@link #expanded()}): those
 * without names, whose rdata is copied as sent (a DNSSEC signature covers exactly those bytes), and
 * those with names in known places, RFC 1035's compressed ones among them. For any other type the
 * caller takes the record's parts elsewhere (dnsjava parses every type). The message must already
 * have parsed as a whole; what is malformed here is reported by {@link #next()} as false with
 * {@link #malformed()} set, never by an exception.
 */
public final class AnswerRecords {
  private static final int HEADER = 12;

  private final byte[] owner = new byte[WireName.MAX_LENGTH];
  private byte[] rdata = new byte[512];
  private byte[] msg = new byte[0];
  private int end;
  private int at;
  private int left;
  private boolean malformed;

  private int ownerLength;
  private int type;
  private int dclass;
  private long ttl;
  private int rdataLength;
  private boolean expanded;
  private int copied; // the length of the name copyName last copied

  /**
   * Starts on the answer section of {@code message[0, length)}: the next {@link #next()} reads its
   * first record. The array is kept, not copied.
   */
  public AnswerRecords reset(byte[] message, int length) {
    msg = message;
    end = length;
    malformed = false;
    left = 0;
    at = HEADER;
    if (length < HEADER) {
      malformed = true;
      return this;
    }
    int questions = u16(4);
    for (int i = 0; i < questions; i++) {
      int n = WireName.compressedLength(msg, at, end);
      if (n < 0 || at + n + 4 > end) {
        malformed = true;
        return this;
      }
      at += n + 4;
    }
    left = u16(6);
    return this;
  }

  /** Moves to the next answer record; false at the end of the section or if it is malformed. */
  public boolean next() {
    if (left == 0 || malformed) {
      return false;
    }
    left--;
    int p = copyName(at, end, owner, 0);
    ownerLength = copied;
    if (p < 0 || p + 10 > end) {
      return fail();
    }
    type = u16(p);
    dclass = u16(p + 2);
    ttl = ((long) u16(p + 4) << 16) | u16(p + 6);
    int rdlength = u16(p + 8);
    int start = p + 10;
    if (start + rdlength > end) {
      return fail();
    }
    at = start + rdlength;
    if (rdata.length < rdlength + 2 * WireName.MAX_LENGTH) {
      rdata = new byte[rdlength + 2 * WireName.MAX_LENGTH];
    }
    expanded = expand(start, rdlength);
    return expanded || !malformed;
  }

  /** Whether the section held something that is not a record (the reading stopped there). */
  public boolean malformed() {
    return malformed;
  }

  /** The owner name, uncompressed: {@code owner()[0, ownerLength())}. */
  public byte[] owner() {
    return owner;
  }

  public int ownerLength() {
    return ownerLength;
  }

  public int type() {
    return type;
  }

  public int dclass() {
    return dclass;
  }

  public long ttl() {
    return ttl;
  }

  /** Whether {@link #rdata()} holds this record's rdata (its type's layout is known here). */
  public boolean expanded() {
    return expanded;
  }

  /** The rdata, names uncompressed: {@code rdata()[0, rdataLength())}, when {@link #expanded()}. */
  public byte[] rdata() {
    return rdata;
  }

  public int rdataLength() {
    return rdataLength;
  }

  /** Writes the rdata at {@code msg[start, start+len)} expanded; false if its type is not known. */
  private boolean expand(int start, int len) {
    int limit = start + len;
    rdataLength = 0;
    return switch (type) {
      // no names: as sent
      case 1, 13, 16, 28, 43, 44, 48, 50, 51, 52, 53, 59, 60, 61, 63, 257 -> copy(start, limit);
      // one name, nothing after
      case 2, 3, 4, 5, 7, 8, 9, 12, 39 -> name(start, limit) == limit || fail();
      // two names (MINFO, RP)
      case 14, 17 -> {
        int p = name(start, limit);
        yield p >= 0 && name(p, limit) == limit || fail();
      }
      // SOA: two names, then serial, refresh, retry, expire, minimum
      case 6 -> {
        int p = name(start, limit);
        p = p < 0 ? -1 : name(p, limit);
        yield p >= 0 && limit - p == 20 && copy(p, limit) || fail();
      }
      // MX, AFSDB, RT, KX: a 16-bit number, then a name
      case 15, 18, 21, 36 ->
          len > 2 && copy(start, start + 2) && name(start + 2, limit) == limit || fail();
      // SRV: priority, weight, port, then the target
      case 33 -> len > 6 && copy(start, start + 6) && name(start + 6, limit) == limit || fail();
      // NSEC: next owner, then the type bitmap as sent
      case 47 -> {
        int p = name(start, limit);
        yield p >= 0 && copy(p, limit) || fail();
      }
      // RRSIG: 18 bytes of fields, the signer's name, then the signature as sent
      case 46 -> {
        if (len <= 18 || !copy(start, start + 18)) {
          yield fail();
        }
        int p = name(start + 18, limit);
        yield p >= 0 && copy(p, limit) || fail();
      }
      default -> false;
    };
  }

  /** Appends {@code msg[from, to)} to the rdata. */
  private boolean copy(int from, int to) {
    System.arraycopy(msg, from, rdata, rdataLength, to - from);
    rdataLength += to - from;
    return true;
  }

  /** Appends the name at {@code p}, expanded; returns where it ends in the message, or -1. */
  private int name(int p, int limit) {
    int next = copyName(p, limit, rdata, rdataLength);
    if (next >= 0) {
      rdataLength += copied;
    }
    return next;
  }

  /**
   * Copies the possibly compressed name at {@code p} into {@code dst} from {@code dstOff},
   * uncompressed and in the case it was sent, in one walk; sets {@link #copied} to its length there
   * and returns where it ends in the message, or -1 if it is malformed by the rules of {@link
   * WireName#compressedLength} (pointers strictly backwards, labels up to 63, names up to 255).
   */
  private int copyName(int p, int limit, byte[] dst, int dstOff) {
    int q = dstOff;
    int after = -1; // where the name ends in the message: after its first pointer, if any
    while (true) {
      if (p >= limit) {
        return -1;
      }
      int len = msg[p] & 0xff;
      if (len == 0) {
        dst[q++] = 0;
        copied = q - dstOff;
        return after >= 0 ? after : p + 1;
      }
      if ((len & 0xc0) == 0xc0) {
        if (p + 1 >= limit) {
          return -1;
        }
        int target = ((len & 0x3f) << 8) | (msg[p + 1] & 0xff);
        if (target >= p) {
          return -1;
        }
        if (after < 0) {
          after = p + 2;
        }
        p = target;
        continue;
      }
      if (len > WireName.MAX_LABEL_LENGTH
          || q - dstOff + len + 1 >= WireName.MAX_LENGTH
          || p + len + 1 > limit) {
        return -1;
      }
      System.arraycopy(msg, p, dst, q, len + 1);
      q += len + 1;
      p += len + 1;
    }
  }

  private boolean fail() {
    malformed = true;
    return false;
  }

  private int u16(int p) {
    return ((msg[p] & 0xff) << 8) | (msg[p + 1] & 0xff);
  }
}
