package dev.tandem.dns.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Hostile input for the fuzzing tests: the BIND 9 fuzzing seeds (../shared/conformance) and
 * deterministic mutations of them and of well-formed queries. Every campaign draws from its own
 * seeded generator, so a failure names a campaign and replays exactly.
 */
final class HostileMessages {
  /** Receives one hostile message; {@code kind} says which campaign made it. */
  interface Sink {
    void accept(String kind, byte[] message);
  }

  /** Names in and around the corner.test zone, for questions that reach the answer engine. */
  static final List<String> NAMES =
      List.of(
          "corner.test.",
          "www.corner.test.",
          "WwW.CoRnEr.TeSt.",
          "mixed.corner.test.",
          "multi.corner.test.",
          "nothere.corner.test.",
          "a.wild.corner.test.",
          "*.wild.corner.test.",
          "exists.wild.corner.test.",
          "x.cname-wild.corner.test.",
          "x.ext-wild.corner.test.",
          "x.loop-wild.corner.test.",
          "mx-wild.corner.test.",
          "b.c.ent.corner.test.",
          "sub.corner.test.",
          "deep.below.sub.corner.test.",
          "ns1.sub.corner.test.",
          "many.corner.test.",
          "c1.corner.test.",
          "long1.corner.test.",
          "loop1.corner.test.",
          "self.corner.test.",
          "dangling.corner.test.",
          "todeleg.corner.test.",
          "host.dn.corner.test.",
          "a.b.dnchain.corner.test.",
          "x.dnext.corner.test.",
          "tocname-dn.corner.test.",
          "_sip._tcp.corner.test.",
          "big.corner.test.",
          "tobig.corner.test.",
          "unk.corner.test.",
          "empty-txt.corner.test.",
          "example.net.",
          "test.",
          ".",
          "id.server.",
          "version.bind.");

  private static final int[] TYPES = {
    1, 2, 5, 6, 12, 15, 16, 28, 33, 39, 41, 43, 46, 47, 250, 251, 252, 255, 0, 65535, 65280, 1234
  };
  private static final int[] CLASSES = {1, 1, 1, 1, 3, 4, 254, 255, 0, 65535};

  private HostileMessages() {}

  static Path seedDirectory() {
    String shared = System.getProperty("tandem.shared");
    Path root = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
    Path dir = root.resolve("conformance/bind9-fuzz-seeds");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "BIND 9 fuzzing seeds not found at " + dir.toAbsolutePath() + " (set -Dtandem.shared)");
    }
    return dir;
  }

  /** Raw messages: dns_message_parse.in and dns_message_checksig.in, in file-name order. */
  static List<byte[]> messageSeeds() {
    List<byte[]> all = new ArrayList<>(read("dns_message_parse.in"));
    all.addAll(read("dns_message_checksig.in"));
    return all;
  }

  /** Wire-format names with compression-pointer edge cases: dns_name_fromwire.in. */
  static List<byte[]> nameSeeds() {
    return read("dns_name_fromwire.in");
  }

  private static List<byte[]> read(String folder) {
    try (Stream<Path> files = Files.list(seedDirectory().resolve(folder))) {
      List<byte[]> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        out.add(Files.readAllBytes(f));
      }
      if (out.isEmpty()) {
        throw new IllegalStateException("no seeds in " + folder);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy that is a query: the QR bit cleared (most seeds are responses, which are dropped). */
  static byte[] asQuery(byte[] m) {
    byte[] q = m.clone();
    if (q.length > 2) {
      q[2] &= 0x7f;
    }
    return q;
  }

  /** A well-formed query for {@code name} and {@code type} with an optional OPT. */
  static byte[] query(int id, String name, int type, int payload) {
    WireBuilder b = WireBuilder.query(id, 1, 0, 0, payload > 0 ? 1 : 0).question(name, type, 1);
    if (payload > 0) {
      b.opt(payload, 0, false, new byte[0]);
    }
    return b.toBytes();
  }

  /**
   * Mostly well-formed queries that reach every stage: names in and around the zone with random
   * case, types, classes, opcodes and flags; EDNS with odd payload sizes, versions, DO and options;
   * and harmless records in the other sections, owned by compressed names, that must not change the
   * answer.
   */
  static byte[] randomQuery(SplittableRandom r) {
    String name = NAMES.get(r.nextInt(NAMES.size()));
    if (r.nextInt(4) == 0) {
      name = randomLabel(r) + "." + name;
      if (name.equals("..")) {
        name = ".";
      }
    }
    byte[] qname = WireBuilder.wire(name);
    if (r.nextBoolean()) {
      for (int i = 0; i < qname.length; i++) {
        if (r.nextBoolean() && qname[i] >= 'a' && qname[i] <= 'z') {
          qname[i] = (byte) (qname[i] - ('a' - 'A'));
        }
      }
    }
    int type = r.nextInt(8) == 0 ? r.nextInt(65536) : TYPES[r.nextInt(TYPES.length)];
    int qclass = CLASSES[r.nextInt(CLASSES.length)];
    int opcode = r.nextInt(10) == 0 ? r.nextInt(16) : 0;
    int bits = r.nextInt(0x800) & 0x07f0; // AA TC RD RA Z AD CD, at random
    int rcode = r.nextInt(8) == 0 ? r.nextInt(16) : 0;
    int flags = (opcode << 11) | bits | rcode;
    int an = r.nextInt(6) == 0 ? 1 + r.nextInt(3) : 0;
    int ns = r.nextInt(6) == 0 ? 1 + r.nextInt(3) : 0;
    int junkAr = r.nextInt(6) == 0 ? 1 + r.nextInt(3) : 0;
    boolean opt = r.nextInt(3) > 0;
    WireBuilder b =
        WireBuilder.header(r.nextInt(65536), flags, 1, an, ns, junkAr + (opt ? 1 : 0))
            .bytes(qname)
            .u16(type)
            .u16(qclass);
    for (int i = 0; i < an + ns + junkAr; i++) {
      junkRecord(b, r);
    }
    if (opt) {
      int[] payloads = {0, 1, 511, 512, 513, 1232, 1233, 4096, 65535};
      int payload = payloads[r.nextInt(payloads.length)];
      int version = r.nextInt(10) == 0 ? r.nextInt(256) : 0;
      byte[] options =
          switch (r.nextInt(5)) {
            case 0 -> WireBuilder.option(3, new byte[0]); // NSID
            case 1 -> WireBuilder.option(10, randomBytes(r, 8)); // client cookie
            case 2 -> WireBuilder.option(r.nextInt(65536), randomBytes(r, r.nextInt(20)));
            default -> new byte[0];
          };
      b.opt(payload, version, r.nextBoolean(), options);
    }
    return b.toBytes();
  }

  /** A well-formed record with a name compressed against the question, or not. */
  private static void junkRecord(WireBuilder b, SplittableRandom r) {
    switch (r.nextInt(3)) {
      case 0 -> b.pointer(12);
      case 1 -> b.u8(3).bytes('f', 'o', 'o').pointer(12);
      default -> b.name(NAMES.get(r.nextInt(NAMES.size())));
    }
    int type = r.nextInt(4) == 0 ? r.nextInt(65536) : TYPES[r.nextInt(TYPES.length)];
    if (type == WireBuilder.OPT || type == WireBuilder.TSIG) {
      type = 1;
    }
    b.rr(type, 1, r.nextLong(1L << 32), randomBytes(r, r.nextInt(24)));
  }

  private static String randomLabel(SplittableRandom r) {
    int len = r.nextInt(64);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < len; i++) {
      s.append((char) ('a' + r.nextInt(26)));
    }
    return s.toString();
  }

  static byte[] randomBytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /**
   * Prefixes of {@code m}: every length up to 4096 bytes, then {@code sampled} random lengths of
   * longer messages (a truncation at every length of a 64 KiB message would cost minutes).
   */
  static void truncations(String kind, byte[] m, SplittableRandom r, int sampled, Sink sink) {
    int all = Math.min(m.length, 4096);
    for (int n = 0; n < all; n++) {
      sink.accept(kind, Arrays.copyOf(m, n));
    }
    if (m.length > all) {
      for (int i = 0; i < sampled; i++) {
        sink.accept(kind, Arrays.copyOf(m, all + r.nextInt(m.length - all)));
      }
    }
  }

  /** One to eight random edits: bit flips, random bytes, 0x00, 0xff, pointer bytes (0xc0). */
  static byte[] flipped(byte[] m, SplittableRandom r) {
    byte[] b = m.clone();
    if (b.length == 0) {
      return b;
    }
    int edits = 1 + r.nextInt(8);
    for (int e = 0; e < edits; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> b[at] = 0;
        case 3 -> b[at] = (byte) 0xff;
        case 4 -> b[at] = (byte) 0xc0;
        default -> {
          if (at + 1 < b.length) { // a pointer anywhere
            b[at] = (byte) (0xc0 | r.nextInt(0x40));
            b[at + 1] = (byte) r.nextInt(256);
          }
        }
      }
    }
    if (r.nextInt(10) > 0 && b.length > 2) {
      b[2] &= 0x7f; // mostly queries, or the edit is wasted on a drop
    }
    return b;
  }

  /** Random bytes of random length; half of them with a query header. */
  static byte[] noise(SplittableRandom r) {
    int len = r.nextInt(4) == 0 ? r.nextInt(1500) : r.nextInt(64);
    byte[] b = randomBytes(r, len);
    if (r.nextBoolean() && len >= 12) {
      b[2] &= 0x7f;
      b[4] = 0;
      b[5] = (byte) r.nextInt(2);
      for (int i = 6; i < 12; i++) {
        b[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(2));
      }
    }
    return b;
  }

  /** {@code m} with one of its four section counts replaced. */
  static byte[] withCount(byte[] m, int section, int count) {
    byte[] b = m.clone();
    b[4 + 2 * section] = (byte) (count >>> 8);
    b[5 + 2 * section] = (byte) count;
    return b;
  }
}
