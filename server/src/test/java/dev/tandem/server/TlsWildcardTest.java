package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.dns.engine.QueryCounters;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import io.netty.channel.epoll.Epoll;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners (DoT, XoT) on the wildcards as the DNS ones: 0.0.0.0 is IPv4 alone and [::] IPv6
 * alone, so the two on one port are two listeners (the second was refused as address in use).
 */
class TlsWildcardTest {
  @TempDir Path dir;

  @Test
  void tlsOnBothWildcardsOfOnePortIsTwoListeners() throws Exception {
    assumeTrue(Epoll.isAvailable(), "epoll's sockets can be IPv6 alone; the JDK's cannot");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=tls.test",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();

    try (DnsServer v4 =
        start(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), cert, key)) {
      int port = v4.tlsAddresses().get(0).getPort();
      InetSocketAddress any6 = new InetSocketAddress(InetAddress.getByName("::"), port);
      try (DnsServer v6 = start(any6, cert, key)) {
        assertThat(v6.tlsAddresses()).containsExactly(any6);
      }
    }
  }

  private static DnsServer start(InetSocketAddress tls, Path cert, Path key) throws Exception {
    ServerConfig c =
        ServerConfig.of(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 1);
    ServerConfig withTls =
        new ServerConfig(
            c.addresses(),
            c.threads(),
            c.tcpIdleTimeout(),
            c.tcpMaxConnections(),
            c.tcpMaxPending(),
            c.tcpMessageTimeout(),
            c.tcpMaxConnectionsPerAddress(),
            c.rateLimit(),
            new ServerTls(List.of(tls), cert, key));
    return DnsServer.start(
        withTls,
        new Responder(
            () -> ServedZones.EMPTY,
            ResponderConfig.defaults(),
            new OpenControlPort(),
            new QueryCounters()));
  }
}
