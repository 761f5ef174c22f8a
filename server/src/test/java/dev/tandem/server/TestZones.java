package dev.tandem.server;

import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Zones for the transport's tests. */
final class TestZones {
  private TestZones() {}

  /**
   * A zone of serial 7 with an SOA, an NS, its address, and {@code hosts} TXT records of 250 bytes
   * (h0 to hN-1): some 260 bytes of zone transfer each.
   */
  static ZoneSnapshot withTxt(Name origin, int hosts) throws IOException {
    ZoneBuilder b = new ZoneBuilder(origin);
    b.add(
        Record.fromString(origin, Type.SOA, DClass.IN, 300, "ns1 h 7 3600 900 86400 300", origin));
    b.add(Record.fromString(origin, Type.NS, DClass.IN, 300, "ns1", origin));
    b.add(Record.fromString(new Name("ns1", origin), Type.A, DClass.IN, 300, "192.0.2.1", origin));
    String text = "\"" + "x".repeat(250) + "\"";
    for (int i = 0; i < hosts; i++) {
      b.add(Record.fromString(new Name("h" + i, origin), Type.TXT, DClass.IN, 300, text, origin));
    }
    return b.build();
  }
}
