package dev.tandem.dns.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * Messages whose names attack the decoder (RFC 1035 section 4.1.4, RFC 9267): compression pointers
 * to themselves, forward, into loops, into the header, past the end, cut in half; the obsolete
 * label types; labels and names over the limits; and the BIND 9 name seeds placed wherever a name
 * can stand.
 */
final class PointerAttacks {
  private static final int A = Type.A;
  private static final int IN = DClass.IN;
  private static final byte[] RDATA_A = {(byte) 192, 0, 2, 1};

  private PointerAttacks() {}

  /** A query for www.corner.test. A (the question ends at 33) with {@code an} answers to come. */
  private static WireBuilder question(int an, int ns, int ar) {
    return WireBuilder.query(0xbeef, 1, an, ns, ar).question("www.corner.test.", A, IN);
  }

  static List<byte[]> all() {
    List<byte[]> out = new ArrayList<>();
    // The question name may not be compressed at all.
    for (int target : new int[] {0, 2, 5, 11, 12, 13, 14, 0x3fff}) {
      out.add(WireBuilder.query(1, 1, 0, 0, 0).pointer(target).u16(A).u16(IN).toBytes());
      out.add(
          WireBuilder.query(1, 1, 0, 0, 0).name("www.").pointer(target).u16(A).u16(IN).toBytes());
    }
    // Owner names in each section.
    for (int section = 0; section < 3; section++) {
      int an = section == 0 ? 1 : 0;
      int ns = section == 1 ? 1 : 0;
      int ar = section == 2 ? 1 : 0;
      for (int target : new int[] {0, 4, 11, 12, 16, 23, 28, 29, 31, 32}) {
        out.add(question(an, ns, ar).pointer(target).rr(A, IN, 60, RDATA_A).toBytes()); // backwards
      }
      WireBuilder self = question(an, ns, ar);
      out.add(self.pointer(self.position()).rr(A, IN, 60, RDATA_A).toBytes());
      WireBuilder past = question(an, ns, ar);
      out.add(past.pointer(past.position() + 100).rr(A, IN, 60, RDATA_A).toBytes());
      WireBuilder loop = question(an, ns, ar); // a label, then a pointer back to it: a loop
      int at = loop.position();
      out.add(loop.u8(1).u8('x').pointer(at).rr(A, IN, 60, RDATA_A).toBytes());
      WireBuilder longLoop = question(an, ns, ar); // a 63-byte label pointing back to itself
      at = longLoop.position();
      out.add(longLoop.u8(63).bytes(new byte[63]).pointer(at).rr(A, IN, 60, RDATA_A).toBytes());
      out.add(question(an, ns, ar).u8(0xc0).toBytes()); // a pointer cut in half
      out.add(question(an, ns, ar).u8(0x40).u8(0).rr(A, IN, 60, RDATA_A).toBytes());
      out.add(question(an, ns, ar).u8(0x80).u8(0).rr(A, IN, 60, RDATA_A).toBytes());
      out.add(question(an, ns, ar).u8(0x41).u8(0).rr(A, IN, 60, RDATA_A).toBytes());
    }
    // Forward: the first answer's owner points at the second's, which comes later.
    WireBuilder forward = question(2, 0, 0);
    int at = forward.position();
    out.add(
        forward
            .pointer(at + 16)
            .rr(A, IN, 60, RDATA_A)
            .name("a.corner.test.")
            .rr(A, IN, 60, RDATA_A)
            .toBytes());
    // Two owners pointing at each other: the second backwards (fine), the first forwards.
    WireBuilder mutual = question(2, 0, 0);
    at = mutual.position();
    out.add(
        mutual
            .pointer(at + 16)
            .rr(A, IN, 60, RDATA_A)
            .pointer(at)
            .rr(A, IN, 60, RDATA_A)
            .toBytes());
    // A chain of 200 pointers, each to the one before: legal, and short once expanded.
    WireBuilder chain = question(200, 0, 0);
    int previous = 12;
    for (int i = 0; i < 200; i++) {
      int here = chain.position();
      chain.pointer(previous).rr(A, IN, 60, RDATA_A);
      previous = here;
    }
    out.add(chain.toBytes());
    // Expansions of exactly 255 bytes (legal) and 256 (not), built from a label and pointers.
    for (int extra = -2; extra <= 2; extra++) {
      out.add(expandsTo(255 + extra));
    }
    return out;
  }

  /**
   * An answer whose owner expands to {@code total} bytes: labels written one record at a time, each
   * owner a label plus a pointer to the previous owner.
   */
  private static byte[] expandsTo(int total) {
    // The question "www.corner.test." is 17 bytes; owners add labels of up to 63 bytes to it.
    List<Integer> labels = new ArrayList<>();
    int left = total - 17;
    while (left > 0) {
      int l = Math.min(63, left - 1);
      if (l < 1) {
        l = 1; // a 1-byte remainder cannot be a label: overshoot by one
      }
      labels.add(l);
      left -= l + 1;
    }
    WireBuilder b = question(labels.size(), 0, 0);
    int previous = 12;
    for (int l : labels) {
      int here = b.position();
      byte[] label = new byte[l];
      Arrays.fill(label, (byte) 'a');
      b.u8(l).bytes(label).pointer(previous).rr(A, IN, 60, RDATA_A);
      previous = here;
    }
    return b.toBytes();
  }

  /** {@code m} with a compression pointer written at a random place after the header. */
  static byte[] randomPointer(byte[] m, SplittableRandom r) {
    byte[] b = m.clone();
    if (b.length < 14) {
      return b;
    }
    int at = 12 + r.nextInt(b.length - 13);
    int target = r.nextInt(4) == 0 ? r.nextInt(0x4000) : r.nextInt(b.length + 8);
    b[at] = (byte) (0xc0 | (target >>> 8));
    b[at + 1] = (byte) target;
    return b;
  }

  /**
   * A name from the BIND 9 name seeds (raw bytes, pointers relative to wherever they land) as the
   * question name, as the owner of a record in each section, and as the owner of an OPT record.
   */
  static List<byte[]> placed(byte[] name) {
    List<byte[]> out = new ArrayList<>();
    out.add(WireBuilder.query(2, 1, 0, 0, 0).bytes(name).u16(A).u16(IN).toBytes());
    out.add(WireBuilder.query(2, 1, 0, 0, 0).bytes(name).toBytes());
    out.add(question(1, 0, 0).bytes(name).rr(A, IN, 60, RDATA_A).toBytes());
    out.add(question(0, 1, 0).bytes(name).rr(2, IN, 60, WireBuilder.wire("ns.example.")).toBytes());
    out.add(question(0, 0, 1).bytes(name).rr(A, IN, 60, RDATA_A).toBytes());
    out.add(question(0, 0, 1).bytes(name).u16(WireBuilder.OPT).u16(1232).u32(0).u16(0).toBytes());
    out.add(question(1, 0, 0).bytes(name).toBytes());
    return out;
  }

  /** Label lengths 63 to 255 and names of 253 to 257 bytes, as question and owner names. */
  static List<byte[]> longNames() {
    List<byte[]> out = new ArrayList<>();
    for (int len : new int[] {62, 63, 64, 65, 0x7f, 0x80, 0xbf, 0xc0, 0xff}) {
      byte[] label = new byte[len + 1];
      label[0] = (byte) len;
      Arrays.fill(label, 1, label.length, (byte) 'a');
      byte[] name = concat(label, WireBuilder.wire("corner.test."));
      out.add(WireBuilder.query(3, 1, 0, 0, 0).bytes(name).u16(A).u16(IN).toBytes());
      out.add(question(1, 0, 0).bytes(name).rr(A, IN, 60, RDATA_A).toBytes());
      out.add(
          WireBuilder.query(3, 1, 0, 0, 0)
              .bytes(Arrays.copyOf(label, Math.min(len, 70)))
              .toBytes());
    }
    for (int total = 250; total <= 258; total++) {
      byte[] name = nameOfLength(total, 1);
      byte[] manyLabels = nameOfLength(total, 63);
      for (byte[] n : List.of(name, manyLabels)) {
        out.add(WireBuilder.query(4, 1, 0, 0, 0).bytes(n).u16(A).u16(IN).toBytes());
        out.add(question(1, 0, 0).bytes(n).rr(A, IN, 60, RDATA_A).toBytes());
        // Under the DNAME: the synthesized name may no longer fit (YXDOMAIN, RFC 6672 section 2.2).
        byte[] underDname = nameUnder(total, "dn.corner.test.");
        out.add(WireBuilder.query(5, 1, 0, 0, 0).bytes(underDname).u16(A).u16(IN).toBytes());
        byte[] underWildcard = nameUnder(total, "wild.corner.test.");
        out.add(
            WireBuilder.query(6, 1, 0, 0, 0).bytes(underWildcard).u16(Type.MX).u16(IN).toBytes());
      }
    }
    return out;
  }

  /** A name of {@code total} bytes in the zone, of labels of at most {@code maxLabel} bytes. */
  private static byte[] nameOfLength(int total, int maxLabel) {
    return nameUnder(total, "corner.test.", maxLabel);
  }

  private static byte[] nameUnder(int total, String parent) {
    return nameUnder(total, parent, 1);
  }

  private static byte[] nameUnder(int total, String parent, int maxLabel) {
    byte[] suffix = WireBuilder.wire(parent);
    WireBuilder b = new WireBuilder();
    int left = total - suffix.length;
    while (left > 0) {
      int l = Math.max(1, Math.min(maxLabel, left - 1));
      byte[] label = new byte[l];
      Arrays.fill(label, (byte) 'b');
      b.u8(l).bytes(label);
      left -= l + 1;
    }
    return concat(b.toBytes(), suffix);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
