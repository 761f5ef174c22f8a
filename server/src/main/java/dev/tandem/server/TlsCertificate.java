package dev.tandem.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate the TLS listeners show, read from its files and read again when they change, so
 * that a renewed certificate is served without a restart: {@link #reloadIfChanged} compares the
 * files' sizes and modification times (the server calls it every few seconds, off the event loops,
 * and on SIGHUP). A file that cannot be read or does not hold a usable certificate and key leaves
 * the previous one in use, and says so in the log.
 *
 * <p>Each connection takes the context current when it opens (one volatile read): TLS 1.3 only and
 * the ALPN token "dot" (RFC 9103 section 7.1); a client offering other ALPN tokens alone is still
 * answered, without ALPN.
 */
final class TlsCertificate {
  private static final Logger log = LoggerFactory.getLogger(TlsCertificate.class);

  private final Path certificate;
  private final Path key;
  private volatile SslContext context;
  private volatile List<String> loadedFrom;

  /**
   * @throws ListenException if the files cannot be read or do not hold a certificate and its key
   */
  TlsCertificate(Path certificate, Path key) throws ListenException {
    this.certificate = certificate;
    this.key = key;
    try {
      this.loadedFrom = state();
      this.context = build();
    } catch (IOException e) {
      throw new ListenException(
          "cannot use the TLS certificate " + certificate + " and key " + key + ": " + why(e), e);
    }
  }

  /** A TLS handler for a new connection, with the certificate of now. */
  SslHandler newHandler(ByteBufAllocator alloc) {
    return context.newHandler(alloc);
  }

  /** Reads the files again if they changed since they were last read; true if it did. */
  boolean reloadIfChanged() {
    List<String> now;
    try {
      now = state();
    } catch (IOException e) {
      log.warn("TLS certificate not reloaded: {}; still serving the one loaded before", why(e));
      return false;
    }
    if (now.equals(loadedFrom)) {
      return false;
    }
    try {
      context = build();
      loadedFrom = now;
      log.info("TLS certificate reloaded from {}", certificate);
      return true;
    } catch (IOException e) {
      loadedFrom = now; // say it once per change, not every poll
      log.error(
          "TLS certificate {} not reloaded: {}; still serving the one loaded before",
          certificate,
          why(e));
      return false;
    }
  }

  private List<String> state() throws IOException {
    return List.of(stamp(certificate), stamp(key));
  }

  private static String stamp(Path p) throws IOException {
    return p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
  }

  private SslContext build() throws IOException {
    try {
      return SslContextBuilder.forServer(certificate.toFile(), key.toFile())
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3")
          .applicationProtocolConfig(
              new ApplicationProtocolConfig(
                  ApplicationProtocolConfig.Protocol.ALPN,
                  ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                  ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                  "dot"))
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static String why(Exception e) {
    String m = e.getMessage();
    Throwable c = e.getCause();
    while (c != null && c.getMessage() != null) {
      m = c.getMessage();
      c = c.getCause();
    }
    return Objects.requireNonNullElse(m, e.getClass().getSimpleName());
  }
}
