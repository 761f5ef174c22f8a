package dev.tandem.control.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;

/**
 * One rule of an access list: requests from an address prefix, signed with a key, or both, and
 * perhaps only over TLS. A rule with a key matches only requests verified with that key (RFC 8945);
 * a rule without one matches signed and unsigned requests alike. A rule marked TLS matches only
 * requests that came over TLS (RFC 9103 XFR-over-TLS: the zone's contents never cross the network
 * in the clear).
 *
 * @param network the prefix's address (null for any address)
 * @param prefixLength bits of {@code network} that must match
 * @param key the TSIG key required, or null
 * @param tls whether the request must have come over TLS
 */
public record AclRule(
    @Nullable InetAddress network, int prefixLength, @Nullable Name key, boolean tls) {

  /** A rule that takes requests over any transport. */
  public AclRule(@Nullable InetAddress network, int prefixLength, @Nullable Name key) {
    this(network, prefixLength, key, false);
  }

  /** The mark of a rule that requires TLS: {@code PREFIX+tls[@KEYNAME]}. */
  private static final String TLS = "+tls";

  /**
   * Parses {@code PREFIX[+tls][@KEYNAME]} where PREFIX is {@code ADDR}, {@code ADDR/LEN} or {@code
   * any}; {@code +tls} may also end the rule.
   */
  public static AclRule parse(String spec) {
    String s = spec.trim();
    boolean tls = false;
    if (s.endsWith(TLS)) {
      tls = true;
      s = s.substring(0, s.length() - TLS.length());
    }
    int at = s.indexOf('@');
    String prefix = at < 0 ? s : s.substring(0, at);
    if (prefix.endsWith(TLS)) {
      tls = true;
      prefix = prefix.substring(0, prefix.length() - TLS.length());
    }
    Name key = null;
    if (at >= 0) {
      key = Names.parse(s.substring(at + 1), "key name in '" + spec + "'");
    }
    AclRule r = prefix(prefix, key);
    return tls ? new AclRule(r.network(), r.prefixLength(), key, true) : r;
  }

  /** A rule for {@code ADDR} or {@code ADDR/LEN} ({@code any} for every address). */
  public static AclRule prefix(String prefix, @Nullable Name key) {
    if (prefix.equals("any") || prefix.isEmpty()) {
      return new AclRule(null, 0, key);
    }
    int slash = prefix.indexOf('/');
    String host = slash < 0 ? prefix : prefix.substring(0, slash);
    InetAddress address;
    try {
      if (!host.matches("[0-9A-Fa-f:.]+")) {
        throw new UnknownHostException("not an address");
      }
      address = Address.getByAddress(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + prefix + "' is not an address prefix", e);
    }
    int max = address.getAddress().length * 8;
    int length = max;
    if (slash >= 0) {
      try {
        length = Integer.parseInt(prefix.substring(slash + 1));
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0 || length > max) {
        throw new IllegalArgumentException("'" + prefix + "': prefix length must be 0 to " + max);
      }
    }
    return new AclRule(address, length, key);
  }

  /** A rule matching exactly one address. */
  public static AclRule host(InetAddress address, @Nullable Name key) {
    return new AclRule(address, address.getAddress().length * 8, key);
  }

  /**
   * Whether any of {@code rules} lets a request from {@code peer}, signed with a key or not, in,
   * whatever transport it came over.
   */
  public static boolean anyMatches(
      List<AclRule> rules, InetAddress peer, @Nullable Name signedWith) {
    return anyMatches(rules, peer, signedWith, true);
  }

  /**
   * Whether any of {@code rules} lets a request from {@code peer}, signed with a key or not, that
   * came over TLS or not, in.
   */
  public static boolean anyMatches(
      List<AclRule> rules, InetAddress peer, @Nullable Name signedWith, boolean overTls) {
    for (AclRule r : rules) {
      if ((overTls || !r.tls()) && r.matches(peer, signedWith)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a request from {@code peer}, verified with {@code signedWith} (or unsigned), matches.
   */
  public boolean matches(InetAddress peer, @Nullable Name signedWith) {
    if (key != null && !key.equals(signedWith)) {
      return false;
    }
    if (network == null) {
      return true;
    }
    byte[] a = network.getAddress();
    byte[] b = peer.getAddress();
    if (a.length != b.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (b[full] & mask);
  }

  /** The form {@link #parse} reads. */
  public String spec() {
    InetAddress n = network;
    String where = (n == null ? "any" : n.getHostAddress() + "/" + prefixLength) + (tls ? TLS : "");
    return key == null ? where : where + "@" + key;
  }

  @Override
  public String toString() {
    String where = network == null ? "any" : network.getHostAddress() + "/" + prefixLength;
    return where + (key == null ? "" : " key " + key) + (tls ? " over TLS" : "");
  }
}
