package dev.tandem.control.wizard;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration to paste at the other provider, filled in with Tandem's addresses and the TSIG
 * key: for a primary that Tandem follows, transfers allowed with the key and NOTIFY sent to Tandem;
 * for a secondary that follows Tandem, Tandem as its primary with the key.
 */
public final class Snippets {
  private Snippets() {}

  /** Server name ("BIND named.conf", ...) → text to paste, in that order. */
  public static Map<String, String> of(Setup s, List<InetSocketAddress> tandem) {
    String first =
        tandem.isEmpty() ? "TANDEM-ADDRESS" : tandem.get(0).getAddress().getHostAddress();
    int port = tandem.isEmpty() ? 53 : tandem.get(0).getPort();
    String zone = s.zone().toString();
    String bare =
        zone.endsWith(".") && zone.length() > 1 ? zone.substring(0, zone.length() - 1) : zone;
    String key = s.keyName().toString(true);
    String alg = s.algorithm();
    String secret = s.secret();
    Map<String, String> out = new LinkedHashMap<>();
    if (s.strategy() == Setup.Strategy.PRIMARY_PRIMARY) {
      return updates(key, alg, secret, bare, first);
    }
    if (!s.strategy().tandemLeads()) {
      // Every listener with its own port: a second --dns may listen elsewhere than the first.
      StringBuilder notify = new StringBuilder();
      tandem.forEach(
          a ->
              notify
                  .append(a.getAddress().getHostAddress())
                  .append(" port ")
                  .append(a.getPort())
                  .append(" key \"")
                  .append(key)
                  .append("\"; "));
      out.put(
          "BIND named.conf", bindPrimary(key, alg, secret, bare, "also-notify { " + notify + "};"));
      out.put(
          "Knot knot.conf",
          knot(key, alg, secret, bare, first, port, "transfer", "notify: tandem"));
      out.put(
          "NSD nsd.conf",
          """
          key:
              name: "%1$s"
              algorithm: %2$s
              secret: "%3$s"
          zone:
              name: "%4$s"
              zonefile: "%4$s.zone"
              notify: %5$s@%6$d %1$s
              provide-xfr: %5$s %1$s"""
              .formatted(key, alg, secret, bare, first, port));
      out.put(
          "PowerDNS (pdnsutil, and primary=yes in pdns.conf)",
          """
          pdnsutil import-tsig-key %1$s %2$s %3$s
          pdnsutil set-meta %4$s TSIG-ALLOW-AXFR %1$s
          pdnsutil set-meta %4$s ALSO-NOTIFY %5$s:%6$d
          pdnsutil set-kind %4$s primary"""
              .formatted(key, alg, secret, bare, first, port));
    } else {
      out.put(
          "BIND named.conf",
          """
          key "%1$s" { algorithm %2$s; secret "%3$s"; };
          zone "%4$s" {
              type secondary;
              file "%4$s.zone";
              primaries { %5$s port %6$d key "%1$s"; };
          };"""
              .formatted(key, alg, secret, bare, first, port));
      out.put(
          "Knot knot.conf", knot(key, alg, secret, bare, first, port, "notify", "master: tandem"));
      out.put(
          "NSD nsd.conf",
          """
          key:
              name: "%1$s"
              algorithm: %2$s
              secret: "%3$s"
          zone:
              name: "%4$s"
              zonefile: "%4$s.zone"
              allow-notify: %5$s %1$s
              request-xfr: %5$s@%6$d %1$s"""
              .formatted(key, alg, secret, bare, first, port));
      out.put(
          "PowerDNS (pdnsutil, and secondary=yes in pdns.conf)",
          """
          pdnsutil import-tsig-key %1$s %2$s %3$s
          pdnsutil create-secondary-zone %4$s %5$s:%6$d
          pdnsutil set-meta %4$s AXFR-MASTER-TSIG %1$s"""
              .formatted(key, alg, secret, bare, first, port));
    }
    return out;
  }

  /**
   * Primary/primary: the other primary lets Tandem's sync target read the zone (AXFR) and change it
   * (RFC 2136 UPDATE), both signed with the key.
   */
  private static Map<String, String> updates(
      String key, String alg, String secret, String zone, String address) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(
        "BIND named.conf",
        bindPrimary(key, alg, secret, zone, "allow-update { key \"" + key + "\"; };"));
    out.put(
        "Knot knot.conf",
        """
        key:
          - id: %1$s
            algorithm: %2$s
            secret: %3$s
        acl:
          - id: tandem-sync
            address: %5$s
            key: %1$s
            action: [transfer, update]
        zone:
          - domain: %4$s
            acl: tandem-sync"""
            .formatted(key, alg, secret, zone, address));
    out.put(
        "PowerDNS (pdnsutil, and dnsupdate=yes in pdns.conf)",
        """
        pdnsutil import-tsig-key %1$s %2$s %3$s
        pdnsutil set-meta %4$s TSIG-ALLOW-AXFR %1$s
        pdnsutil set-meta %4$s TSIG-ALLOW-DNSUPDATE %1$s
        pdnsutil set-meta %4$s ALLOW-DNSUPDATE-FROM %5$s/32"""
            .formatted(key, alg, secret, zone, address));
    return out;
  }

  /** BIND's key and the zone as a primary, transfers allowed with the key, and one more line. */
  private static String bindPrimary(
      String key, String alg, String secret, String zone, String line) {
    return """
        key "%1$s" { algorithm %2$s; secret "%3$s"; };
        zone "%4$s" {
            type primary;
            file "%4$s.zone";
            allow-transfer { key "%1$s"; };
            %5$s
        };"""
        .formatted(key, alg, secret, zone, line);
  }

  /** Knot's key, Tandem as a remote, an ACL letting Tandem {@code action}, and the zone. */
  private static String knot(
      String key,
      String alg,
      String secret,
      String zone,
      String address,
      int port,
      String action,
      String toTandem) {
    return """
        key:
          - id: %1$s
            algorithm: %2$s
            secret: %3$s
        remote:
          - id: tandem
            address: %5$s@%6$d
            key: %1$s
        acl:
          - id: tandem-%7$s
            address: %5$s
            key: %1$s
            action: %7$s
        zone:
          - domain: %4$s
            %8$s
            acl: tandem-%7$s"""
        .formatted(key, alg, secret, zone, address, port, action, toTandem);
  }
}
