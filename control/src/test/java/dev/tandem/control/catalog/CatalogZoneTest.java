package dev.tandem.control.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Reading a catalog zone (RFC 9432 schema version 2): its members with their labels, groups and
 * change of ownership; what makes a catalog broken (section 5.1); what is ignored (section 3).
 */
class CatalogZoneTest {
  private static final String HEAD =
      """
      $ORIGIN catalog.test.
      $TTL 0
      @ SOA invalid. invalid. 1 3600 600 2419200 0
      @ NS invalid.
      """;

  static ZoneSnapshot zone(String text) {
    ZoneBuilder b = new ZoneBuilder(Name.fromConstantString("catalog.test."));
    try (Master m =
        new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Name.root)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        b.add(r);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return b.build();
  }

  private static CatalogZone.Reading read(String body) {
    return CatalogZone.read(zone(HEAD + body));
  }

  private static Name name(String n) {
    return Name.fromConstantString(n);
  }

  @Test
  void membersComeWithTheirLabelsGroupsAndChangeOfOwnership() {
    CatalogZone.Reading r =
        read(
            """
            version TXT "2"
            m1.zones PTR example.com.
            group.m1.zones TXT "nodnssec"
            m2.zones PTR example.net.
            group.m2.zones TXT "operator-x-sign-with-nsec3"
            group.m2.zones TXT "operator-y-nsec3"
            M3.ZONES PTR Example.ORG.
            coo.M3.zones PTR new.catalog.test.
            """);
    assertThat(r).isInstanceOf(CatalogZone.Valid.class);
    CatalogZone.Valid v = (CatalogZone.Valid) r;
    assertThat(v.serial()).isEqualTo(1);
    assertThat(v.members())
        .containsOnlyKeys(name("example.com."), name("example.net."), name("example.org."));
    assertThat(v.members().get(name("example.com.")))
        .isEqualTo(new CatalogZone.Member(name("example.com."), "m1", List.of("nodnssec"), null));
    assertThat(v.members().get(name("example.net.")).groups())
        .containsExactly("operator-x-sign-with-nsec3", "operator-y-nsec3");
    CatalogZone.Member m3 = v.members().get(name("example.org."));
    assertThat(m3.label()).isEqualTo("m3");
    assertThat(m3.coo()).isEqualTo(name("new.catalog.test."));
  }

  @Test
  void whatIsNotUnderstoodIsIgnored() {
    CatalogZone.Reading r =
        read(
            """
            version TXT "2"
            serial.ext TXT "custom global property"
            m1.zones PTR example.com.
            m1.zones TXT "not a PTR: ignored"
            flag.vendor.ext.m1.zones TXT "custom member property"
            group.m1.zones A 192.0.2.1
            coo.m1.zones TXT "coo of the wrong type: ignored"
            unknown.m1.zones TXT "a property not known"
            group.orphan.zones TXT "properties of no member"
            zones TXT "the zones node itself"
            """);
    assertThat(r).isInstanceOf(CatalogZone.Valid.class);
    CatalogZone.Valid v = (CatalogZone.Valid) r;
    assertThat(v.members())
        .containsOnly(
            java.util.Map.entry(
                name("example.com."),
                new CatalogZone.Member(name("example.com."), "m1", List.of(), null)));
  }

  @Test
  void anEmptyCatalogListsNoMembers() {
    assertThat(read("version TXT \"2\"\n"))
        .isEqualTo(new CatalogZone.Valid(name("catalog.test."), 1, java.util.Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no version            | m1.zones PTR a.test.                                                 | no version property
          version 1             | version TXT "1"\\nm1.zones PTR a.test.                                | version 1 was BIND 9.11's draft
          version 3             | version TXT "3"                                                      | schema version "3"
          two versions          | version TXT "2"\\nversion TXT "1"                                     | has 2 TXT records
          two PTRs at a node    | version TXT "2"\\nm1.zones PTR a.test.\\nm1.zones PTR b.test.          | m1.zones has 2 PTR records
          one zone twice        | version TXT "2"\\nm1.zones PTR a.test.\\nm2.zones PTR a.test.          | is listed twice, by member nodes m1 and m2
          two coo PTRs          | version TXT "2"\\nm1.zones PTR a.test.\\ncoo.m1.zones PTR x.\\ncoo.m1.zones PTR y. | coo.m1.zones has 2 PTR records
          """)
  void aBrokenCatalogSaysWhy(String what, String body, String why) {
    CatalogZone.Reading r = read(body.replace("\\n", "\n") + "\n");
    assertThat(r).as(what).isInstanceOf(CatalogZone.Broken.class);
    assertThat(((CatalogZone.Broken) r).why()).as(what).contains(why);
  }
}
