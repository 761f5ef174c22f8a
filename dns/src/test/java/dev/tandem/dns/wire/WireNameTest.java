package dev.tandem.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;

/**
 * Names as bytes: canonical order (RFC 4034 section 6.1) as dnsjava computes it, suffix hashing,
 * and the length checks that stand between a hostile message and the parser.
 */
class WireNameTest {
  private static byte[] lower(Name n) {
    byte[] w = n.toWire();
    byte[] out = new byte[w.length];
    WireName.toLowerCase(w, 0, out, 0, w.length);
    return out;
  }

  private static int compare(Name a, Name b) {
    byte[] x = lower(a);
    byte[] y = lower(b);
    return WireName.compareCanonical(x, 0, x.length - 1, y, 0, y.length - 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void ordersNamesAsDnsjavaDoes(long seed) {
    Random random = new Random(seed);
    Name origin = Name.root;
    for (int i = 0; i < 20_000; i++) {
      Name a = ZoneText.randomName(random, origin);
      Name b = random.nextInt(4) == 0 ? new Name(a, 1) : ZoneText.randomName(random, origin);
      if (b.labels() == 1) {
        continue; // the root: an empty relative name
      }
      assertThat(Integer.signum(compare(a, b)))
          .as("%s vs %s", a, b)
          .isEqualTo(Integer.signum(a.compareTo(b)));
    }
  }

  @Test
  void ordersTheExampleOfRfc4034() {
    List<Name> names =
        Stream.of(
                "example.",
                "a.example.",
                "yljkjljk.a.example.",
                "Z.a.example.",
                "zABC.a.EXAMPLE.",
                "z.example.",
                "\\001.z.example.",
                "*.z.example.",
                "\\200.z.example.")
            .map(ZoneText::name)
            .toList();

    for (int i = 0; i + 1 < names.size(); i++) {
      assertThat(compare(names.get(i), names.get(i + 1)))
          .as("%s < %s", names.get(i), names.get(i + 1))
          .isNegative();
      assertThat(compare(names.get(i + 1), names.get(i))).isPositive();
      assertThat(compare(names.get(i), names.get(i))).isZero();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {4, 5})
  void hashesEverySuffixConsistentlyWithTheWholeName(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      Name n = ZoneText.randomName(random, ZoneText.name("example.com."));
      byte[] w = lower(n);
      int[] starts = new int[WireName.MAX_LABELS];
      int labels = WireName.labelStarts(w, 0, starts);
      for (int k = 0; k < labels; k++) {
        int suffixHash = WireName.hash(w, starts[k]);
        // The whole name's hash from the suffix's, folding the labels in front.
        assertThat(WireName.hashRelative(suffixHash, w, 0, starts[k]))
            .isEqualTo(WireName.hash(w, 0));
        // And from a fresh copy of the suffix alone.
        byte[] suffix = java.util.Arrays.copyOfRange(w, starts[k], w.length);
        assertThat(WireName.hash(suffix, 0)).isEqualTo(suffixHash);
      }
      assertThat(WireName.hash(n.toWire(), 0))
          .as("case-insensitive")
          .isEqualTo(WireName.hash(w, 0));
    }
  }

  @Test
  void theRootHashesToTheRootHash() {
    assertThat(WireName.hash(new byte[] {0}, 0)).isEqualTo(WireName.ROOT_HASH);
  }

  /** A message holding a name at {@code offset}, and the length expected for it. */
  static final class Compressed {
    final String name;
    final byte[] message;
    final int offset;
    final int expected;

    Compressed(String name, byte[] message, int offset, int expected) {
      this.name = name;
      this.message = message;
      this.offset = offset;
      this.expected = expected;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static byte[] message(int... bytes) {
    byte[] m = new byte[12 + bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      m[12 + i] = (byte) bytes[i];
    }
    return m;
  }

  /** {@code example.com.} at offset 12, then the given bytes at offset 25. */
  private static byte[] afterExampleCom(int... bytes) {
    int[] all = new int[13 + bytes.length];
    int[] name = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
    System.arraycopy(name, 0, all, 0, 13);
    System.arraycopy(bytes, 0, all, 13, bytes.length);
    return message(all);
  }

  static Stream<Compressed> compressedNames() {
    int[] label63 = new int[64];
    label63[0] = 63;
    java.util.Arrays.fill(label63, 1, 64, 'a');
    // Five labels of 63 bytes, each pointing back to the previous: 320 bytes expanded.
    int[] chain = new int[5 * 66];
    for (int i = 0; i < 5; i++) {
      System.arraycopy(label63, 0, chain, i * 66, 64);
      int prev = 12 + (i - 1) * 66;
      chain[i * 66 + 64] = i == 0 ? 0 : 0xc0 | (prev >>> 8);
      chain[i * 66 + 65] = i == 0 ? 0 : prev & 0xff;
    }
    return Stream.of(
        new Compressed("uncompressed", afterExampleCom(), 12, 13),
        new Compressed("a pointer", afterExampleCom(0xc0, 12), 25, 2),
        new Compressed("a label and a pointer", afterExampleCom(3, 'w', 'w', 'w', 0xc0, 12), 25, 6),
        new Compressed("a pointer to a pointer", afterExampleCom(0xc0, 12, 0xc0, 25), 27, 2),
        new Compressed("a pointer to itself", message(0xc0, 12), 12, -1),
        new Compressed("a pointer forwards", message(0xc0, 14, 0), 12, -1),
        new Compressed("two pointers to each other", message(0xc0, 14, 0xc0, 12), 14, -1),
        // Points backwards to the label before it: every step is backwards, the name endless.
        new Compressed(
            "a label pointing back to itself", message(3, 'w', 'w', 'w', 0xc0, 12), 12, -1),
        new Compressed("expands past 255 bytes", message(chain), 12 + 4 * 66, -1),
        new Compressed("expands to 193 bytes", message(chain), 12 + 2 * 66, 66),
        new Compressed("truncated pointer", message(0xc0), 12, -1),
        new Compressed("truncated label", message(3, 'w', 'w'), 12, -1),
        new Compressed("label type 0x40", message(0x41, 'a', 0), 12, -1),
        new Compressed("label type 0x80", message(0x81, 'a', 0), 12, -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressedNames")
  void measuresCompressedNames(Compressed c) {
    assertThat(WireName.compressedLength(c.message, c.offset, c.message.length))
        .isEqualTo(c.expected);
  }

  @Test
  void acceptsANameOfExactly255BytesAndNoLonger() {
    byte[] name255 =
        ZoneText.name(("a".repeat(63) + ".").repeat(3) + "b".repeat(61) + ".").toWire();
    // Three labels of 63 bytes, one of 62, and the root: 256 bytes.
    byte[] name256 = new byte[256];
    int p = 0;
    for (int i = 0; i < 3; i++) {
      name256[p++] = 63;
      for (int j = 0; j < 63; j++) {
        name256[p++] = 'a';
      }
    }
    name256[p++] = 62;
    for (int j = 0; j < 62; j++) {
      name256[p++] = 'b';
    }
    name256[p] = 0;

    assertThat(name255).hasSize(255);
    assertThat(WireName.uncompressedLength(name255, 0, name255.length)).isEqualTo(255);
    assertThat(WireName.uncompressedLength(name256, 0, name256.length)).isEqualTo(-1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedUncompressed")
  void rejectsMalformedUncompressedNames(String name, byte[] wire) {
    assertThat(WireName.uncompressedLength(wire, 0, wire.length)).isEqualTo(-1);
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> malformedUncompressed() {
    byte[] label64 = new byte[66];
    label64[0] = 64;
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("empty", new byte[0]),
        org.junit.jupiter.params.provider.Arguments.of("no root label", new byte[] {1, 'a'}),
        org.junit.jupiter.params.provider.Arguments.of("a label of 64 bytes", label64),
        org.junit.jupiter.params.provider.Arguments.of(
            "a compression pointer", new byte[] {(byte) 0xc0, 12}));
  }

  @ParameterizedTest(name = "{0} under {1}: {2}")
  @MethodSource("ancestry")
  void tellsDescendantsAtLabelBoundaries(String name, String ancestor, boolean below) {
    byte[] n = lower(ZoneText.name(name));
    byte[] a = lower(ZoneText.name(ancestor));

    assertThat(WireName.isAtOrBelow(n, 0, n.length - 1, a, 0, a.length - 1)).isEqualTo(below);
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> ancestry() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("www.example.com.", "example.com.", true),
        org.junit.jupiter.params.provider.Arguments.of("example.com.", "example.com.", true),
        org.junit.jupiter.params.provider.Arguments.of("a.b.example.com.", "b.example.com.", true),
        org.junit.jupiter.params.provider.Arguments.of("aexample.com.", "example.com.", false),
        org.junit.jupiter.params.provider.Arguments.of("www.xample.com.", "example.com.", false),
        org.junit.jupiter.params.provider.Arguments.of("com.", "example.com.", false),
        org.junit.jupiter.params.provider.Arguments.of("example.net.", "example.com.", false));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "www.example.com.",
        "a\\.b.example.",
        "\\000\\255.x.",
        "sp\\032ace.",
        "\\$\\@\\;.",
        "."
      })
  void rendersNamesAsDnsjavaDoes(String text) {
    Name n = ZoneText.name(text);

    assertThat(WireName.toText(n.toWire(), 0)).isEqualTo(n.toString());
  }
}
