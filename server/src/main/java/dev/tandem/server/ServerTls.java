package dev.tandem.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * DNS over TLS listeners (RFC 7858), for zone transfers over TLS above all (XoT, RFC 9103): the
 * addresses (port 853 unless another is given, RFC 9103 section 7.2) and the certificate chain and
 * private key (PEM, PKCS#8) they show. The files are read again when they change, without a
 * restart.
 *
 * @param addresses where to listen; empty for no TLS listener
 * @param certificate the certificate chain, leaf first
 * @param key the private key of the leaf certificate
 */
public record ServerTls(
    List<InetSocketAddress> addresses, @Nullable Path certificate, @Nullable Path key) {

  /** The port of DNS over TLS (RFC 7858 section 3.1), and of XoT (RFC 9103 section 7.2). */
  public static final int PORT = 853;

  /** No TLS listener. */
  public static final ServerTls NONE = new ServerTls(List.of(), null, null);

  public ServerTls {
    addresses = List.copyOf(addresses);
    if (!addresses.isEmpty() && (certificate == null || key == null)) {
      throw new IllegalArgumentException(
          "a TLS listener needs a certificate and its key (--tls-certificate, --tls-key)");
    }
  }

  public boolean enabled() {
    return !addresses.isEmpty();
  }
}
