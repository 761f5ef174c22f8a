package dev.tandem.store;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Zones for the store's tests. {@link #numbered} is a zone whose every version is known from its
 * serial alone, so a test (or a killed writer's survivor) can check contents exactly; {@link #step}
 * is the change from one such version to the next.
 */
final class TestZones {
  private TestZones() {}

  static final Name ORIGIN = name("example.com.");

  /** When tests say things happened: whole milliseconds, as the store keeps instants. */
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A record from {@code "owner ttl [IN] TYPE rdata"}, as {@link Record#toString} writes it. */
  static Record record(String text) {
    String[] p = text.trim().split("\\s+", 5);
    int t = p[2].equals("IN") ? 3 : 2;
    String rdata = text.trim().split("\\s+", t + 2)[t + 1];
    try {
      return Record.fromString(
          name(p[0]), Type.value(p[t]), DClass.IN, Long.parseLong(p[1]), rdata, Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ZoneSnapshot zone(Name origin, List<Record> records) {
    ZoneBuilder b = new ZoneBuilder(origin);
    records.forEach(b::add);
    return b.build();
  }

  static SOARecord soa(long serial) {
    return soa(ORIGIN, serial);
  }

  static SOARecord soa(Name origin, long serial) {
    return new SOARecord(
        origin,
        DClass.IN,
        300,
        at("ns1", origin),
        at("hostmaster", origin),
        serial,
        7200,
        3600,
        1209600,
        300);
  }

  /** The TXT record that names the version, at {@code v.ORIGIN}. */
  static TXTRecord version(Name origin, long serial) {
    return new TXTRecord(at("v", origin), DClass.IN, 300, "serial " + serial);
  }

  /**
   * The zone {@code origin} at {@code serial}: SOA, NS, {@code hosts} A records and a TXT naming
   * the serial.
   */
  static ZoneSnapshot numbered(Name origin, long serial, int hosts) {
    Name ns1 = at("ns1", origin);
    List<Record> records = new ArrayList<>();
    records.add(soa(origin, serial));
    records.add(new NSRecord(origin, DClass.IN, 300, ns1));
    records.add(new ARecord(ns1, DClass.IN, 300, address(0)));
    for (int i = 1; i <= hosts; i++) {
      records.add(new ARecord(at("h" + i, origin), DClass.IN, 300, address(i)));
    }
    records.add(version(origin, serial));
    return zone(origin, records);
  }

  static ZoneSnapshot numbered(long serial, int hosts) {
    return numbered(ORIGIN, serial, hosts);
  }

  static ZoneSnapshot numbered(long serial) {
    return numbered(ORIGIN, serial, 3);
  }

  /** The change from {@link #numbered} at {@code from} to {@code to}. */
  static ZoneDiff step(Name origin, long from, long to) {
    return new ZoneDiff(
        List.of(soa(origin, from), version(origin, from)),
        List.of(soa(origin, to), version(origin, to)));
  }

  static ZoneDiff step(long from, long to) {
    return step(ORIGIN, from, to);
  }

  /** {@link #step} as a journal entry made at {@link #T0} plus {@code from} seconds. */
  static JournalStep change(Name origin, long from, long to) {
    return new JournalStep(from, to, step(origin, from, to), T0.plusSeconds(from));
  }

  static JournalStep change(long from, long to) {
    return change(ORIGIN, from, to);
  }

  private static Name at(String label, Name origin) {
    return name(label + "." + origin);
  }

  static java.net.InetAddress address(int i) {
    byte[] a = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    try {
      return java.net.InetAddress.getByAddress(a);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A secondary's state after a successful refresh to {@code serial} at {@link #T0}. */
  static ZoneState state(Name zone, long serial) {
    return new ZoneState(
        zone,
        ZoneKind.SECONDARY,
        serial,
        serial,
        T0,
        T0,
        null,
        T0.plusSeconds(7200),
        T0.plusSeconds(1209600));
  }

  static ZoneState state(long serial) {
    return state(ORIGIN, serial);
  }

  /** The records of a zone in presentation form, TTLs included, in canonical order. */
  static List<String> text(ZoneSnapshot zone) {
    return zone.records().stream().map(Record::toString).toList();
  }

  static List<String> text(List<Record> records) {
    return records.stream().map(Record::toString).toList();
  }
}
