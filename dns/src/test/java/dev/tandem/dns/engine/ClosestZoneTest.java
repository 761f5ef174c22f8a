package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Type;

/**
 * Choosing the zone for a question (RFC 1034 section 4.3.2 step 2): the served zone whose origin is
 * the longest suffix of the name; for DS, the parent side of the cut (RFC 4035 section 3.1.4.1).
 */
class ClosestZoneTest {
  private static ZoneSnapshot zone(String origin, int serial) {
    return ZoneText.zone(
        origin,
        """
        $ORIGIN %s
        $TTL 300
        @        SOA  ns1 hostmaster %d 7200 3600 1209600 300
        @        NS   ns1
        ns1      A    192.0.2.53
        """
            .formatted(origin, serial));
  }

  private static final ServedZones SERVED =
      ServedZones.of(
          List.of(
              zone("com.", 1),
              zone("example.com.", 2),
              zone("sub.example.com.", 3),
              zone("a.b.c.d.example.org.", 4)));

  private static long servedBy(ServedZones served, String qname, int qtype, int fromLabel) {
    byte[] wire = InProcessResponder.query(qname, qtype).toWire();
    Query q = new Query();
    assertThat(q.parse(wire, wire.length)).isEqualTo(Query.Verdict.OK);
    @Nullable ZoneSnapshot z = served.find(q, fromLabel);
    return z == null ? -1 : z.serial();
  }

  @ParameterizedTest(name = "{0}: zone {1}")
  @CsvSource({
    "com., 1",
    "net., -1",
    "., -1",
    "example.com., 2",
    "www.example.com., 2",
    "EXAMPLE.COM., 2",
    "sub.example.com., 3",
    "x.y.sub.example.com., 3",
    "notsub.example.com., 2",
    "ub.example.com., 2",
    "other.com., 1",
    "d.example.org., -1",
    "b.c.d.example.org., -1",
    "a.b.c.d.example.org., 4",
    "x.a.b.c.d.example.org., 4"
  })
  void picksTheLongestMatchingOrigin(String qname, long serial) {
    assertThat(servedBy(SERVED, qname, Type.A, 0)).isEqualTo(serial);
  }

  @ParameterizedTest(name = "{0}: zone {1}")
  @CsvSource({"sub.example.com., 2", "x.sub.example.com., 3", "example.com., 1", "com., -1"})
  void looksAboveTheNameForDs(String qname, long serial) {
    assertThat(servedBy(SERVED, qname, Type.DS, 1)).isEqualTo(serial);
  }

  @Test
  void replacesAndRemovesZonesByOrigin() {
    ServedZones replaced = SERVED.with(zone("example.com.", 22));
    ServedZones removed = replaced.without(ZoneText.name("sub.example.com."));

    assertThat(servedBy(replaced, "www.example.com.", Type.A, 0)).isEqualTo(22);
    assertThat(servedBy(removed, "www.sub.example.com.", Type.A, 0)).isEqualTo(22);
    assertThat(servedBy(SERVED, "www.sub.example.com.", Type.A, 0)).isEqualTo(3);
    assertThat(removed.size()).isEqualTo(3);
    assertThat(removed.all()).extracting(ZoneSnapshot::serial).containsExactly(1L, 22L, 4L);
  }
}
