package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A peer server as a SECONDARY of one zone from a primary (Tandem) at 127.0.0.1: on 127.0.0.1 at a
 * given port, transfers in and out signed with one TSIG key (hmac-sha256), IXFR asked for once it
 * has the zone, NOTIFY taken from 127.0.0.1 and none sent. The daemons are the {@link Primary}
 * wrappers started with their {@code startSecondary}; this is the little they share in that role.
 */
interface Secondary extends AutoCloseable {
  /** The peers, by {@link #name()}. */
  List<String> NAMES = List.of("knotd", "named", "nsd", "pdns");

  /**
   * Starts the peer called {@code name} (one of {@link #NAMES}) in {@code dir} on 127.0.0.1:{@code
   * port} as a secondary of {@code origin} from 127.0.0.1:{@code primaryPort}, and waits (30 s at
   * most) until it serves the zone.
   */
  static Secondary start(
      String name,
      Path dir,
      int port,
      String origin,
      int primaryPort,
      String keyName,
      String secretBase64)
      throws IOException, InterruptedException {
    Wrapper wrapper =
        switch (name) {
          case "knotd" ->
              KnotProcess.startSecondary(dir, port, origin, primaryPort, keyName, secretBase64);
          case "named" ->
              NamedProcess.startSecondary(dir, port, origin, primaryPort, keyName, secretBase64);
          case "nsd" ->
              NsdProcess.startSecondary(dir, port, origin, primaryPort, keyName, secretBase64);
          case "pdns" ->
              PdnsProcess.startSecondary(dir, port, origin, primaryPort, keyName, secretBase64);
          default ->
              throw new IllegalArgumentException("no such peer: " + name + " (" + NAMES + ")");
        };
    return new Daemon(wrapper);
  }

  /** Which peer: "knotd", "named", "nsd" or "pdns". */
  String name();

  /** The port it serves DNS on, UDP and TCP, on 127.0.0.1. */
  int port();

  /** The zone's origin, without the final dot. */
  String origin();

  /** The SOA serial it serves now (UDP), or -1 if it answers with an error or without an SOA. */
  default long serial() throws IOException {
    return Serials.of(port(), origin() + ".");
  }

  /**
   * The zone it serves, by AXFR signed with {@code key}: see {@link #axfr(int, String, TSIG)}. A
   * connection the daemon resets is tried again, twice: nsd, for one, may be reloading right after
   * {@code nsd-control write} ({@link #fetchedByIxfr}); that is not what the tests are about.
   */
  default List<String> axfr(TSIG key) throws IOException, ZoneTransferException {
    for (int attempt = 1; ; attempt++) {
      try {
        return axfr(port(), origin(), key);
      } catch (java.net.SocketException e) {
        if (attempt == 3) {
          throw new IOException(this + ": AXFR failed 3 times: " + e.getMessage(), e);
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * From its log (or, for nsd, the IXFRs it kept): whether the transfer that brought {@code serial}
   * was an incremental IXFR, not an AXFR nor an IXFR answered with the whole zone. False too when
   * no transfer brought that serial (it went from an older to a newer one in one go).
   */
  boolean fetchedByIxfr(long serial) throws IOException, InterruptedException;

  /**
   * {@link #fetchedByIxfr}, asked until it says so or {@code within} has passed: a peer may answer
   * with the new serial before it logs the transfer that brought it (PowerDNS 4.7 once answered
   * with it before its "IXFR-in ... zone committed" line was in its log).
   */
  default boolean fetchedByIxfr(long serial, Duration within) throws Exception {
    return Eventually.holds(within, () -> fetchedByIxfr(serial));
  }

  /** Its log (stdout and stderr). */
  Path log();

  /**
   * The last {@code n} lines of its log that name the zone, for messages; the last {@code n} lines
   * whatever they name if none does (PrimaryInteropIT once failed with none to show).
   */
  default String logTail(int n) throws IOException {
    String origin = origin();
    List<String> all = Primary.logLines(log());
    List<String> lines = all.stream().filter(l -> l.contains(origin)).toList();
    if (lines.isEmpty()) {
      lines = all;
    }
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  /** Stops it (SIGTERM, then SIGKILL after 10 s). */
  void stop() throws InterruptedException;

  @Override
  void close() throws InterruptedException;

  /**
   * The zone served at 127.0.0.1:{@code port}, by AXFR signed with {@code key}: its records in
   * presentation format, sorted, the SOA that closes the transfer left out. Nothing else is left
   * out or normalized (no lower-casing, TTLs kept, duplicates kept), so two servers' lists are
   * equal only if they serve the same records.
   */
  static List<String> axfr(int port, String origin, TSIG key)
      throws IOException, ZoneTransferException {
    String absolute = origin.endsWith(".") ? origin : origin + ".";
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromString(absolute), "127.0.0.1", port, key);
    xfr.setTimeout(Duration.ofSeconds(20));
    xfr.run();
    List<Record> records = new ArrayList<>(xfr.getAXFR());
    if (records.size() > 1 && records.get(records.size() - 1).getType() == Type.SOA) {
      records.remove(records.size() - 1);
    }
    return records.stream().map(Record::toString).sorted().toList();
  }

  /**
   * A {@link Primary} wrapper that also runs as a secondary (from its {@code startSecondary}): what
   * it adds for that role. Its {@link Primary#name()} is its name here too.
   */
  interface Wrapper extends Primary {
    /** See {@link Secondary#fetchedByIxfr(long)}. */
    boolean fetchedByIxfr(long serial) throws IOException, InterruptedException;
  }

  /** A {@link Wrapper} started as a secondary, seen as one. */
  record Daemon(Wrapper process) implements Secondary {
    @Override
    public String name() {
      return process.name();
    }

    @Override
    public int port() {
      return process.port();
    }

    @Override
    public String origin() {
      return process.origin();
    }

    @Override
    public boolean fetchedByIxfr(long serial) throws IOException, InterruptedException {
      return process.fetchedByIxfr(serial);
    }

    @Override
    public Path log() {
      return process.log();
    }

    @Override
    public void stop() throws InterruptedException {
      process.stop();
    }

    @Override
    public void close() throws InterruptedException {
      process.close();
    }

    @Override
    public String toString() {
      return name() + " on 127.0.0.1:" + port();
    }
  }
}
