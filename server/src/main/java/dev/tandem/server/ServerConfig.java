package dev.tandem.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the server listens, fixed at start.
 *
 * @param addresses each gets UDP and TCP listeners
 * @param threads event loops (cores to use); each has its own sockets on every address
 * @param tcpIdleTimeout a TCP connection with no query for this long is closed (RFC 7766 section
 *     6.2.3 asks servers to time out idle clients; Knot's default is 10 s)
 * @param tcpMaxConnections connections beyond this are closed at once
 * @param tcpMaxPending responses a connection may have waiting to be sent before the server stops
 *     reading its further queries (the per-connection in-flight cap)
 */
public record ServerConfig(
    List<InetSocketAddress> addresses,
    int threads,
    Duration tcpIdleTimeout,
    int tcpMaxConnections,
    int tcpMaxPending) {

  public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_TCP_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_TCP_MAX_PENDING = 64;

  public ServerConfig {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no address to listen on");
    }
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads must be 1 to 1024, not " + threads);
    }
    if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
      throw new IllegalArgumentException("the TCP idle timeout must be positive");
    }
    if (tcpMaxConnections < 1 || tcpMaxPending < 1) {
      throw new IllegalArgumentException("TCP limits must be positive");
    }
  }

  public static ServerConfig of(List<InetSocketAddress> addresses, int threads) {
    return new ServerConfig(
        addresses,
        threads,
        DEFAULT_TCP_IDLE_TIMEOUT,
        DEFAULT_TCP_MAX_CONNECTIONS,
        DEFAULT_TCP_MAX_PENDING);
  }
}
