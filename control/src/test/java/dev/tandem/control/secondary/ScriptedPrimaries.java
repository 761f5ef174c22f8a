package dev.tandem.control.secondary;

import dev.tandem.control.access.Remote;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Primaries in memory, scripted by a test: every one serves the same zone at its own serial; a
 * version {@code n} is an SOA at serial {@code n} (REFRESH 3600, RETRY 600, EXPIRE 7200), an NS,
 * its glue, and {@code v A 192.0.2.n}; IXFR from {@code m} to {@code n} is one step per serial
 * between. A primary can be down, give an EDNS EXPIRE, answer IXFR with changes that do not apply,
 * break transfers off mid-stream, or run something while a transfer is under way (NOTIFYs arriving
 * meanwhile). Every request is logged.
 */
final class ScriptedPrimaries implements Upstream {
  static final Name ZONE = Name.fromConstantString("example.com.");

  /** One primary's script. */
  static final class Script {
    long serial = 1;
    boolean down;
    boolean refusesTransfers;
    long ednsExpire = -1;
    boolean brokenIxfr;

    /** How many transfers still to break off mid-stream (the connection closed while sending). */
    int cutsShort;

    @Nullable Runnable duringTransfer;
    @Nullable Runnable duringProbe;
  }

  private final Map<InetSocketAddress, Script> scripts = new HashMap<>();
  private final Clock clock;

  /** {@code clock}: when each IXFR step is received, as a real transfer stamps it. */
  ScriptedPrimaries(Clock clock) {
    this.clock = clock;
  }

  /** What was asked, in order: {@code probe ADDR}, {@code AXFR ADDR}, {@code IXFR ADDR from N}. */
  final List<String> log = new ArrayList<>();

  Script at(InetSocketAddress address) {
    return scripts.computeIfAbsent(address, a -> new Script());
  }

  /** The requests logged since the last call. */
  List<String> take() {
    List<String> out = List.copyOf(log);
    log.clear();
    return out;
  }

  private static String who(InetSocketAddress a) {
    return a.getAddress().getHostAddress();
  }

  @Override
  public Probe probe(Name zone, Remote remote, @Nullable TSIG tsig) {
    InetSocketAddress primary = remote.address();
    log.add("probe " + who(primary));
    Script s = at(primary);
    Runnable meanwhile = s.duringProbe;
    if (meanwhile != null) {
      s.duringProbe = null;
      meanwhile.run();
    }
    if (s.down) {
      return new Failed(who(primary) + " unreachable: connection refused (scripted)", true);
    }
    return new Soa(soa(s.serial), s.ednsExpire);
  }

  @Override
  public Received transfer(Name zone, Remote remote, @Nullable TSIG tsig, long ourSerial) {
    InetSocketAddress primary = remote.address();
    Script s = at(primary);
    log.add(ourSerial < 0 ? "AXFR " + who(primary) : "IXFR " + who(primary) + " from " + ourSerial);
    if (s.down) {
      return new Failed(who(primary) + ": transfer failed: connection refused (scripted)", true);
    }
    if (s.refusesTransfers) {
      return Failed.refusal(who(primary) + ": transfer failed: REFUSED (scripted)");
    }
    Runnable meanwhile = s.duringTransfer;
    if (meanwhile != null) {
      meanwhile.run();
    }
    if (s.cutsShort > 0) {
      s.cutsShort--;
      return new Failed(
          who(primary) + ": transfer broke off after 2 records: closed (scripted)",
          false,
          false,
          true,
          2,
          200);
    }
    if (ourSerial < 0) {
      List<Record> records = version(s.serial);
      ZoneBuilder b = new ZoneBuilder(ZONE);
      records.forEach(b::add);
      return new Full(b, s.serial, records.size() + 1, 100L * records.size(), s.ednsExpire);
    }
    if (ourSerial == s.serial) {
      return new UpToDate(1, 50);
    }
    List<JournalStep> steps = new ArrayList<>();
    if (s.brokenIxfr) {
      steps.add(step(ourSerial + 100, s.serial)); // from a serial we never had
    }
    for (long n = ourSerial; n < s.serial && !s.brokenIxfr; n++) {
      steps.add(step(n, n + 1));
    }
    return new Incremental(steps, 2 + 4L * steps.size(), 200L * steps.size());
  }

  static SOARecord soa(long serial) {
    return new SOARecord(
        ZONE,
        DClass.IN,
        300,
        Name.fromConstantString("ns1.example.com."),
        Name.fromConstantString("hostmaster.example.com."),
        serial,
        3600,
        600,
        7200,
        300);
  }

  private static Record a(String owner, String address) {
    try {
      return Record.fromString(Name.fromString(owner, ZONE), Type.A, DClass.IN, 300, address, ZONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Record marker(long serial) {
    return a("v", "192.0.2." + (serial % 250));
  }

  static List<Record> version(long serial) {
    try {
      return List.of(
          soa(serial),
          Record.fromString(ZONE, Type.NS, DClass.IN, 300, "ns1", ZONE),
          a("ns1", "192.0.2.53"),
          marker(serial));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JournalStep step(long from, long to) {
    return new JournalStep(
        from,
        to,
        new ZoneDiff(List.of(soa(from), marker(from)), List.of(soa(to), marker(to))),
        clock.instant());
  }
}
