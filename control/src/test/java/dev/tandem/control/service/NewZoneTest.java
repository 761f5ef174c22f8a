package dev.tandem.control.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A new zone made of records: NS records for its name servers, the one default SOA when it has none
 * (serial by its policy on the clock given, never the machine's), its errors each listed.
 */
class NewZoneTest {
  private static final Name ZONE = Name.fromConstantString("new.test.");
  private static final Instant NOW = Instant.parse("2031-05-06T23:59:59Z");
  private static final Name NS1 = Name.fromConstantString("ns1.example.net.");
  private static final Name NS2 = Name.fromConstantString("ns2.example.net.");

  private static Record record(String owner, int type, String data) throws IOException {
    return Record.fromString(Name.fromString(owner, ZONE), type, 1, 300, data, ZONE);
  }

  private static SOARecord soa(ZoneSnapshot z) {
    return (SOARecord)
        z.recordsAt(ZONE).stream().filter(r -> r.getType() == Type.SOA).findFirst().orElseThrow();
  }

  @Test
  void nameServersAloneGetTheDefaultSoaNamingTheFirstAsPrimary() {
    ZoneSnapshot z = NewZone.of(ZONE, List.of(NS1, NS2), List.of(), SerialPolicy.INCREMENT, NOW);

    SOARecord soa = soa(z);
    assertThat(soa.rdataToString())
        .isEqualTo("ns1.example.net. hostmaster.new.test. 1 10800 3600 604800 3600");
    assertThat(soa.getTTL()).isEqualTo(3600);
    assertThat(z.recordsAt(ZONE).stream().filter(r -> r.getType() == Type.NS).count()).isEqualTo(2);
  }

  @Test
  void theFirstSerialFollowsThePolicyOnTheGivenClock() {
    assertThat(NewZone.firstSerial(SerialPolicy.INCREMENT, NOW)).isEqualTo(1);
    assertThat(NewZone.firstSerial(SerialPolicy.UNIXTIME, NOW)).isEqualTo(NOW.getEpochSecond());
    // The day is the UTC day of the clock, a second before midnight: no LocalDate.now anywhere.
    assertThat(NewZone.firstSerial(SerialPolicy.DATESERIAL, NOW)).isEqualTo(2031050601L);
    ZoneSnapshot z = NewZone.of(ZONE, List.of(NS1), List.of(), SerialPolicy.DATESERIAL, NOW);
    assertThat(z.serial()).isEqualTo(2031050601L);
  }

  @Test
  void recordsWithTheirOwnSoaKeepIt() throws IOException {
    List<Record> records =
        List.of(
            record("@", Type.SOA, "ns9.example.net. admin.example.net. 77 7200 900 86400 60"),
            record("@", Type.NS, "ns1"),
            record("ns1", Type.A, "192.0.2.53"));

    ZoneSnapshot z = NewZone.of(ZONE, List.of(), records, SerialPolicy.DATESERIAL, NOW);

    assertThat(z.serial()).isEqualTo(77);
    assertThat(soa(z).getHost()).isEqualTo(Name.fromConstantString("ns9.example.net."));
  }

  @Test
  void aZoneWithoutNameServersIsRefused() throws IOException {
    List<Record> records = List.of(record("www", Type.A, "192.0.2.80"));
    assertThatThrownBy(() -> NewZone.of(ZONE, List.of(), records, SerialPolicy.INCREMENT, NOW))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.field()).isEqualTo("nameservers"))
        .hasMessageContaining("at least one name server");
  }

  @Test
  void aRecordOutsideTheZoneIsRefused() throws IOException {
    Record outside =
        Record.fromString(
            Name.fromConstantString("www.other.test."), Type.A, 1, 300, "192.0.2.1", ZONE);
    assertThatThrownBy(
            () -> NewZone.of(ZONE, List.of(NS1), List.of(outside), SerialPolicy.INCREMENT, NOW))
        .hasMessageContaining("www.other.test. is not in zone new.test.");
  }

  @Test
  void theZoneChecksAreListedOneByOne() throws IOException {
    Name inZone = Name.fromConstantString("ns1.new.test.");
    List<Record> alias = List.of(record("ns1", Type.CNAME, "elsewhere.test."));
    assertThatThrownBy(() -> NewZone.of(ZONE, List.of(inZone), alias, SerialPolicy.INCREMENT, NOW))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> {
              assertThat(e.problems())
                  .containsExactly(
                      "NS ns1.new.test. at new.test. is a CNAME, which a name server name must"
                          + " not be (RFC 2181 section 10.3)");
              assertThat(e.getMessage()).startsWith("zone new.test. is not valid: NS ns1");
            });
  }

  @Test
  void aNameServerInTheZoneWithoutAnAddressYetIsTakenAndWarnedAbout() {
    // PowerDNS's quick start: the client creates the zone, then adds ns1's address.
    Name inZone = Name.fromConstantString("ns1.new.test.");
    ZoneSnapshot z = NewZone.of(ZONE, List.of(inZone), List.of(), SerialPolicy.INCREMENT, NOW);
    assertThat(z.recordsAt(ZONE)).extracting(Record::getType).contains(Type.NS, Type.SOA);
    assertThat(new dev.tandem.control.zone.ZoneWarnings().of(z))
        .containsExactly(
            "name server ns1.new.test. is in the zone but has no address record (A or AAAA):"
                + " add one, or resolvers cannot reach it through this zone");
  }

  @Test
  void aCnameBesideOtherDataIsRefusedNamingTheRrset() throws IOException {
    List<Record> records =
        List.of(record("www", Type.A, "192.0.2.80"), record("www", Type.CNAME, "elsewhere.test."));
    assertThatThrownBy(() -> NewZone.of(ZONE, List.of(NS1), records, SerialPolicy.INCREMENT, NOW))
        .hasMessageContaining(
            "RRset www.new.test. IN CNAME: conflicts with existing A RRset of the same name");
    List<Record> two =
        List.of(record("a", Type.CNAME, "x.test."), record("a", Type.CNAME, "y.test."));
    assertThatThrownBy(() -> NewZone.of(ZONE, List.of(NS1), two, SerialPolicy.INCREMENT, NOW))
        .hasMessageContaining("RRset a.new.test. IN CNAME: only one such record allowed");
  }
}
