package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A server of many zones (a catalog's members) adds, replaces, removes and suspends them one at a
 * time while queries go on: every query finds the zone a plain map of the same changes holds, and
 * the versions before a change keep answering as they did.
 */
class ManyZonesTest {
  /** A zone of an SOA, an NS and its address (built in memory: thousands are made). */
  private static ZoneSnapshot zone(String origin, long serial) {
    Name o = ZoneText.name(origin);
    Name ns = Name.fromConstantString("ns1." + origin);
    ZoneBuilder b = new ZoneBuilder(o);
    b.add(new SOARecord(o, DClass.IN, 300, ns, ns, serial, 7200, 3600, 1209600, 300));
    b.add(new NSRecord(o, DClass.IN, 300, ns));
    b.add(new ARecord(ns, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 53}));
    return b.build();
  }

  private static @Nullable ZoneSnapshot find(ServedZones served, String qname) {
    byte[] wire = InProcessResponder.query(qname, Type.A).toWire();
    Query q = new Query();
    assertThat(q.parse(wire, wire.length)).isEqualTo(Query.Verdict.OK);
    return served.find(q, 0);
  }

  /** The serial of the zone that answers {@code qname}, or -1 if none does. */
  private static long servedBy(ServedZones served, String qname) {
    ZoneSnapshot z = find(served, qname);
    return z == null ? -1 : z.serial();
  }

  @Test
  void eightThousandZonesChangedOneByOneAreFoundAsAMapHoldsThem() {
    Random random = new Random(19);
    Map<String, Long> expected = new HashMap<>();
    Map<String, Boolean> available = new HashMap<>();
    ServedZones served = ServedZones.EMPTY;
    ServedZones before = ServedZones.EMPTY;
    for (int step = 0; step < 12_000; step++) {
      String origin = "z" + random.nextInt(4_000) + (random.nextBoolean() ? ".example." : ".test.");
      int what = random.nextInt(10);
      if (what < 6) {
        served = served.with(zone(origin, step));
        expected.put(origin, (long) step);
        available.put(origin, true);
      } else if (what < 8) {
        served = served.without(ZoneText.name(origin));
        expected.remove(origin);
        available.remove(origin);
      } else {
        served = served.withUnavailable(ZoneText.name(origin));
        expected.put(origin, 0L);
        available.put(origin, false);
      }
      if (step == 6_000) {
        before = served;
      }
    }
    assertThat(served.size()).isEqualTo(expected.size());
    for (int i = 0; i < 4_000; i++) {
      for (String tld : List.of(".example.", ".test.")) {
        String origin = "z" + i + tld;
        ZoneSnapshot z = find(served, "www." + origin);
        Long serial = expected.get(origin);
        if (serial == null) {
          assertThat(z).as(origin).isNull();
          assertThat(served.isConfigured(ZoneText.name(origin))).isFalse();
          continue;
        }
        assertThat(z).as(origin).isNotNull();
        assertThat(servedBy(served, "www." + origin)).as(origin).isEqualTo(serial);
        assertThat(z != null && served.isAvailable(z)).as(origin).isEqualTo(available.get(origin));
        assertThat(served.get(ZoneText.name(origin)) != null).isEqualTo(available.get(origin));
      }
    }
    assertThat(served.all()).hasSize((int) available.values().stream().filter(a -> a).count());
    assertThat(before.size()).isNotEqualTo(0);
  }

  @Test
  void removingTheDeepestZoneLetsShorterOnesAnswer() {
    ServedZones served =
        ServedZones.EMPTY.with(zone("example.", 1)).with(zone("a.b.c.example.", 2));
    assertThat(servedBy(served, "x.a.b.c.example.")).isEqualTo(2);
    ServedZones without = served.without(Name.fromConstantString("a.b.c.example."));
    assertThat(servedBy(without, "x.a.b.c.example.")).isEqualTo(1);
    assertThat(without.without(Name.fromConstantString("example.")).size()).isZero();
    assertThat(servedBy(served, "x.a.b.c.example.")).isEqualTo(2); // the old value still serves
  }
}
