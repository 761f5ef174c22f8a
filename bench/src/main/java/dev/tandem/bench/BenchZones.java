package dev.tandem.bench;

import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Zones for the benchmarks, built in memory the way ../shared/bench/gen-zones.py writes them. */
final class BenchZones {
  private BenchZones() {}

  static Name name(String s) {
    try {
      return Name.fromString(s);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A record from {@code "OWNER TYPE RDATA"}, owner relative to the origin, TTL 3600. */
  static Record record(String text, Name origin) {
    String[] parts = text.split(" ", 3);
    try {
      return Record.fromString(
          Name.fromString(parts[0], origin),
          org.xbill.DNS.Type.value(parts[1]),
          org.xbill.DNS.DClass.IN,
          3600,
          parts[2],
          origin);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** A builder of the zone at {@code origin} holding {@code records} ({@link #record} form). */
  static ZoneBuilder builder(Name origin, String... records) {
    ZoneBuilder b = new ZoneBuilder(origin);
    for (String rr : records) {
      b.add(record(rr, origin));
    }
    return b;
  }

  /** large.test with {@code n} names of one A, AAAA or TXT record each (5:3:2). */
  static ZoneSnapshot large(int n) {
    Name origin = name("large.test.");
    ZoneBuilder b = new ZoneBuilder(origin, n * 30L);
    b.add(record("@ SOA ns1 hostmaster 2024010101 3600 900 1209600 300", origin));
    b.add(record("@ NS ns1", origin));
    b.add(record("ns1 A 192.0.2.2", origin));
    for (int i = 0; i < n; i++) {
      b.add(largeRecord(i, origin));
    }
    return b.build();
  }

  static Record largeRecord(int i, Name origin) {
    String owner = String.format("n%07d", i);
    int m = i % 10;
    String rr;
    if (m < 5) {
      rr = owner + " A 10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    } else if (m < 8) {
      rr =
          owner
              + " AAAA 2001:db8::"
              + Integer.toHexString((i >> 16) & 0xffff)
              + ":"
              + Integer.toHexString(i & 0xffff);
    } else {
      rr = owner + " TXT \"v=1 id=" + i + "\"";
    }
    return record(rr, origin);
  }
}
