package dev.tandem.control.transfer;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * What to check at the other side when a refresh check or a transfer from a primary fails: the
 * failure's words ({@link SoaProbe}, {@link TransferIn}) stay as they are, a hint is added for the
 * failures operators meet most (REFUSED, NOTAUTH, the TSIG errors of RFC 8945 section 5.2, no
 * answer, nothing listening), naming the zone, the key and the address the primary sees us come
 * from. A failure it does not know gets no hint.
 */
public final class TransferHints {
  private TransferHints() {}

  /**
   * {@code error} with a hint after it, if one applies.
   *
   * @param key the TSIG key the request was signed with, or null if unsigned
   * @param source the address the primary sees us come from, or null if not known
   */
  public static String withHint(
      String error,
      Name zone,
      InetSocketAddress primary,
      @Nullable Name key,
      @Nullable InetAddress source) {
    String hint = hint(error, zone, primary, key, source);
    return hint == null ? error : error + " (hint: " + hint + ")";
  }

  /** The hint for {@code error}, or null if none applies. */
  static @Nullable String hint(
      String error,
      Name zone,
      InetSocketAddress primary,
      @Nullable Name key,
      @Nullable InetAddress source) {
    String e = error.toUpperCase(Locale.ROOT);
    String from = source == null ? "this server's address" : source.getHostAddress();
    String at = primary.getAddress().getHostAddress() + " port " + primary.getPort();
    String k = key == null ? "" : key.toString();
    // TSIG first: a primary that rejects our signature answers NOTAUTH with the TSIG error.
    if (e.contains("BADKEY")) {
      return "the primary does not know key "
          + k
          + ": give it the key under the same name and algorithm (tandem key show "
          + k
          + ")";
    }
    if (e.contains("BADSIG") || e.contains("SIGNATURE NOT VERIFIED")) {
      return "the secret of key "
          + k
          + " differs from the primary's: compare them (tandem key show "
          + k
          + "), or rotate both to one secret";
    }
    if (e.contains("BADTIME")) {
      return "this server's clock and the primary's differ by more than the TSIG fudge (300 s):"
          + " check NTP on both";
    }
    if (key != null && (e.contains("(UNSIGNED)") || e.contains("TSIG FAILURE"))) {
      return "the primary's answer was not signed with key "
          + k
          + ": check that it has the key and signs transfers of "
          + zone
          + " with it";
    }
    if (e.contains("REFUSED") && !e.contains("CONNECTION REFUSED")) {
      return "the primary must serve "
          + zone
          + " and allow transfers of it from "
          + from
          + (key == null ? " (unsigned)" : " with key " + k)
          + ": BIND allow-transfer, Knot acl, NSD provide-xfr, PowerDNS allow-axfr-ips or"
          + " ALLOW-AXFR-FROM";
    }
    if (e.contains("NOTAUTH")) {
      return key == null
          ? "the primary is not authoritative for " + zone + ": check that it loaded the zone"
          : "the primary is not authoritative for "
              + zone
              + " or did not accept key "
              + k
              + ": check that it loaded the zone and has the key under the same name, algorithm"
              + " and secret";
    }
    if (e.contains("NOT AUTHORITATIVE FOR")) {
      return "check that the primary loaded " + zone + " (it answered without the AA flag)";
    }
    if (e.contains("CONNECTION REFUSED")
        || e.contains("NOTHING LISTENS")
        || e.contains("PORT UNREACHABLE")) {
      return "nothing listens at "
          + at
          + ": check the primary's address and port (its listen-on) and that its server runs";
    }
    if (e.contains("TIMED OUT") || e.contains("DID NOT ANSWER")) {
      return "nothing answered from "
          + at
          + ": check that the primary runs there and that firewalls let UDP and TCP (transfers"
          + " use TCP) from "
          + from
          + " through";
    }
    return null;
  }

  /**
   * The address this host sends from to reach {@code primary}: the one the primary's ACL must name.
   * Connecting a datagram socket only asks the routing table; nothing is sent.
   */
  public static @Nullable InetAddress sourceFor(InetSocketAddress primary) {
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(primary);
      InetAddress a = s.getLocalAddress();
      return a == null || a.isAnyLocalAddress() ? null : a;
    } catch (SocketException | RuntimeException e) {
      return null; // no route: the hint says "this server's address"
    }
  }
}
