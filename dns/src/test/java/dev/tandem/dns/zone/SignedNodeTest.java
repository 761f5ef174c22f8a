package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * RRSIGs as a signed zone holds them: one RRset per type covered, each with the TTL of what it
 * signs, so that a secondary keeps them as the primary sent them, and an IXFR that re-signs one
 * RRset touches only its signatures.
 */
class SignedNodeTest {
  private static final String SIG_A_OLD =
      "www.example.com. 300 RRSIG A 13 3 300 20300101000000 20260101000000 4711 example.com."
          + " AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String SIG_A_NEW =
      "www.example.com. 300 RRSIG A 13 3 300 20300201000000 20260201000000 4711 example.com."
          + " BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  private static final String SIG_TXT =
      "www.example.com. 3600 RRSIG TXT 13 3 3600 20300101000000 20260101000000 4711 example.com."
          + " CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";

  private static ZoneLoader.Result load() {
    return ZoneText.load(
        "example.com.",
        """
        $ORIGIN example.com.
        @          300  SOA  ns1 hostmaster 1 7200 3600 1209600 300
        @          300  NS   ns1
        ns1        300  A    192.0.2.53
        www        300  A    192.0.2.1
        www        3600 TXT  "web"
        """
            + SIG_TXT
            + "\n"
            + SIG_A_OLD
            + "\n");
  }

  private static List<String> at(ZoneSnapshot zone, String owner) {
    return zone.recordsAt(name(owner)).stream().map(ZoneText::text).toList();
  }

  @Test
  void signaturesOverRrsetsOfDifferentTtlsKeepTheirOwnTtlsWithoutAWarning() {
    ZoneLoader.Result r = load();

    assertThat(r.problems()).noneMatch(p -> p.message().contains("TTL"));
    assertThat(at(Objects.requireNonNull(r.zone()), "www.example.com."))
        .contains(ZoneText.text(ZoneText.record(SIG_A_OLD)))
        .contains(ZoneText.text(ZoneText.record(SIG_TXT)));
  }

  @Test
  void signaturesAreFoundByTheTypeTheyCover() {
    ZoneSnapshot z = Objects.requireNonNull(load().zone());
    byte[] wire = name("www.example.com.").toWireCanonical();
    ZoneContents.NodeSlice www =
        Objects.requireNonNull(
            z.contents().lookup(new NameKey(Arrays.copyOf(wire, wire.length - z.originLength()))));

    int overA = EncodedNode.findSignatures(www.data(), www.start(), Type.A);
    int overTxt = EncodedNode.findSignatures(www.data(), www.start(), Type.TXT);

    assertThat(EncodedNode.covered(www.data(), overA)).isEqualTo(Type.A);
    assertThat(EncodedNode.ttl(www.data(), overA)).isEqualTo(300);
    assertThat(EncodedNode.covered(www.data(), overTxt)).isEqualTo(Type.TXT);
    assertThat(EncodedNode.ttl(www.data(), overTxt)).isEqualTo(3600);
    assertThat(EncodedNode.findSignatures(www.data(), www.start(), Type.AAAA)).isEqualTo(-1);
  }

  @Test
  void anIncrementalReSigningReplacesOnlyTheSignaturesOfThatRrset() throws ZoneDiffException {
    ZoneSnapshot before = Objects.requireNonNull(load().zone());

    ZoneSnapshot after =
        before.apply(
            new ZoneDiff(List.of(ZoneText.record(SIG_A_OLD)), List.of(ZoneText.record(SIG_A_NEW))));

    assertThat(at(after, "www.example.com."))
        .contains(ZoneText.text(ZoneText.record(SIG_A_NEW)))
        .contains(ZoneText.text(ZoneText.record(SIG_TXT)))
        .doesNotContain(ZoneText.text(ZoneText.record(SIG_A_OLD)));
    assertThat(after.recordCount()).isEqualTo(before.recordCount());
    assertThat(at(before, "www.example.com.")).contains(ZoneText.text(ZoneText.record(SIG_A_OLD)));
  }

  @Test
  void theFirstSignatureToExpireIsReported() {
    SignatureSummary s =
        Objects.requireNonNull(
            SignatureSummary.of(
                Objects.requireNonNull(load().zone()),
                java.time.Instant.parse("2026-12-02T00:00:00Z").getEpochSecond()));

    assertThat(s.signatures()).isEqualTo(2);
    assertThat(s.rrset()).isEqualTo("www.example.com. A");
    assertThat(java.time.Instant.ofEpochSecond(s.earliestExpiration()))
        .isEqualTo(java.time.Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void eachVersionSumsUpItsOwnSignaturesAndAnUnsignedOneHasNone() throws ZoneDiffException {
    long now = java.time.Instant.parse("2026-12-02T00:00:00Z").getEpochSecond();
    ZoneSnapshot before = Objects.requireNonNull(load().zone());
    assertThat(Objects.requireNonNull(before.signatures(now)).rrset())
        .isEqualTo("www.example.com. A");

    ZoneSnapshot after =
        before.apply(
            new ZoneDiff(List.of(ZoneText.record(SIG_A_OLD)), List.of(ZoneText.record(SIG_A_NEW))));

    assertThat(Objects.requireNonNull(after.signatures(now)).rrset())
        .isEqualTo("www.example.com. TXT");
    assertThat(Objects.requireNonNull(before.signatures(now)).rrset())
        .isEqualTo("www.example.com. A");
    ZoneSnapshot unsigned =
        ZoneText.zone(
            "example.com.",
            """
            $ORIGIN example.com.
            @ 300 SOA ns1 hostmaster 1 7200 3600 1209600 300
            @ 300 NS  ns1
            ns1 300 A 192.0.2.53
            """);
    assertThat(unsigned.signatures(now)).isNull();
    assertThat(unsigned.signatures(now)).isNull(); // asked again: still none
  }
}
