package dev.tandem.dns.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes DNS messages byte by byte for tests, including the ones no DNS library would produce:
 * counts that lie, pointers anywhere, OPT and TSIG where they do not belong. Offsets are absolute
 * (the header starts at 0), so a test can point at what it wrote earlier with {@link #position()}.
 */
final class WireBuilder {
  static final int OPT = 41;
  static final int TSIG = 250;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A header: ID, flags (QR, opcode, ... RCODE) and the four section counts. */
  static WireBuilder header(int id, int flags, int qd, int an, int ns, int ar) {
    return new WireBuilder().u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }

  /** A standard query header (opcode QUERY, RD clear) with these counts. */
  static WireBuilder query(int id, int qd, int an, int ns, int ar) {
    return header(id, 0, qd, an, ns, ar);
  }

  int position() {
    return out.size();
  }

  WireBuilder u8(int v) {
    out.write(v);
    return this;
  }

  WireBuilder u16(int v) {
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  WireBuilder u32(long v) {
    return u16((int) (v >>> 16)).u16((int) v);
  }

  WireBuilder bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  WireBuilder bytes(int... b) {
    for (int v : b) {
      out.write(v);
    }
    return this;
  }

  /** An uncompressed name from presentation text without escapes ("www.example." or "."). */
  WireBuilder name(String text) {
    return bytes(wire(text));
  }

  /** A compression pointer to {@code offset}. */
  WireBuilder pointer(int offset) {
    return u16(0xc000 | offset);
  }

  /** Type and class after a question name. */
  WireBuilder question(String qname, int qtype, int qclass) {
    return name(qname).u16(qtype).u16(qclass);
  }

  /** The fixed part of a record after its owner, and its rdata. */
  WireBuilder rr(int type, int rclass, long ttl, byte[] rdata) {
    return u16(type).u16(rclass).u32(ttl).u16(rdata.length).bytes(rdata);
  }

  /** An OPT record (RFC 6891 section 6.1.2) with a root owner and these options' bytes. */
  WireBuilder opt(int payload, int version, boolean dnssecOk, byte[] options) {
    return u8(0)
        .u16(OPT)
        .u16(payload)
        .u8(0)
        .u8(version)
        .u16(dnssecOk ? 0x8000 : 0)
        .u16(options.length)
        .bytes(options);
  }

  /** A TSIG record (RFC 8945 section 4.2) owned by {@code key}; the MAC is not checked here. */
  WireBuilder tsig(String key) {
    byte[] rdata =
        new WireBuilder()
            .name("hmac-sha256.")
            .u16(0)
            .u32(0x62000000L) // time signed: 48 bits
            .u16(300) // fudge
            .u16(4)
            .bytes(1, 2, 3, 4) // MAC
            .u16(0x1234) // original ID
            .u16(0) // error
            .u16(0) // other length
            .toBytes();
    return name(key).rr(TSIG, 255, 0, rdata);
  }

  /** Sets a 16-bit field already written (a count, say) to {@code v}. */
  WireBuilder patch16(int offset, int v) {
    byte[] b = out.toByteArray();
    b[offset] = (byte) (v >>> 8);
    b[offset + 1] = (byte) v;
    out.reset();
    out.write(b, 0, b.length);
    return this;
  }

  byte[] toBytes() {
    return out.toByteArray();
  }

  /** The uncompressed wire form of a name in presentation text without escapes. */
  static byte[] wire(String text) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    if (!text.equals(".")) {
      for (String label : text.split("\\.", -1)) {
        if (label.isEmpty()) {
          continue;
        }
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        b.write(l.length);
        b.write(l, 0, l.length);
      }
    }
    b.write(0);
    return b.toByteArray();
  }

  /** An EDNS option: code, length, data. */
  static byte[] option(int code, byte[] data) {
    return new WireBuilder().u16(code).u16(data.length).bytes(data).toBytes();
  }
}
