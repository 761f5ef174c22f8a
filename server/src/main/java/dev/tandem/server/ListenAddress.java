package dev.tandem.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/** Parses {@code ADDR:PORT}, {@code [IPV6]:PORT} or a bare IPv6 address with no port. */
public final class ListenAddress {
  private ListenAddress() {}

  /**
   * @throws IllegalArgumentException with a message that names the problem
   */
  public static InetSocketAddress parse(String text, int defaultPort) {
    String host;
    String port = null;
    String t = text.trim();
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "': missing ']' after the IPv6 address");
      }
      host = t.substring(1, close);
      String rest = t.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("'" + text + "': expected :PORT after ']'");
        }
        port = rest.substring(1);
      }
    } else if (t.indexOf(':') != t.lastIndexOf(':')) {
      host = t; // a bare IPv6 address
    } else {
      int colon = t.indexOf(':');
      host = colon < 0 ? t : t.substring(0, colon);
      port = colon < 0 ? null : t.substring(colon + 1);
    }
    int p = defaultPort;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "': port '" + port + "' is not a number");
      }
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("'" + text + "': port " + p + " is out of range");
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "': no address");
    }
    if (!isLiteral(host)) {
      throw new IllegalArgumentException(
          "'" + text + "': give an IP address (like 127.0.0.1 or [::1]), not a host name");
    }
    try {
      return new InetSocketAddress(Address.getByAddress(host), p);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "': not an IP address");
    }
  }

  private static boolean isLiteral(String host) {
    return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
        || host.contains("%");
  }

  /** The address as {@code 127.0.0.1:53} or {@code [::1]:53} (RFC 5952 text for IPv6). */
  public static String format(InetSocketAddress a) {
    InetAddress address = a.getAddress();
    if (address instanceof java.net.Inet6Address v6) {
      return "[" + ipv6Text(v6.getAddress()) + "]:" + a.getPort();
    }
    return address.getHostAddress() + ":" + a.getPort();
  }

  /** RFC 5952 section 4: lower case, no leading zeros, the longest run of zeros as "::". */
  static String ipv6Text(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
