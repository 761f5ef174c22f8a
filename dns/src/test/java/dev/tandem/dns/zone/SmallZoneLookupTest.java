package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;

/**
 * Zones of a few names are packed (names and contents in one array) and searched name by name
 * instead of through a hash index ({@link NodeTable#SCANNED}); the next sizes up have neither.
 * Either way each finds its own names, with their records, whatever their case, and none that
 * differs by a byte, a label or a length.
 */
class SmallZoneLookupTest {
  private static final List<String> BELOW = List.of("www", "ww", "wwx", "a.www", "mail");

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void aZoneOfAFewNamesFindsEachOfThemAndNoOther(int nodes) {
    List<String> below = BELOW.subList(0, nodes - 1);
    StringBuilder text =
        new StringBuilder(
            """
            $ORIGIN example.com.
            $TTL 300
            @ SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 300
            @ NS ns1.example.net.
            @ NS ns2.example.net.
            """);
    for (int i = 0; i < below.size(); i++) {
      text.append(below.get(i)).append(" A 192.0.2.").append(i + 1).append('\n');
    }
    ZoneSnapshot zone = ZoneText.zone("example.com.", text.toString());

    assertThat(zone.recordsAt(name("EXAMPLE.com."))).hasSize(3); // SOA and two NS
    for (int i = 0; i < below.size(); i++) {
      Name owner = name(below.get(i).toUpperCase(java.util.Locale.ROOT) + ".example.com.");
      assertThat(zone.recordsAt(owner))
          .as(owner.toString())
          .singleElement()
          .extracting(org.xbill.DNS.Record::rdataToString)
          .isEqualTo("192.0.2." + (i + 1));
    }
    for (String absent : List.of("w", "wwy", "www.www", "b.www", "mail2", "x", "com.example")) {
      if (!below.contains(absent)) {
        Name owner = name(absent + ".example.com.");
        assertThat(zone.hasNode(owner)).as(owner.toString()).isFalse();
      }
    }
  }
}
