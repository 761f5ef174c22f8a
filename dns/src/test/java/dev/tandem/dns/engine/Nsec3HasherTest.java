package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/**
 * {@link Nsec3Hasher} against dnsjava's RFC 5155 hash ({@code NSEC3PARAMRecord.hashName}, which
 * hashes the canonical, lower-cased wire name) written in lower-case base32hex, and against the
 * examples of RFC 5155 appendix A.
 */
class Nsec3HasherTest {
  static Stream<Arguments> cases() {
    String[] names = {
      ".",
      "example.",
      "a.example.",
      "*.w.example.",
      "WwW.ExAmPlE.",
      "XN--BCHER-KVA.Example.COM.",
      "a.b.c.d.e.f.g.h.example.org.",
      "\\000.\\255.example.",
      "x".repeat(63) + "." + "y".repeat(63) + ".example."
    };
    String[] salts = {"", "aabbccdd", "ff", "00112233445566778899aabbccddeeff"};
    int[] iterations = {0, 1, 5, 12, 150};
    Stream.Builder<Arguments> b = Stream.builder();
    for (String n : names) {
      for (String s : salts) {
        for (int i : iterations) {
          b.add(Arguments.of(n, s, i));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} salt={1} iterations={2}")
  @MethodSource("cases")
  void matchesDnsjava(String name, String saltHex, int iterations) {
    Name n = SignedZoneFixture.name(name);
    byte[] salt = HexFormat.of().parseHex(saltHex);
    String expected = SignedZoneFixture.base32hex(SignedZoneFixture.nsec3Hash(n, iterations, salt));

    // The engine hashes the lower-cased wire name (the method's contract); case must not matter.
    assertThat(hashLabel(n.toWireCanonical(), iterations, salt)).isEqualTo(expected);
  }

  /** RFC 5155 appendix A: salt aabbccdd, 12 iterations. */
  @Test
  void rfc5155AppendixA() {
    byte[] salt = HexFormat.of().parseHex("aabbccdd");
    assertThat(hashLabel(SignedZoneFixture.name("example.").toWireCanonical(), 12, salt))
        .isEqualTo("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
    assertThat(hashLabel(SignedZoneFixture.name("a.example.").toWireCanonical(), 12, salt))
        .isEqualTo("35mthgpgcu1qg68fab165klnsnk3dpvl");
    assertThat(hashLabel(SignedZoneFixture.name("*.w.example.").toWireCanonical(), 12, salt))
        .isEqualTo("r53bq7cc2uvmubfu5ocmm6pers9tk9en");
  }

  /** The hash is written at the offset asked, after a length byte, and nothing else is touched. */
  @Test
  void writesOneLabelAtTheOffset() {
    byte[] wire = SignedZoneFixture.name("example.").toWireCanonical();
    byte[] framed = new byte[wire.length + 6];
    System.arraycopy(wire, 0, framed, 3, wire.length);
    byte[] out = new byte[40];
    Arrays.fill(out, (byte) 0x55);

    new Nsec3Hasher().hashLabel(framed, 3, wire.length, 0, new byte[0], out, 4);

    assertThat(out[4]).isEqualTo((byte) 32);
    assertThat(new String(out, 5, 32, StandardCharsets.US_ASCII))
        .isEqualTo(
            SignedZoneFixture.base32hex(
                SignedZoneFixture.nsec3Hash(SignedZoneFixture.name("example."), 0, new byte[0])));
    for (int i : new int[] {0, 1, 2, 3, 37, 38, 39}) {
      assertThat(out[i]).as("byte %d", i).isEqualTo((byte) 0x55);
    }
  }

  /** One hasher reused gives the same as a fresh one (no state carried over). */
  @Test
  void reusable() {
    Nsec3Hasher h = new Nsec3Hasher();
    byte[] a = SignedZoneFixture.name("a.example.").toWireCanonical();
    byte[] b = SignedZoneFixture.name("b.example.").toWireCanonical();
    byte[] salt = {1, 2, 3};
    byte[] out1 = new byte[33];
    byte[] out2 = new byte[33];
    h.hashLabel(a, 0, a.length, 3, salt, out1, 0);
    h.hashLabel(b, 0, b.length, 3, salt, out2, 0);
    byte[] again = new byte[33];
    h.hashLabel(a, 0, a.length, 3, salt, again, 0);

    assertThat(again).isEqualTo(out1);
    assertThat(new String(out2, 1, 32, StandardCharsets.US_ASCII)).isEqualTo(hashLabel(b, 3, salt));
  }

  private static String hashLabel(byte[] wire, int iterations, byte[] salt) {
    byte[] out = new byte[Nsec3Hasher.LABEL_LENGTH + 1];
    new Nsec3Hasher().hashLabel(wire, 0, wire.length, iterations, salt, out, 0);
    assertThat(out[0]).isEqualTo((byte) Nsec3Hasher.LABEL_LENGTH);
    return new String(out, 1, Nsec3Hasher.LABEL_LENGTH, StandardCharsets.US_ASCII);
  }
}
