package dev.tandem.app;

import dev.tandem.api.HttpApi;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.server.ListenAddress;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.xbill.DNS.Name;

/**
 * What {@code tandem serve} prints once it is up: each zone and its serial, where it listens, and a
 * query to try.
 */
final class StartMessage {
  /** Zones listed one by one; a node of a hundred thousand says how many more there are. */
  private static final int ZONES_SHOWN = 20;

  private StartMessage() {}

  static void print(TandemServer server, Path data, PrintWriter out) {
    List<InetSocketAddress> bound = server.dns().addresses();
    List<String> where = bound.stream().map(ListenAddress::format).toList();
    List<Name> names = server.controlPlane().namesInAnyOrder();
    List<Name> shown = first(names, ZONES_SHOWN);
    for (Name n : shown) {
      ZoneStatus s = server.controlPlane().status(n).orElse(null);
      if (s == null) {
        continue; // deleted meanwhile
      }
      if (s.kind() == ZoneKind.PRIMARY) {
        ZoneSnapshot z = server.zones().get(s.zone());
        out.printf(
            "tandem: serving %s (serial %d, %d records)%n",
            s.zone(), s.serial(), z == null ? 0 : z.recordCount());
        continue;
      }
      out.printf(
          "tandem: secondary %s from %s: %s%n",
          s.zone(),
          String.join(", ", s.primaries()),
          s.serial() < 0
              ? "no data yet, transferring"
              : "serving serial " + s.serial() + " (" + s.state().word() + ")");
    }
    if (names.size() > shown.size()) {
      out.printf(
          "tandem: ... and %d more zones ('tandem zone list' lists them)%n",
          names.size() - shown.size());
    }
    out.printf("tandem: listening on %s (UDP and TCP)%n", String.join(", ", where));
    List<InetSocketAddress> tls = server.dns().tlsAddresses();
    if (!tls.isEmpty()) {
      out.printf(
          "tandem: DNS over TLS on %s (zone transfers over TLS, RFC 9103)%n",
          String.join(", ", tls.stream().map(ListenAddress::format).toList()));
    }
    HttpApi httpApi = server.http();
    out.printf(
        "tandem: API at http://%s/api%s (docs: /api/docs; PowerDNS-compatible: /api/v1),"
            + " metrics at /metrics%n",
        httpApi.address(),
        server.httpPublic() ? "" : " (loopback only; --http ADDR:PORT to choose)");
    InetSocketAddress first = bound.get(0);
    ZoneSnapshot any = null;
    for (Name n : shown) {
      any = server.zones().get(n);
      if (any != null) {
        break;
      }
    }
    if (any == null) {
      List<ZoneSnapshot> all = server.zones().all(); // none of those shown is served yet
      if (all.isEmpty()) {
        out.flush();
        return;
      }
      any = all.get(0);
    }
    String name =
        any.origin().toString().equals("example.test.")
            ? "www.example.test"
            : any.origin().toString();
    out.printf(
        "tandem: try: dig @%s -p %d %s A%n",
        first.getAddress().getHostAddress(), first.getPort(), name);
    out.printf("tandem: reload zone files with 'tandem reload --data %s' or SIGHUP%n", data);
    out.flush();
  }

  /**
   * The first {@code k} names in DNS order, without sorting them all: a node of 100,000 zones spent
   * a second of its start sorting their statuses to show twenty.
   */
  static List<Name> first(List<Name> names, int k) {
    PriorityQueue<Name> largestFirst = new PriorityQueue<>(k + 1, Comparator.reverseOrder());
    for (Name n : names) {
      largestFirst.add(n);
      if (largestFirst.size() > k) {
        largestFirst.poll();
      }
    }
    List<Name> out = new ArrayList<>(largestFirst);
    out.sort(null);
    return out;
  }
}
