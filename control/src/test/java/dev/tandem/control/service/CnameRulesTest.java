package dev.tandem.control.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A CNAME beside other data at one name (RFC 1034 section 3.6.2, RFC 2181 section 10.1) is refused
 * before an edit is made, whichever side comes first, naming the RRset and the request field; an
 * edit that removes the other data in the same change is let through.
 */
class CnameRulesTest {
  private static final Name ZONE = Name.fromConstantString("example.test.");

  private static final String[] ZONE_RECORDS = {
    "@ 300 SOA ns1 hostmaster 1 3600 900 1209600 300",
    "@ 300 NS ns1",
    "ns1 300 A 192.0.2.53",
    "www 300 A 192.0.2.80",
    "www 300 MX 10 mail",
    "alias 300 CNAME www",
    "signed 300 CNAME www",
    "signed 300 RRSIG CNAME 13 3 300 20300101000000 20200101000000 1 example.test. AAAA",
  };

  private static ZoneSnapshot zone() throws IOException {
    ZoneBuilder b = new ZoneBuilder(ZONE);
    for (String line : ZONE_RECORDS) {
      b.add(record(line));
    }
    return b.build();
  }

  private static Record record(String line) throws IOException {
    String[] f = line.split(" ", 4);
    return Record.fromString(
        Name.fromString(f[0].equals("@") ? ZONE.toString() : f[0], ZONE),
        Type.value(f[2]),
        1,
        Long.parseLong(f[1]),
        f[3],
        ZONE);
  }

  /**
   * {@code +NAME TYPE} an RRset the edit leaves with records, {@code -NAME TYPE} one it removes.
   */
  private static List<CnameRules.Planned> plan(String... rrsets) {
    List<CnameRules.Planned> out = new ArrayList<>();
    for (int i = 0; i < rrsets.length; i++) {
      String[] f = rrsets[i].substring(1).split(" ");
      out.add(
          new CnameRules.Planned(
              Name.fromConstantString(f[0] + "." + ZONE),
              Type.value(f[1]),
              rrsets[i].charAt(0) == '+',
              "rrsets[" + i + "]"));
    }
    return out;
  }

  record Case(String what, String[] plan, @Nullable String field, @Nullable String error) {}

  @Test
  void everyEditIsJudgedByTheCnameRule() throws IOException {
    List<Case> cases =
        List.of(
            new Case(
                "a CNAME where an address is",
                new String[] {"+www CNAME"},
                "rrsets[0]",
                "RRset www.example.test. IN CNAME: Conflicts with pre-existing RRset A, MX"),
            new Case(
                "an address where a CNAME is",
                new String[] {"+alias A"},
                "rrsets[0]",
                "RRset alias.example.test. IN A: Conflicts with pre-existing RRset CNAME"),
            new Case(
                "a CNAME and a TXT both new at one name",
                new String[] {"+new CNAME", "+new TXT"},
                "rrsets[0]",
                "RRset new.example.test. IN CNAME: Conflicts with RRset of this request TXT"),
            new Case(
                "the CNAME's neighbours removed in the same edit",
                new String[] {"+www CNAME", "-www A", "-www MX"},
                null,
                null),
            new Case(
                "only one of two neighbours removed",
                new String[] {"-www A", "+www CNAME"},
                "rrsets[1]",
                "Conflicts with pre-existing RRset MX"),
            new Case("a CNAME replaced by another", new String[] {"+alias CNAME"}, null, null),
            new Case(
                "a CNAME replaced by an address in one edit",
                new String[] {"-alias CNAME", "+alias A"},
                null,
                null),
            new Case(
                "an RRSIG beside a CNAME (RFC 4035 section 2.5)",
                new String[] {"+signed RRSIG"},
                null,
                null),
            new Case(
                "the address of a signed CNAME's name",
                new String[] {"+signed AAAA"},
                "rrsets[0]",
                "RRset signed.example.test. IN AAAA: Conflicts with pre-existing RRset CNAME"),
            new Case("a removal alone", new String[] {"-www A"}, null, null));
    ZoneSnapshot zone = zone();
    for (Case c : cases) {
      List<CnameRules.Planned> planned = plan(c.plan());
      if (c.error() == null) {
        CnameRules.check(zone, planned); // no refusal
        continue;
      }
      assertThatThrownBy(() -> CnameRules.check(zone, planned))
          .as(c.what())
          .isInstanceOfSatisfying(
              ServiceException.class,
              e -> {
                assertThat(e.problem()).isEqualTo(ServiceException.Problem.INVALID);
                assertThat(e.field()).isEqualTo(c.field());
                assertThat(e.getMessage()).contains(c.error()).contains("RFC 1034 section 3.6.2");
              });
    }
  }

  @Test
  void aNewZoneIsJudgedWithNothingBefore() {
    CnameRules.checkNew(plan("+www A", "+alias CNAME"));
    assertThatThrownBy(() -> CnameRules.checkNew(plan("+www A", "+www CNAME")))
        .hasMessageContaining("RRset www.example.test. IN CNAME: conflicts with existing A RRset");
  }

  @Test
  void aCnameOrDnameRrsetHoldsOneRecord() {
    Name n = Name.fromConstantString("x.example.test.");
    CnameRules.checkSingle(n, Type.CNAME, 1, "records");
    CnameRules.checkSingle(n, Type.A, 5, "records");
    for (int type : new int[] {Type.CNAME, Type.DNAME}) {
      assertThatThrownBy(() -> CnameRules.checkSingle(n, type, 2, "rrsets[3].records"))
          .isInstanceOfSatisfying(
              ServiceException.class, e -> assertThat(e.field()).isEqualTo("rrsets[3].records"))
          .hasMessageContaining("holds exactly one");
    }
  }
}
