package dev.tandem.dns.zone;

import java.util.List;
import org.xbill.DNS.Type;

/**
 * The byte layout of one node (one owner name) and its RRsets, as the zone keeps it in large shared
 * arrays. Reading it allocates nothing; the answer path works on {@code (byte[], offset)}.
 *
 * <pre>
 * node:   flags u8 | rrset count u16 | rrset*
 * rrset:  type u16 | ttl u32 | rdata count u16 | rdata bytes u32 | (rdlength u16 | rdata)*
 * </pre>
 *
 * RRsets are in order of type (a query for ANY is answered with the first, RFC 8482, as Knot does).
 * Rdata is uncompressed wire form with the case of the source.
 *
 * <p>RRSIG records are kept as one RRset per type covered, each with its own TTL (a signed node
 * holds signatures over RRsets of different TTLs), in order of the type covered: {@link
 * #findSignatures} finds those of one RRset without decoding any other. {@link #sortKey} is the
 * order.
 */
public final class EncodedNode {
  /** A removed name in an overlay: hides the base's node of the same name. */
  public static final int TOMBSTONE = 1;

  public static final int HAS_NS = 2;
  public static final int HAS_CNAME = 4;
  public static final int HAS_DNAME = 8;
  public static final int HAS_SOA = 16;

  static final int NODE_HEADER = 3;
  static final int RRSET_HEADER = 12;

  private EncodedNode() {}

  public static int flags(byte[] d, int node) {
    return d[node] & 0xff;
  }

  public static int rrsetCount(byte[] d, int node) {
    return u16(d, node + 1);
  }

  /** Offset of the first RRset; meaningful only if {@link #rrsetCount} is positive. */
  public static int firstRrset(byte[] d, int node) {
    return node + NODE_HEADER;
  }

  /** Offset of the RRset after {@code rrset} within the same node. */
  public static int nextRrset(byte[] d, int rrset) {
    return rrset + RRSET_HEADER + u32(d, rrset + 8);
  }

  /** Offset of the RRset of {@code type} at the node, or -1. */
  public static int findRrset(byte[] d, int node, int type) {
    int n = rrsetCount(d, node);
    int p = node + NODE_HEADER;
    for (int i = 0; i < n; i++) {
      int t = u16(d, p);
      if (t == type) {
        return p;
      }
      if (t > type) {
        return -1; // in type order: it is not here
      }
      p += RRSET_HEADER + u32(d, p + 8);
    }
    return -1;
  }

  /**
   * Offset of the RRSIG RRset covering {@code covered} at the node, or -1. (RRSIG RRsets are split
   * by type covered; see the class comment.)
   */
  public static int findSignatures(byte[] d, int node, int covered) {
    int n = rrsetCount(d, node);
    int p = node + NODE_HEADER;
    for (int i = 0; i < n; i++) {
      int t = u16(d, p);
      if (t == Type.RRSIG) {
        int c = covered(d, p);
        if (c == covered) {
          return p;
        }
        if (c > covered) {
          return -1;
        }
      } else if (t > Type.RRSIG) {
        return -1;
      }
      p += RRSET_HEADER + u32(d, p + 8);
    }
    return -1;
  }

  /** The type covered by an RRSIG RRset (read from its first record), 0 for other RRsets. */
  public static int covered(byte[] d, int rrset) {
    if (u16(d, rrset) != Type.RRSIG || rdataCount(d, rrset) == 0) {
      return 0;
    }
    int rd = firstRdata(d, rrset);
    return rdataLength(d, rd) >= 2 ? u16(d, rd + 2) : 0;
  }

  /**
   * The order of RRsets in a node: by type, and RRSIG RRsets by the type they cover ({@code
   * rdata[off, off+len)} is one record's rdata).
   */
  static long sortKey(int type, byte[] rdata, int off, int len) {
    long key = (long) type << 16;
    if (type == Type.RRSIG && len >= 2) {
      key |= u16(rdata, off);
    }
    return key;
  }

  public static int type(byte[] d, int rrset) {
    return u16(d, rrset);
  }

  public static long ttl(byte[] d, int rrset) {
    return u32(d, rrset + 2) & 0xffffffffL;
  }

  public static int rdataCount(byte[] d, int rrset) {
    return u16(d, rrset + 6);
  }

  /** Offset of the first rdlength field of the RRset. */
  public static int firstRdata(byte[] d, int rrset) {
    return rrset + RRSET_HEADER;
  }

  /** Given the offset of an rdlength field, the offset of the next one. */
  public static int nextRdata(byte[] d, int rdata) {
    return rdata + 2 + u16(d, rdata);
  }

  public static int rdataLength(byte[] d, int rdata) {
    return u16(d, rdata);
  }

  static int u16(byte[] d, int p) {
    return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
  }

  static int u32(byte[] d, int p) {
    return ((d[p] & 0xff) << 24)
        | ((d[p + 1] & 0xff) << 16)
        | ((d[p + 2] & 0xff) << 8)
        | (d[p + 3] & 0xff);
  }

  /** An RRset about to be encoded: its rdata in wire form, duplicates already removed. */
  record PendingRrSet(int type, long ttl, List<byte[]> rdata) {}

  /** Encodes a node; an empty list makes an empty non-terminal (or, with TOMBSTONE, a removal). */
  static byte[] encode(List<PendingRrSet> rrsets, boolean tombstone) {
    GrowableBytes out = new GrowableBytes(64);
    encodeTo(out, rrsets, tombstone);
    return out.toArray();
  }

  static void encodeTo(GrowableBytes out, List<PendingRrSet> rrsets, boolean tombstone) {
    int flags = tombstone ? TOMBSTONE : 0;
    for (PendingRrSet s : rrsets) {
      flags |= flagFor(s.type());
    }
    out.write(flags);
    out.writeU16(rrsets.size());
    for (PendingRrSet s : rrsets) {
      int bytes = 0;
      for (byte[] r : s.rdata()) {
        bytes += 2 + r.length;
      }
      out.writeU16(s.type());
      out.writeU32((int) s.ttl());
      out.writeU16(s.rdata().size());
      out.writeU32(bytes);
      for (byte[] r : s.rdata()) {
        out.writeU16(r.length);
        out.write(r, 0, r.length);
      }
    }
  }

  static int flagFor(int type) {
    return switch (type) {
      case Type.NS -> HAS_NS;
      case Type.CNAME -> HAS_CNAME;
      case Type.DNAME -> HAS_DNAME;
      case Type.SOA -> HAS_SOA;
      default -> 0;
    };
  }
}
