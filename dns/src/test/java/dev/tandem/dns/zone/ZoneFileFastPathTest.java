package dev.tandem.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The zone-file reader's own fast path for common records must read every zone file exactly as
 * dnsjava's {@code Master} does: same records, same order, same TTLs and rdata bytes, and a failure
 * where dnsjava fails. Checked on hand-written corner cases and on the 10,000 Ferret zone files.
 */
class ZoneFileFastPathTest {
  @TempDir Path dir;

  @Test
  void readsHandWrittenCornerCasesAsDnsjavaDoes() throws IOException {
    String[] zones = {
      """
      $ORIGIN example.test.
      $TTL 1h
      @ IN SOA ns1 hostmaster ( 2024010101 ; serial
                                3600 900 1209600 300 )
        NS ns1
        NS ns2.example.net.
      ns1 300 IN A 192.0.2.1
      ns1 IN 300 AAAA 2001:db8::1
      www A 192.0.2.80
          AAAA ::ffff:192.0.2.80
          AAAA 2001:DB8:0:0:0:0:0:1
          AAAA ::
          AAAA 1::
      MiXeD.CaSe TXT "a b" c "with \\"quote\\"" "\\065\\066" ""
      txt TXT ( "one"
                "two" )
      mx MX 10 mail
      mx MX 20 @
      srv._tcp SRV 1 2 3 target
      cn CNAME www.example.test.
      dn DNAME other.
      ptr PTR www
      esc\\.aped A 192.0.2.9
      under_score A 192.0.2.10
      *.wild A 192.0.2.11
      unk TYPE65280 \\# 4 0A000001
      caa CAA 0 issue "ca.example.net"
      soa2 SOA a b 1 2h 3m 4w 5d
      $TTL 30
      ttl A 192.0.2.12
      lead 010.0.0.1 ; not an A: no type here
      """,
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\n@ NS a\na A 1.2.3.4\n\tA 1.2.3.5\n",
      "@ SOA a. b. 1 2 3 4 5\n", // no TTL anywhere: the SOA's MINIMUM
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\nbad A 1.2.3.256\n",
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\nbad AAAA 1::2::3\n",
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\nbad MX mail\n",
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\nbad A\n",
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\nbad TXT \"unterminated\n",
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\nbad..name A 1.2.3.4\n",
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\nbad NOSUCHTYPE 1\n",
      "$ORIGIN x.\n@ 300 SOA a b 1 2 3 4 5\n$GENERATE 1-3 host$ A 10.0.0.$\n",
    };
    for (String z : zones) {
      Path f = dir.resolve("z.zone");
      Files.writeString(f, z);
      assertSameAsDnsjava(f, Name.fromString("x."));
    }
  }

  @Test
  void readsTheFerretZoneFilesAsDnsjavaDoes() throws IOException {
    Path ferret =
        Path.of(System.getProperty("tandem.shared", "../../shared"))
            .resolve("conformance/ferret/ValidZoneFileTests/ZoneFiles");
    assertThat(ferret).isDirectory();
    int n = 0;
    try (Stream<Path> files = Files.list(ferret)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        assertSameAsDnsjava(f, Name.root);
        n++;
      }
    }
    assertThat(n).isEqualTo(10_000);
  }

  static void assertSameAsDnsjava(Path file, Name origin) throws IOException {
    List<String> expected = new ArrayList<>();
    String expectedError = null;
    try (Master m = new Master(file.toString(), origin)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        expected.add(
            describe(r.getName().toWire(), r.getType(), r.getDClass(), r.getTTL(), rdata(r)));
      }
    } catch (IOException | RuntimeException e) {
      expectedError = String.valueOf(e.getMessage());
    }
    List<String> actual = new ArrayList<>();
    String actualError = null;
    try {
      ZoneFileReader.read(
          file,
          origin,
          true,
          (from, line, owner, ownerLength, type, dclass, ttl, rd, rdOff, rdLen) ->
              actual.add(
                  describe(
                      java.util.Arrays.copyOf(owner, ownerLength),
                      type,
                      dclass,
                      ttl,
                      java.util.Arrays.copyOfRange(rd, rdOff, rdOff + rdLen))));
    } catch (ZoneFileException e) {
      actualError = e.getMessage();
    }
    String what = file + ":\n" + safeRead(file);
    if (expectedError != null) {
      assertThat(actualError)
          .as("dnsjava fails (%s), so must we: %s", expectedError, what)
          .isNotNull();
      assertThat(actual).as(what).isEqualTo(expected);
    } else {
      assertThat(actualError).as(what).isNull();
      assertThat(actual).as(what).isEqualTo(expected);
    }
  }

  private static String safeRead(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      return "?";
    }
  }

  private static byte[] rdata(Record r) {
    byte[] wire = r.toWire(Section.ANSWER);
    int p = r.getName().length() + 8;
    int len = ((wire[p] & 0xff) << 8) | (wire[p + 1] & 0xff);
    return java.util.Arrays.copyOfRange(wire, wire.length - len, wire.length);
  }

  private static String describe(byte[] owner, int type, int dclass, long ttl, byte[] rd) {
    return HexFormat.of().formatHex(owner)
        + " "
        + type
        + " "
        + dclass
        + " "
        + ttl
        + " "
        + HexFormat.of().formatHex(rd);
  }
}
