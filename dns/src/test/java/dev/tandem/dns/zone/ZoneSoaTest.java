package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SOARecord;

/** The zone's SOA, read from the apex without the other records there. */
class ZoneSoaTest {
  private static ZoneSnapshot zone(String apexRecords) {
    return ZoneText.zone(
        "example.com.",
        "$ORIGIN example.com.\n$TTL 300\n"
            + "@ 600 SOA ns1 hostmaster 10 7200 3600 1209600 300\n"
            + "@ NS ns1\n"
            + apexRecords
            + "ns1 A 192.0.2.53\n");
  }

  @Test
  void theSoaIsTheApexsWithItsOwnTtlWhateverElseIsThere() throws Exception {
    for (String apex :
        List.of("", "@ MX 10 mail\n@ TXT \"v=spf1 -all\"\n@ A 192.0.2.9\n@ AAAA 2001:db8::9\n")) {
      SOARecord soa = zone(apex).soa();
      assertThat(soa)
          .isEqualTo(
              record(
                  "example.com. 600 SOA ns1.example.com. hostmaster.example.com. 10 7200 3600 1209600 300"));
      assertThat(soa.getTTL()).isEqualTo(600);
    }
  }

  @Test
  void afterAChangeTheSoaIsTheNewVersions() throws Exception {
    ZoneSnapshot before = zone("");
    ZoneSnapshot after =
        before.apply(
            new ZoneDiff(
                List.of(before.soa()),
                List.of(
                    record(
                        "example.com. 900 SOA ns2.example.com. admin.example.com. 11 7200 3600"
                            + " 1209600 60"))));
    assertThat(after.soa().getSerial()).isEqualTo(11);
    assertThat(after.soa().getHost().toString()).isEqualTo("ns2.example.com.");
    assertThat(after.soa().getTTL()).isEqualTo(900);
    assertThat(before.soa().getSerial()).isEqualTo(10);
  }
}
