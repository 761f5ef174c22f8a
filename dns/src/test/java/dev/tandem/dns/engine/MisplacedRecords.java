package dev.tandem.dns.engine;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Type;

/**
 * Messages with OPT (RFC 6891 section 6.1.1) and TSIG (RFC 8945 section 5.1) where they do not
 * belong or malformed, next to their well-formed forms: OPT outside the additional section, twice,
 * with a non-root or compressed owner, with options overrunning or underrunning its rdata, with odd
 * versions and payload sizes; TSIG not last, twice, in the wrong section, on queries with no
 * question.
 */
final class MisplacedRecords {
  private static final byte[] NONE = new byte[0];
  private static final byte[] NSID = WireBuilder.option(3, NONE);
  private static final byte[] RDATA_A = {(byte) 192, 0, 2, 1};

  private MisplacedRecords() {}

  private static WireBuilder question(String name, int an, int ns, int ar) {
    return WireBuilder.query(0x0bad, 1, an, ns, ar).question(name, Type.A, DClass.IN);
  }

  static List<byte[]> all() {
    List<byte[]> out = new ArrayList<>();
    for (String name : List.of("www.corner.test.", "example.net.")) {
      // Well formed, for reference.
      out.add(question(name, 0, 0, 1).opt(1232, 0, false, NONE).toBytes());
      out.add(question(name, 0, 0, 1).opt(1232, 0, true, NSID).toBytes());
      out.add(question(name, 0, 0, 1).tsig("key.").toBytes());
      out.add(question(name, 0, 0, 2).opt(1232, 0, false, NONE).tsig("key.").toBytes());
      // Payload sizes below 512, odd, large; versions other than 0.
      for (int payload : new int[] {0, 1, 511, 512, 1231, 1232, 1233, 65535}) {
        out.add(question(name, 0, 0, 1).opt(payload, 0, false, NSID).toBytes());
      }
      for (int version : new int[] {1, 2, 255}) {
        out.add(question(name, 0, 0, 1).opt(1232, version, false, NONE).toBytes());
      }
      // OPT in the wrong section, or twice.
      out.add(question(name, 1, 0, 0).opt(1232, 0, false, NONE).toBytes());
      out.add(question(name, 0, 1, 0).opt(1232, 0, false, NONE).toBytes());
      out.add(
          question(name, 0, 0, 2).opt(1232, 0, false, NONE).opt(1232, 0, false, NONE).toBytes());
      out.add(question(name, 0, 0, 2).opt(512, 0, false, NONE).opt(4096, 1, true, NSID).toBytes());
      // OPT owned by a name other than the root, or by a pointer to a root label.
      out.add(
          question(name, 0, 0, 1)
              .name("a.")
              .u16(WireBuilder.OPT)
              .u16(1232)
              .u32(0)
              .u16(0)
              .toBytes());
      WireBuilder pointed = question(name, 0, 0, 1);
      int root = pointed.position() - 5; // the root label that ends the question name
      out.add(pointed.pointer(root).u16(WireBuilder.OPT).u16(1232).u32(0).u16(0).toBytes());
      // Options overrunning or underrunning the rdata.
      out.add(question(name, 0, 0, 1).opt(1232, 0, false, new byte[] {0, 3, 0, 8, 0}).toBytes());
      out.add(question(name, 0, 0, 1).opt(1232, 0, false, new byte[] {0, 3, 0}).toBytes());
      out.add(
          question(name, 0, 0, 1)
              .opt(1232, 0, false, new byte[] {0, 3, (byte) 0xff, (byte) 0xff})
              .toBytes());
      out.add(
          question(name, 0, 0, 1)
              .opt(1232, 0, false, concat(NSID, NSID, new byte[] {1}))
              .toBytes());
      // OPT rdata running past the end of the message.
      out.add(
          question(name, 0, 0, 1).u8(0).u16(WireBuilder.OPT).u16(1232).u32(0).u16(100).toBytes());
      // TSIG not last, twice, or outside the additional section.
      out.add(question(name, 0, 0, 2).tsig("key.").opt(1232, 0, false, NONE).toBytes());
      out.add(question(name, 0, 0, 2).tsig("key.").tsig("key.").toBytes());
      out.add(question(name, 1, 0, 0).tsig("key.").toBytes());
      out.add(question(name, 0, 1, 0).tsig("key.").toBytes());
      out.add(
          question(name, 0, 0, 2)
              .tsig("key.")
              .name("a.")
              .rr(Type.A, DClass.IN, 0, RDATA_A)
              .toBytes());
      // Both, with junk before them.
      out.add(
          question(name, 1, 1, 3)
              .pointer(12)
              .rr(Type.A, DClass.IN, 0, RDATA_A)
              .pointer(12)
              .rr(Type.NS, DClass.IN, 0, WireBuilder.wire("ns.example."))
              .pointer(12)
              .rr(Type.AAAA, DClass.IN, 0, new byte[16])
              .opt(1232, 0, false, NSID)
              .tsig("key.")
              .toBytes());
    }
    // No question, with OPT or TSIG, under each opcode.
    for (int opcode :
        new int[] {
          Opcode.QUERY, Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, Opcode.UPDATE, 3, 6, 15
        }) {
      int flags = opcode << 11;
      out.add(WireBuilder.header(3, flags, 0, 0, 0, 1).opt(1232, 0, false, NONE).toBytes());
      out.add(WireBuilder.header(3, flags, 0, 0, 0, 1).tsig("key.").toBytes());
      out.add(WireBuilder.header(3, flags, 0, 0, 0, 0).toBytes());
      out.add(
          WireBuilder.header(3, flags, 1, 0, 0, 1)
              .question("corner.test.", Type.SOA, DClass.IN)
              .opt(1232, 0, false, NONE)
              .toBytes());
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    WireBuilder b = new WireBuilder();
    for (byte[] p : parts) {
      b.bytes(p);
    }
    return b.toBytes();
  }
}
