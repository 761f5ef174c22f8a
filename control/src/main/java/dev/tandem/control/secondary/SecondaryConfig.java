package dev.tandem.control.secondary;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Names;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.access.Remote;
import dev.tandem.control.zone.CatalogPart;
import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A secondary zone as configured: where it comes from and where it goes on to.
 *
 * @param zone the zone's origin
 * @param primaries the primaries in order of preference (the first reachable one is used)
 * @param allowNotify who else may NOTIFY this zone; its primaries always may (with their key, if
 *     they have one)
 * @param downstream downstream secondaries to NOTIFY when a new serial is served
 * @param allowTransfer who may transfer this zone from us (AXFR/IXFR out); nobody by default
 * @param allowSerialReset whether a primary whose serial went backwards (a serial reset) is
 *     followed, by AXFR of its older version; off by default: RFC 1982 says keep the newer one
 * @param catalog how the zone came from a catalog this server follows, or null
 */
public record SecondaryConfig(
    Name zone,
    List<Remote> primaries,
    List<AclRule> allowNotify,
    List<Remote> downstream,
    List<AclRule> allowTransfer,
    boolean allowSerialReset,
    @Nullable CatalogPart catalog) {

  /** A secondary zone of the configuration or the API (not of a catalog), no serial resets. */
  public SecondaryConfig(
      Name zone,
      List<Remote> primaries,
      List<AclRule> allowNotify,
      List<Remote> downstream,
      List<AclRule> allowTransfer) {
    this(zone, primaries, allowNotify, downstream, allowTransfer, false, null);
  }

  public SecondaryConfig {
    if (primaries.isEmpty()) {
      throw new IllegalArgumentException("secondary zone " + zone + " has no primary");
    }
    primaries = List.copyOf(primaries);
    allowNotify = List.copyOf(allowNotify);
    downstream = List.copyOf(downstream);
    allowTransfer = List.copyOf(allowTransfer);
  }

  /**
   * Parses the quick-start form {@code ZONE=ADDR:PORT[+tls[=NAME]][,ADDR:PORT...][@KEYNAME]} of
   * {@code --secondary}: the primaries in order, all with the same key, each over TLS if marked so.
   */
  public static SecondaryConfig parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException(
          "secondary '" + spec + "' is not of the form ZONE=ADDR:PORT[,ADDR:PORT...][@KEYNAME]");
    }
    Name zone = Names.parse(spec.substring(0, eq), "secondary '" + spec + "'");
    String rest = spec.substring(eq + 1);
    Name key = null;
    int at = rest.lastIndexOf('@');
    // "@" also separates a port in Knot's address syntax; a key name never starts with a digit
    // in practice, a port always does.
    if (at >= 0 && !rest.substring(at + 1).matches("[0-9]+")) {
      key = Names.parse(rest.substring(at + 1), "key of secondary '" + spec + "'");
      rest = rest.substring(0, at);
    }
    List<Remote> primaries = new java.util.ArrayList<>();
    for (String a : rest.split(",")) {
      primaries.add(Remote.withKey(a, key));
    }
    return new SecondaryConfig(zone, primaries, List.of(), List.of(), List.of());
  }

  /** Whether TSIG key {@code key} is named anywhere in this configuration. */
  public boolean usesKey(Name key) {
    return primaries.stream().anyMatch(r -> key.equals(r.key()))
        || downstream.stream().anyMatch(r -> key.equals(r.key()))
        || allowNotify.stream().anyMatch(r -> key.equals(r.key()))
        || allowTransfer.stream().anyMatch(r -> key.equals(r.key()));
  }

  /**
   * Why a NOTIFY from {@code peer} signed with {@code key} (null if unsigned) is refused, or null
   * if it is accepted (RFC 1996 section 3.10): from a primary, signed with its key if it has one,
   * or from an address the allow-notify rules name.
   */
  public RefusalLog.@Nullable Refused notifyRefusal(InetAddress peer, @Nullable Name key) {
    if (AclRule.anyMatches(allowNotify, peer, key)) {
      return null;
    }
    boolean fromPrimary = false;
    for (Remote p : primaries) {
      if (p.address().getAddress().equals(peer)) {
        fromPrimary = true;
        if (p.key() == null || p.key().equals(key)) {
          return null;
        }
      }
    }
    if (fromPrimary) {
      return key == null
          ? new RefusalLog.Refused(
              RefusalLog.Reason.NOTIFY_UNSIGNED,
              "not TSIG-signed, and this zone's primary has a key")
          : new RefusalLog.Refused(
              RefusalLog.Reason.NOTIFY_WRONG_KEY, "signed with the wrong key " + key);
    }
    return new RefusalLog.Refused(
        RefusalLog.Reason.NOTIFY_NOT_ALLOWED,
        "not a primary of this zone, nor allowed to notify it");
  }

  /** This configuration with downstream secondaries and transfer rules added. */
  public SecondaryConfig withDownstream(List<Remote> moreNotify, List<AclRule> moreTransfer) {
    List<Remote> n = new java.util.ArrayList<>(downstream);
    n.addAll(moreNotify);
    List<AclRule> t = new java.util.ArrayList<>(allowTransfer);
    t.addAll(moreTransfer);
    return new SecondaryConfig(zone, primaries, allowNotify, n, t, allowSerialReset, catalog);
  }

  /** This configuration following serial resets ({@code true}) or not. */
  public SecondaryConfig withAllowSerialReset(boolean allow) {
    return new SecondaryConfig(
        zone, primaries, allowNotify, downstream, allowTransfer, allow, catalog);
  }
}
