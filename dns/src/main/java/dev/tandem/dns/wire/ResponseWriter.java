package dev.tandem.dns.wire;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Renders one response at a time into a buffer it owns and reuses: header, question, RRsets with
 * name compression, OPT. One instance per thread; nothing is allocated per response.
 *
 * <p><b>Size limits.</b> Every write checks against a limit (the client's UDP payload size, or
 * 65535 on TCP) minus space reserved for records that must come last (OPT). An RRset is written
 * whole or not at all: when it does not fit, the writer rolls back to where the RRset started and
 * reports it, and the caller decides whether that means TC (RFC 2181 section 9).
 *
 * <p><b>Compression</b> (RFC 1035 section 4.1.4) uses a small dictionary of the names already
 * written, keyed by the hash of each suffix, so that a name is compressed against the longest
 * suffix anywhere earlier in the message. Names in rdata are compressed only for the RFC 1035 types
 * (RFC 3597 section 4); other names are written in full but may still be pointed to.
 */
public final class ResponseWriter {
  public static final int MAX_SIZE = 65535;

  public static final int ANSWER = 1;
  public static final int AUTHORITY = 2;
  public static final int ADDITIONAL = 3;

  private static final int HEADER = 12;
  private static final int POINTER_LIMIT = 0x4000;
  private static final int DICT_SLOTS = 128;
  private static final int DICT_MAX = 96;
  private static final int CLASS_IN = 1;

  private final byte[] buf = new byte[MAX_SIZE];
  private int pos;
  private int limit;
  private int maxSize;
  private final int[] counts = new int[4];
  private int section = ANSWER;

  private final int[] dictHash = new int[DICT_SLOTS];
  private final int[] dictOffset = new int[DICT_SLOTS];
  private final int[] dictStamp = new int[DICT_SLOTS];
  private int stamp;
  private int dictSize;

  private final int[] starts = new int[WireName.MAX_LABELS + 1];
  private final int[] hashes = new int[WireName.MAX_LABELS + 1];
  private final int[] written = new int[WireName.MAX_LABELS + 1];

  /**
   * Starts a response to {@code q}: ID, opcode and RD copied, QR set, everything else clear; the
   * question echoed as received (its case preserved) when {@code withQuestion} and one parsed.
   */
  public void begin(Query q, int maxSize, boolean withQuestion) {
    this.maxSize = maxSize;
    this.limit = maxSize;
    Arrays.fill(counts, 0);
    section = ANSWER;
    if (++stamp == 0) {
      Arrays.fill(dictStamp, 0);
      stamp = 1;
    }
    dictSize = 0;
    byte[] m = q.message();
    buf[0] = m[0];
    buf[1] = m[1];
    int flags = 0x8000 | (q.opcode() << 11) | (q.flags() & 0x0100);
    buf[2] = (byte) (flags >>> 8);
    buf[3] = (byte) flags;
    pos = HEADER;
    if (withQuestion && q.hasQuestion()) {
      int len = q.questionEnd() - HEADER;
      System.arraycopy(m, HEADER, buf, HEADER, len);
      pos += len;
      counts[0] = 1;
      for (int i = 0; i < q.labelCount(); i++) {
        remember(q.suffixHash(i), HEADER + q.labelStart(i));
      }
    }
  }

  public byte[] buffer() {
    return buf;
  }

  public int position() {
    return pos;
  }

  /** The size the response may reach. */
  public int maxSize() {
    return maxSize;
  }

  /** Keeps {@code bytes} free at the end (for OPT); records written from now on stop short. */
  public void reserve(int bytes) {
    limit -= bytes;
  }

  /** Returns reserved space, to write what it was reserved for. */
  public void release(int bytes) {
    limit += bytes;
  }

  public void section(int s) {
    section = s;
  }

  public int count(int s) {
    return counts[s];
  }

  public void setRcode(int rcode) {
    buf[3] = (byte) ((buf[3] & 0xf0) | (rcode & 0x0f));
  }

  public void setAuthoritative() {
    buf[2] |= 0x04;
  }

  public void setTruncated() {
    buf[2] |= 0x02;
  }

  public boolean truncated() {
    return (buf[2] & 0x02) != 0;
  }

  public boolean authoritative() {
    return (buf[2] & 0x04) != 0;
  }

  /** Writes the section counts into the header and returns the response length. */
  public int finish() {
    for (int i = 0; i < 4; i++) {
      buf[4 + 2 * i] = (byte) (counts[i] >>> 8);
      buf[5 + 2 * i] = (byte) counts[i];
    }
    return pos;
  }

  /**
   * Writes the RRset encoded at {@code data[rrset]} (see {@code EncodedNode}) in the current
   * section, owned by the uncompressed name at {@code owner[ownerOff]} (any case), with the given
   * TTL. Returns false, having written nothing, if it does not fit.
   */
  public boolean putRrset(byte[] owner, int ownerOff, byte[] data, int rrset, long ttl) {
    int mark = pos;
    int type = u16(data, rrset);
    int n = u16(data, rrset + 6);
    int rd = rrset + 12;
    int ownerAt = -1;
    int ownerLen = 0;
    for (int i = 0; i < n; i++) {
      int rdLen = u16(data, rd);
      if (ownerAt < 0) {
        int before = pos;
        if (!writeName(owner, ownerOff, true, true)) {
          return rollback(mark);
        }
        ownerAt = before;
        ownerLen = pos - before;
      } else if (ownerAt < POINTER_LIMIT && ownerLen > 2) {
        if (!fits(2)) {
          return rollback(mark);
        }
        putPointer(ownerAt);
      } else {
        if (!fits(ownerLen)) {
          return rollback(mark);
        }
        System.arraycopy(buf, ownerAt, buf, pos, ownerLen); // a pointer already, or beyond reach
        pos += ownerLen;
      }
      if (!fits(10)) {
        return rollback(mark);
      }
      put16(type);
      put16(CLASS_IN);
      put32((int) ttl);
      int rdlengthAt = pos;
      pos += 2;
      if (!writeRdata(type, data, rd + 2, rdLen)) {
        return rollback(mark);
      }
      int len = pos - rdlengthAt - 2;
      buf[rdlengthAt] = (byte) (len >>> 8);
      buf[rdlengthAt + 1] = (byte) len;
      rd += 2 + rdLen;
    }
    counts[section] += n;
    return true;
  }

  /**
   * Writes a CNAME record synthesized from a DNAME (RFC 6672 section 3.2): owner {@code owner},
   * target {@code target}, both uncompressed names. Returns false if it does not fit.
   */
  public boolean putCname(byte[] owner, int ownerOff, long ttl, byte[] target, int targetOff) {
    int mark = pos;
    if (!writeName(owner, ownerOff, true, true) || !fits(10)) {
      return rollback(mark);
    }
    put16(5);
    put16(CLASS_IN);
    put32((int) ttl);
    int rdlengthAt = pos;
    pos += 2;
    if (!writeName(target, targetOff, true, true)) {
      return rollback(mark);
    }
    int len = pos - rdlengthAt - 2;
    buf[rdlengthAt] = (byte) (len >>> 8);
    buf[rdlengthAt + 1] = (byte) len;
    counts[section]++;
    return true;
  }

  /** Writes a TXT record with one string, for CHAOS answers. Returns false if it does not fit. */
  public boolean putTxt(byte[] owner, int ownerOff, long ttl, byte[] text, int qclass) {
    int mark = pos;
    int len = Math.min(text.length, 255);
    if (!writeName(owner, ownerOff, true, true) || !fits(11 + len)) {
      return rollback(mark);
    }
    put16(16);
    put16(qclass);
    put32((int) ttl);
    put16(len + 1);
    buf[pos++] = (byte) len;
    System.arraycopy(text, 0, buf, pos, len);
    pos += len;
    counts[section]++;
    return true;
  }

  /**
   * Writes the OPT record (RFC 6891 section 6.1.2) in the additional section; call after {@link
   * #release}-ing the space reserved for it. {@code nsid} is added as option 3 (RFC 5001) when not
   * null, {@code ede} as an Extended DNS Error (RFC 8914, option 15) when not negative.
   */
  public void putOpt(
      int payload, int extendedRcode, boolean dnssecOk, byte @Nullable [] nsid, int ede) {
    putOpt(payload, extendedRcode, dnssecOk, nsid, ede, -1);
  }

  /**
   * As {@link #putOpt(int, int, boolean, byte[], int)}, with {@code expire} seconds as the EXPIRE
   * option (RFC 7314, option 9) when not negative (capped at 2^32 - 1).
   */
  public void putOpt(
      int payload,
      int extendedRcode,
      boolean dnssecOk,
      byte @Nullable [] nsid,
      int ede,
      long expire) {
    int size = optSize(nsid, ede, expire);
    if (pos + size > limit) {
      return; // cannot happen when the space was reserved; an OPT-less reply beats none
    }
    buf[pos++] = 0;
    put16(41);
    put16(payload);
    buf[pos++] = (byte) extendedRcode;
    buf[pos++] = 0; // version 0
    put16(dnssecOk ? 0x8000 : 0);
    put16(size - 11);
    if (nsid != null) {
      put16(3);
      put16(nsid.length);
      System.arraycopy(nsid, 0, buf, pos, nsid.length);
      pos += nsid.length;
    }
    if (ede >= 0) {
      put16(15);
      put16(2);
      put16(ede);
    }
    if (expire >= 0) {
      put16(9);
      put16(4);
      put32((int) Math.min(expire, 0xffffffffL));
    }
    counts[ADDITIONAL]++;
  }

  /** The bytes an OPT record with this NSID and extended error takes. */
  public static int optSize(byte @Nullable [] nsid, int ede) {
    return optSize(nsid, ede, -1);
  }

  /** The bytes an OPT record with this NSID, extended error and EXPIRE (if not negative) takes. */
  public static int optSize(byte @Nullable [] nsid, int ede, long expire) {
    return 11 + (nsid == null ? 0 : 4 + nsid.length) + (ede >= 0 ? 6 : 0) + (expire >= 0 ? 8 : 0);
  }

  private boolean writeRdata(int type, byte[] d, int p, int len) {
    switch (type) {
      case 2, 3, 4, 5, 7, 8, 9, 12 -> { // NS MD MF CNAME MB MG MR PTR: one compressible name
        return writeName(d, p, true, true);
      }
      case 6 -> { // SOA: MNAME RNAME, then five 32-bit fields
        int mname = WireName.uncompressedLength(d, p, p + len);
        int rname = WireName.uncompressedLength(d, p + mname, p + len);
        return writeName(d, p, true, true)
            && writeName(d, p + mname, true, true)
            && copy(d, p + mname + rname, len - mname - rname);
      }
      case 14 -> { // MINFO: two compressible names
        int first = WireName.uncompressedLength(d, p, p + len);
        return writeName(d, p, true, true) && writeName(d, p + first, true, true);
      }
      case 15 -> { // MX: preference, then a compressible name
        return copy(d, p, 2) && writeName(d, p + 2, true, true);
      }
      case 33 -> { // SRV: written in full (RFC 2782), but a target for later owner names
        return copy(d, p, 6) && writeName(d, p + 6, false, true);
      }
      default -> {
        return copy(d, p, len);
      }
    }
  }

  private boolean copy(byte[] d, int p, int len) {
    if (!fits(len)) {
      return false;
    }
    System.arraycopy(d, p, buf, pos, len);
    pos += len;
    return true;
  }

  /**
   * Writes an uncompressed name, compressing it against earlier names if {@code compress}, and
   * remembering its suffixes as targets for later names if {@code remember}.
   */
  private boolean writeName(byte[] name, int off, boolean compress, boolean remember) {
    int n = WireName.labelStarts(name, off, starts);
    int h = WireName.ROOT_HASH;
    for (int i = n - 1; i >= 0; i--) {
      h = WireName.foldLabel(h, name, starts[i]);
      hashes[i] = h;
    }
    int matchLabel = n;
    int matchOffset = -1;
    if (compress) {
      for (int i = 0; i < n; i++) {
        int at = lookup(hashes[i], name, starts[i]);
        if (at >= 0) {
          matchLabel = i;
          matchOffset = at;
          break;
        }
      }
    }
    int labelBytes = (matchLabel == n ? endOf(name, off, n) : starts[matchLabel]) - off;
    if (!fits(labelBytes + (matchOffset >= 0 ? 2 : 1))) {
      return false;
    }
    for (int i = 0; i < matchLabel; i++) {
      written[i] = pos;
      int l = (name[starts[i]] & 0xff) + 1;
      System.arraycopy(name, starts[i], buf, pos, l);
      pos += l;
    }
    if (matchOffset >= 0) {
      putPointer(matchOffset);
    } else {
      buf[pos++] = 0;
    }
    if (remember) {
      for (int i = 0; i < matchLabel; i++) {
        if (written[i] < POINTER_LIMIT) {
          remember(hashes[i], written[i]);
        }
      }
    }
    return true;
  }

  private static int endOf(byte[] name, int off, int labels) {
    int p = off;
    for (int i = 0; i < labels; i++) {
      p += (name[p] & 0xff) + 1;
    }
    return p;
  }

  private void remember(int hash, int offset) {
    if (dictSize >= DICT_MAX) {
      return;
    }
    int s = WireName.spread(hash) & (DICT_SLOTS - 1);
    while (dictStamp[s] == stamp) {
      if (dictHash[s] == hash) {
        return; // keep the earliest occurrence
      }
      s = (s + 1) & (DICT_SLOTS - 1);
    }
    dictStamp[s] = stamp;
    dictHash[s] = hash;
    dictOffset[s] = offset;
    dictSize++;
  }

  private int lookup(int hash, byte[] name, int off) {
    int s = WireName.spread(hash) & (DICT_SLOTS - 1);
    while (dictStamp[s] == stamp) {
      if (dictHash[s] == hash && sameName(dictOffset[s], name, off)) {
        return dictOffset[s];
      }
      s = (s + 1) & (DICT_SLOTS - 1);
    }
    return -1;
  }

  /** Whether the (possibly compressed) name at {@code buf[at]} equals {@code name[off]}. */
  private boolean sameName(int at, byte[] name, int off) {
    int a = at;
    int b = off;
    for (int guard = 0; guard < WireName.MAX_LENGTH; guard++) {
      int la = buf[a] & 0xff;
      if ((la & 0xc0) == 0xc0) {
        a = ((la & 0x3f) << 8) | (buf[a + 1] & 0xff);
        continue;
      }
      int lb = name[b] & 0xff;
      if (la != lb) {
        return false;
      }
      if (la == 0) {
        return true;
      }
      for (int i = 1; i <= la; i++) {
        if (WireName.lower(buf[a + i]) != WireName.lower(name[b + i])) {
          return false;
        }
      }
      a += la + 1;
      b += lb + 1;
    }
    return false;
  }

  private boolean rollback(int mark) {
    pos = mark;
    for (int s = 0; s < DICT_SLOTS; s++) {
      if (dictStamp[s] == stamp && dictOffset[s] >= mark) {
        dictStamp[s] = 0;
        dictSize--;
      }
    }
    return false;
  }

  private boolean fits(int n) {
    return pos + n <= limit;
  }

  private void putPointer(int offset) {
    buf[pos++] = (byte) (0xc0 | (offset >>> 8));
    buf[pos++] = (byte) offset;
  }

  private void put16(int v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void put32(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private static int u16(byte[] d, int p) {
    return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
  }
}
