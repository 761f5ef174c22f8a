package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneUpdate.Policy;
import dev.tandem.dns.zone.ZoneUpdate.Result;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Update;

/**
 * How large an RRset may grow (issue 14: a key limited to {@code _acme-challenge} TXT made an 80 KB
 * RRset, 300 records of 255 bytes, in three UPDATEs): a change past the records of {@code
 * max-records-per-type} or past the 60,000 bytes an answer has room for is REFUSED, naming the
 * RRset; a zone file that has such an RRset is served with a warning.
 */
class RrSetLimitsTest {
  private static final Name ORIGIN = name("example.com.");
  private static final Name ACME = name("_acme-challenge.example.com.");
  private static final String TOKEN = "x".repeat(245); // with its 10-digit number: 255 bytes

  private static ZoneSnapshot zone(String more) {
    return ZoneText.zone("example.com.", ZoneText.EXAMPLE_HEAD + more);
  }

  /** An UPDATE adding {@code count} TXT records of 255 bytes (a 256-byte rdata each). */
  private static Update txts(int from, int count) {
    Update u = new Update(ORIGIN);
    for (int i = from; i < from + count; i++) {
      u.add(new TXTRecord(ACME, DClass.IN, 60, String.format("%010d", i) + TOKEN));
    }
    return u;
  }

  private static ZoneSnapshot applied(ZoneSnapshot z, Update u, RrSetLimits limits) {
    Result r = ZoneUpdate.apply(z, u, Policy.ANY, limits);
    assertThat(Rcode.string(r.rcode())).as(r.reason()).isEqualTo("NOERROR");
    try {
      return z.apply(Objects.requireNonNull(r.diff()));
    } catch (ZoneDiffException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anUpdateGrowingAnRrsetPastMaxRecordsPerTypeIsRefusedNamingIt() {
    ZoneSnapshot z = applied(zone(""), txts(0, 100), RrSetLimits.DEFAULT);

    Result r = ZoneUpdate.apply(z, txts(100, 1), Policy.ANY, RrSetLimits.DEFAULT);

    assertThat(Rcode.string(r.rcode())).isEqualTo("REFUSED");
    assertThat(r.reason())
        .isEqualTo(
            "the TXT RRset at _acme-challenge.example.com. would hold 101 records, more than the"
                + " 100 this zone allows in one RRset (max-records-per-type)");
    assertThat(r.diff()).isNull();
  }

  @Test
  void anUpdateMakingAnRrsetTooLargeForAnAnswerIsRefused() {
    RrSetLimits manyRecords = RrSetLimits.DEFAULT.withMaxRecords(1000);
    ZoneSnapshot z = applied(zone(""), txts(0, 100), manyRecords);
    z = applied(z, txts(100, 100), manyRecords); // 200 x (12 + 256) = 53,600 bytes

    Result third = ZoneUpdate.apply(z, txts(200, 100), Policy.ANY, manyRecords);

    assertThat(Rcode.string(third.rcode())).isEqualTo("REFUSED");
    assertThat(third.reason())
        .isEqualTo(
            "the TXT RRset at _acme-challenge.example.com. would take 80400 bytes in an answer,"
                + " more than 60000: no response could carry it");
  }

  @Test
  void anRrsetAlreadyPastTheLimitMayShrinkAndItsNameMayChange() {
    ZoneSnapshot z = applied(zone(""), txts(0, 5), RrSetLimits.DEFAULT);
    RrSetLimits three = RrSetLimits.DEFAULT.withMaxRecords(3);
    Update shrink = new Update(ORIGIN);
    shrink.delete(new TXTRecord(ACME, DClass.IN, 60, String.format("%010d", 0) + TOKEN));
    Update beside = new Update(ORIGIN);
    beside.add(ZoneText.record("_acme-challenge.example.com. 60 A 192.0.2.9"));

    assertThat(ZoneUpdate.apply(z, shrink, Policy.ANY, three).rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ZoneUpdate.apply(z, beside, Policy.ANY, three).rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ZoneUpdate.apply(z, txts(5, 1), Policy.ANY, three).rcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void aZoneFileWithAnRrsetTooLargeToAnswerIsServedWithAWarningAtItsLine() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      big.append("big TXT \"").append(String.format("%010d", i)).append(TOKEN).append("\"\n");
    }
    ZoneLoader.Result r = ZoneText.load("example.com.", ZoneText.EXAMPLE_HEAD + big);

    assertThat(r.ok()).isTrue();
    assertThat(r.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(6))
        .satisfies(p -> assertThat(p.isError()).isFalse())
        .satisfies(
            p ->
                assertThat(p.message())
                    .isEqualTo(
                        "the TXT RRset at big.example.com. takes 80400 bytes in an answer, more"
                            + " than 60000: zone transfers carry it, but a query for it is"
                            + " answered TC over UDP and SERVFAIL over TCP"));
    assertThat(ZoneLoader.oversizedRrsets(Objects.requireNonNull(r.zone()))).hasSize(1);
  }

  @Test
  void aZoneFileWithMoreRecordsInAnRrsetThanBindTakesIsServedWithAWarning() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      many.append("pool A 10.0.").append(i / 250).append('.').append(i % 250).append('\n');
    }

    ZoneLoader.Result r = ZoneText.load("example.com.", ZoneText.EXAMPLE_HEAD + many);

    assertThat(r.ok()).isTrue();
    assertThat(r.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("holds 101 records").contains("BIND"));
  }
}
