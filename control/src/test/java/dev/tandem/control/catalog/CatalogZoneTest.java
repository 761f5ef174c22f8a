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

  private static Record rr(String text) {
    try {
      return Record.fromString(
          Name.fromString(text.split(" ")[0], name("catalog.test.")),
          org.xbill.DNS.Type.value(text.split(" ")[1]),
          org.xbill.DNS.DClass.IN,
          0,
          text.substring(text.indexOf(' ', text.indexOf(' ') + 1) + 1),
          name("catalog.test."));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static org.xbill.DNS.SOARecord soa(long serial) {
    return (org.xbill.DNS.SOARecord)
        rr("@ SOA invalid. invalid. " + serial + " 3600 600 2419200 0");
  }

  @Test
  void readingOnlyTheNodesAChangeTouchedGivesWhatReadingItAllGives() throws Exception {
    // A one-member change of a 1,000,000-member catalog read every member again: the catalog
    // consumer now reads only the member nodes an IXFR touched (readChanged). Random changes,
    // some breaking the catalog, each checked against a whole read of the version they lead to.
    java.util.Random random = new java.util.Random(9432);
    ZoneSnapshot z = zone(HEAD + "version TXT \"2\"\n");
    CatalogZone.Valid acted = (CatalogZone.Valid) CatalogZone.read(z);
    List<dev.tandem.dns.zone.ZoneDiff> sinceActed = new java.util.ArrayList<>();
    int brokenSeen = 0;
    for (long serial = 2; serial < 400; serial++) {
      List<Record> removed = new java.util.ArrayList<>(List.of(soa(serial - 1)));
      List<Record> added = new java.util.ArrayList<>(List.of(soa(serial)));
      List<Record> present = z.records();
      for (int k = random.nextInt(3) + 1; k > 0; k--) {
        String label = "m" + random.nextInt(12);
        switch (random.nextInt(6)) {
          case 0, 1 -> added.add(rr(label + ".zones PTR z" + random.nextInt(15) + ".test."));
          case 2 -> added.add(rr("group." + label + ".zones TXT g" + random.nextInt(3)));
          case 3 -> added.add(rr("coo." + label + ".zones PTR other" + random.nextInt(2) + "."));
          default -> {
            List<Record> under =
                present.stream()
                    .filter(r -> r.getType() != org.xbill.DNS.Type.SOA)
                    .filter(r -> !r.getName().equals(name("version.catalog.test.")))
                    .filter(r -> !removed.contains(r))
                    .toList();
            if (!under.isEmpty()) {
              removed.add(under.get(random.nextInt(under.size())));
            }
          }
        }
      }
      added.removeIf(r -> present.contains(r) || removed.contains(r));
      dev.tandem.dns.zone.ZoneDiff diff =
          new dev.tandem.dns.zone.ZoneDiff(List.copyOf(removed), List.copyOf(added));
      z = z.apply(diff);
      sinceActed.add(diff);
      CatalogZone.Reading whole = CatalogZone.read(z);
      CatalogZone.Reading changed = CatalogZone.readChanged(z, acted, sinceActed);
      assertThat(changed.getClass()).as("serial " + serial).isEqualTo(whole.getClass());
      if (whole instanceof CatalogZone.Valid v) {
        assertThat(((CatalogZone.Valid) changed).members())
            .as("serial " + serial)
            .isEqualTo(v.members());
        assertThat(((CatalogZone.Valid) changed).serial()).isEqualTo(serial);
        // Acted on as the consumer does: the next read starts from what this one gave (its
        // members kept as the changes left them, not copied).
        acted = (CatalogZone.Valid) changed;
        sinceActed.clear();
      } else {
        // The consumer keeps acting on the last valid version and reads the next against it with
        // every change since: so does this.
        brokenSeen++;
      }
    }
    assertThat(brokenSeen).as("broken versions exercised").isGreaterThan(10);
    assertThat(acted.members()).as("members exercised").hasSizeGreaterThan(3);
  }
}
