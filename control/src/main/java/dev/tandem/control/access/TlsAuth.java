package dev.tandem.control.access;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How this server, as a secondary, authenticates a primary it reaches over TLS (XFR-over-TLS, RFC
 * 9103 section 9.3), and the certificate it shows when the primary asks for one (mutual TLS).
 * Named, so that many primaries can share one: {@code --tls-auth NAME=...}, used as {@code
 * ADDR:PORT+tls=NAME}.
 *
 * <ul>
 *   <li><b>Strict, by pin</b> ({@code pin=BASE64}, repeatable): the primary's public key, the
 *       base64 SHA-256 digest of its SubjectPublicKeyInfo, as Knot's {@code cert-key} and kdig's
 *       {@code +tls-pin} write it ({@code kdig +tls} prints it). No CA is asked.
 *   <li><b>Strict, by CA</b> ({@code ca=FILE}): the primary's certificate chains up to a
 *       certificate in FILE (PEM) and names {@code hostname=NAME}, or the primary's address when no
 *       hostname is given (as BIND's {@code tls} with {@code ca-file} and {@code remote-hostname}).
 *   <li><b>Mutual</b> ({@code cert=FILE,key=FILE}): our certificate chain and its PKCS#8 key (PEM),
 *       sent when the primary asks (RFC 9103 section 9.3.3).
 *   <li><b>Opportunistic</b> ({@code opportunistic}): encrypted, the primary not authenticated
 *       (section 9.3.1); TSIG still authenticates what it sends.
 * </ul>
 *
 * A bare {@code +tls} is strict by the system's trusted CAs and the primary's address. Files are
 * read when a connection is made, and again whenever they change: certificates are replaced without
 * a restart.
 *
 * @param name how remotes refer to it ("" for the bare {@code +tls})
 * @param pins SPKI SHA-256 pins, base64; any one must match
 * @param ca trusted CA certificates (PEM), or null
 * @param hostname the name the primary's certificate must carry, or null for its address
 * @param cert our certificate chain (PEM) for mutual TLS, or null
 * @param key our private key (PKCS#8 PEM) for mutual TLS, or null
 * @param opportunistic whether the primary is not authenticated at all
 */
public record TlsAuth(
    String name,
    List<String> pins,
    @Nullable Path ca,
    @Nullable String hostname,
    @Nullable Path cert,
    @Nullable Path key,
    boolean opportunistic) {

  /** The bare {@code +tls}: the system's trusted CAs, the primary's address as its identity. */
  public static final TlsAuth SYSTEM = new TlsAuth("", List.of(), null, null, null, null, false);

  public TlsAuth {
    pins = List.copyOf(pins);
    for (String p : pins) {
      byte[] digest;
      try {
        digest = Base64.getDecoder().decode(p);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("pin '" + p + "' is not base64", e);
      }
      if (digest.length != 32) {
        throw new IllegalArgumentException(
            "pin '" + p + "' is not a SHA-256 digest (32 bytes, base64)");
      }
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "TLS authentication '" + name + "': give cert= and key= together (mutual TLS)");
    }
    if (opportunistic && (!pins.isEmpty() || ca != null || hostname != null)) {
      throw new IllegalArgumentException(
          "TLS authentication '"
              + name
              + "': opportunistic authenticates nothing: no pin, ca"
              + " or hostname with it");
    }
  }

  /**
   * Parses {@code NAME=ITEM[,ITEM...]}, each item {@code pin=BASE64}, {@code ca=FILE}, {@code
   * hostname=NAME}, {@code cert=FILE}, {@code key=FILE} or {@code opportunistic}.
   */
  public static TlsAuth parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException(
          "'"
              + spec
              + "' is not of the form NAME=pin=BASE64|ca=FILE[,hostname=NAME]"
              + "[,cert=FILE,key=FILE]|opportunistic");
    }
    String name = spec.substring(0, eq).trim();
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("TLS authentication name '" + name + "' is not valid");
    }
    List<String> pins = new ArrayList<>();
    Path ca = null;
    String hostname = null;
    Path cert = null;
    Path key = null;
    boolean opportunistic = false;
    for (String item : spec.substring(eq + 1).split(",")) {
      String t = item.trim();
      if (t.equals("opportunistic")) {
        opportunistic = true;
        continue;
      }
      int i = t.indexOf('=');
      if (i <= 0 || i == t.length() - 1) {
        throw new IllegalArgumentException("'" + t + "' in '" + spec + "' is not ITEM=VALUE");
      }
      String v = t.substring(i + 1);
      switch (t.substring(0, i)) {
        case "pin" -> pins.add(v);
        case "ca" -> ca = Path.of(v);
        case "hostname" -> hostname = v;
        case "cert" -> cert = Path.of(v);
        case "key" -> key = Path.of(v);
        default ->
            throw new IllegalArgumentException(
                "'"
                    + t.substring(0, i)
                    + "' in '"
                    + spec
                    + "': expected pin, ca, hostname,"
                    + " cert, key or opportunistic");
      }
    }
    return new TlsAuth(name, pins, ca, hostname, cert, key, opportunistic);
  }

  /** How the primary is authenticated, in words for the log and the status. */
  public String describe() {
    if (opportunistic) {
      return "opportunistic TLS";
    }
    List<String> how = new ArrayList<>();
    if (!pins.isEmpty()) {
      how.add("pin");
    }
    if (ca != null) {
      how.add("CA " + ca);
    }
    if (how.isEmpty()) {
      how.add("the system's CAs");
    }
    return "TLS, authenticated by "
        + String.join(" and ", how)
        + (cert != null ? ", with client certificate " + cert : "");
  }
}
