package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A zone lists its records in the canonical order of RFC 4034 section 6.1 (the order of NSEC chains
 * and zone transfers), whatever order they were added in and whatever their case.
 */
class CanonicalOrderTest {
  private static final Name ORIGIN = name("example.");

  /** RFC 4034 section 6.1's example, with labels of the bytes 0x00 and 0x01 worked in. */
  private static final List<String> RFC_4034_ORDER =
      List.of(
          "example.",
          "a.example.",
          "yljkjljk.a.example.",
          "z.a.example.",
          "zabc.a.example.",
          "z.example.",
          "\\000.z.example.",
          "\\000\\000.z.example.",
          "\\000\\001.z.example.",
          "\\001.z.example.",
          "\\001\\000.z.example.",
          "\\002.z.example.",
          "*.z.example.",
          "a.z.example.",
          "a\\000.z.example.",
          "a\\001.z.example.",
          "aa.z.example.",
          "\\200.z.example.",
          "\\255.z.example.");

  private static Record a(Name owner, int last) {
    return Record.newRecord(
        owner, Type.A, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, (byte) last});
  }

  private static List<Name> owners(ZoneSnapshot zone) {
    List<Name> out = new ArrayList<>();
    for (Record r : zone.records()) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(r.getName())) {
        out.add(r.getName());
      }
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void listsRecordsInCanonicalOrderWhateverTheInputOrder(long seed) {
    List<Name> shuffled = new ArrayList<>(RFC_4034_ORDER.stream().map(ZoneText::name).toList());
    Collections.shuffle(shuffled, new Random(seed));
    ZoneBuilder b = new ZoneBuilder(ORIGIN);
    shuffled.forEach(n -> b.add(a(n, 1)));

    List<Name> owners = owners(b.build());

    assertThat(owners).isEqualTo(RFC_4034_ORDER.stream().map(ZoneText::name).toList());
  }

  @Test
  void ordersUppercaseOwnersAsLowercaseAndMergesThem() {
    ZoneBuilder b = new ZoneBuilder(ORIGIN);
    b.add(a(name("B.example."), 1));
    b.add(a(name("a.EXAMPLE."), 2));
    b.add(a(name("b.example."), 3));
    b.add(a(name("_.example."), 4)); // '_' (0x5f) sorts between 'B' (0x42) and 'a' (0x61)

    ZoneSnapshot zone = b.build();

    assertThat(zone.records())
        .extracting(r -> r.getName().toString() + " " + r.rdataToString())
        .containsExactly(
            "_.example. 192.0.2.4",
            "a.example. 192.0.2.2",
            "b.example. 192.0.2.1",
            "b.example. 192.0.2.3");
  }

  @Test
  void listsRrsetsOfANameInTypeOrder() {
    ZoneBuilder b = new ZoneBuilder(ORIGIN);
    b.add(ZoneText.record("www.example. 300 TXT hello"));
    b.add(ZoneText.record("www.example. 300 AAAA 2001:db8::1"));
    b.add(ZoneText.record("www.example. 300 MX 10 mail.example."));
    b.add(ZoneText.record("www.example. 300 A 192.0.2.1"));
    b.add(ZoneText.record("www.example. 300 TYPE65280 \\# 1 00"));

    assertThat(b.build().records())
        .extracting(Record::getType)
        .containsExactly(Type.A, Type.MX, Type.TXT, Type.AAAA, 65280);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void agreesWithDnsjavaOnRandomNames(long seed) {
    Random random = new Random(seed);
    TreeSet<Name> expected = new TreeSet<>(); // dnsjava's Name.compareTo is the canonical order
    ZoneBuilder b = new ZoneBuilder(ORIGIN);
    for (int i = 0; i < 2000; i++) {
      Name n = ZoneText.randomName(random, ORIGIN);
      expected.add(n);
      b.add(a(n, i & 0xff));
    }

    List<Name> owners = owners(b.build());

    assertThat(owners).isEqualTo(new ArrayList<>(expected));
  }
}
