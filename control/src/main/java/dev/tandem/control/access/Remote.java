package dev.tandem.control.access;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;

/**
 * Another server this one talks DNS with: a primary to refresh from or a secondary to NOTIFY.
 *
 * @param address its address and port
 * @param key the TSIG key to sign with and to require in what it sends, or null
 * @param ixfr whether to ask it for IXFR (false: a primary whose IXFR is known to be broken gets
 *     AXFR only)
 * @param tls null to talk plain DNS; else the name of the {@link TlsAuth} that authenticates it
 *     over TLS (RFC 9103), "" for the system's CAs
 */
public record Remote(
    InetSocketAddress address, @Nullable Name key, boolean ixfr, @Nullable String tls) {

  /** A remote asked for IXFR (the usual case), over plain DNS. */
  public Remote(InetSocketAddress address, @Nullable Name key) {
    this(address, key, true, null);
  }

  /** A remote over plain DNS. */
  public Remote(InetSocketAddress address, @Nullable Name key, boolean ixfr) {
    this(address, key, ixfr, null);
  }

  /** The marker of a remote reached over TLS: {@code ADDR:PORT+tls} or {@code +tls=NAME}. */
  private static final String TLS = "+tls";

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
      return new InetSocketAddress(Address.getByAddress(host), port);
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

  /**
   * Parses {@code ADDR:PORT[+tls[=NAME]][@KEYNAME]} (a key name never is all digits; a port always
   * is).
   */
  public static Remote parse(String text) {
    if (text.endsWith(AXFR_ONLY)) {
      Remote r = parse(text.substring(0, text.length() - AXFR_ONLY.length()).trim());
      return new Remote(r.address(), r.key(), false, r.tls());
    }
    int at = text.lastIndexOf('@');
    if (at > 0 && !text.substring(at + 1).matches("[0-9]+")) {
      return withKey(text.substring(0, at), Names.parse(text.substring(at + 1), "key name"));
    }
    return withKey(text, null);
  }

  /**
   * Parses {@code ADDR:PORT[+tls[=NAME]]}, a remote signing with {@code key}; reached over TLS on
   * port 853 when it is marked {@code +tls} and names no port (RFC 9103 section 7.2).
   */
  public static Remote withKey(String text, @Nullable Name key) {
    int plus = text.indexOf(TLS);
    if (plus < 0) {
      return new Remote(parseAddress(text), key);
    }
    String rest = text.substring(plus + TLS.length()).trim();
    String tls;
    if (rest.isEmpty()) {
      tls = "";
    } else if (rest.startsWith("=") && rest.length() > 1) {
      tls = rest.substring(1);
    } else {
      throw new IllegalArgumentException(
          "address '" + text + "': expected +tls or +tls=NAME after the address");
    }
    String address = text.substring(0, plus).trim();
    InetSocketAddress a = parseAddress(address);
    if (!hasPort(address)) {
      a = new InetSocketAddress(a.getAddress(), 853);
    }
    return new Remote(a, key, true, tls);
  }

  private static boolean hasPort(String address) {
    return address.lastIndexOf('@') > 0
        || address.contains("]:")
        || (address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':'));
  }

  /** The form {@link #parse} reads. */
  public String spec() {
    return format(address)
        + (tls == null ? "" : tls.isEmpty() ? TLS : TLS + "=" + tls)
        + (key == null ? "" : "@" + key)
        + (ixfr ? "" : AXFR_ONLY);
  }

  /** The address as people write it: {@code 192.0.2.1:53}, {@code [2001:db8::1]:53}. */
  public static String format(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  @Override
  public String toString() {
    return format(address)
        + (tls == null ? "" : tls.isEmpty() ? " over TLS" : " over TLS (" + tls + ")")
        + (key == null ? "" : " key " + key);
  }
}
