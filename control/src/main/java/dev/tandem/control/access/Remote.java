package dev.tandem.control.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Another server this one talks DNS with: a primary to refresh from or a secondary to NOTIFY.
 *
 * @param address its address and port
 * @param key the TSIG key to sign with and to require in what it sends, or null
 * @param ixfr whether to ask it for IXFR (false: a primary whose IXFR is known to be broken gets
 *     AXFR only)
 */
public record Remote(InetSocketAddress address, @Nullable Name key, boolean ixfr) {

  /** A remote asked for IXFR (the usual case). */
  public Remote(InetSocketAddress address, @Nullable Name key) {
    this(address, key, true);
  }

  /** The suffix of {@link #spec} for a remote that gets AXFR only. */
  private static final String AXFR_ONLY = " axfr-only";

  /** Parses {@code ADDR:PORT}, {@code [V6ADDR]:PORT} or {@code V6ADDR@PORT}; port 53 if absent. */
  public static InetSocketAddress parseAddress(String text) {
    String host;
    int port = 53;
    String t = text.trim();
    int at = t.lastIndexOf('@');
    if (at > 0) {
      host = t.substring(0, at);
      port = port(t.substring(at + 1), text);
    } else if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("address '" + text + "': missing ']'");
      }
      host = t.substring(1, close);
      if (close + 1 < t.length()) {
        if (t.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("address '" + text + "': expected ':' after ']'");
        }
        port = port(t.substring(close + 2), text);
      }
    } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
      host = t.substring(0, t.indexOf(':'));
      port = port(t.substring(t.indexOf(':') + 1), text);
    } else {
      host = t;
    }
    if (!isLiteral(host)) {
      throw new IllegalArgumentException("address '" + text + "': not an IPv4 or IPv6 address");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address '" + text + "': " + e.getMessage(), e);
    }
  }

  private static boolean isLiteral(String host) {
    return host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3
        || host.matches("[0-9A-Fa-f:.]+") && host.contains(":");
  }

  private static int port(String text, String whole) {
    try {
      int p = Integer.parseInt(text);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address '" + whole + "': bad port '" + text + "'", e);
    }
  }

  /** Parses {@code ADDR:PORT[@KEYNAME]} (a key name never is all digits; a port always is). */
  public static Remote parse(String text) {
    if (text.endsWith(AXFR_ONLY)) {
      Remote r = parse(text.substring(0, text.length() - AXFR_ONLY.length()).trim());
      return new Remote(r.address(), r.key(), false);
    }
    int at = text.lastIndexOf('@');
    if (at > 0 && !text.substring(at + 1).matches("[0-9]+")) {
      return new Remote(
          parseAddress(text.substring(0, at)), Names.parse(text.substring(at + 1), "key name"));
    }
    return new Remote(parseAddress(text), null);
  }

  /** The form {@link #parse} reads. */
  public String spec() {
    return format(address) + (key == null ? "" : "@" + key) + (ixfr ? "" : AXFR_ONLY);
  }

  /** The address as people write it: {@code 192.0.2.1:53}, {@code [2001:db8::1]:53}. */
  public static String format(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  @Override
  public String toString() {
    return format(address) + (key == null ? "" : " key " + key);
  }
}
