package dev.tandem.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the server listens, fixed at start.
 *
 * @param addresses each gets UDP and TCP listeners
 * @param threads event loops (cores to use); each has its own sockets on every address
 * @param tcpIdleTimeout a TCP connection that neither completes a message nor has a response
 *     written for this long is closed (RFC 7766 section 6.2.3 asks servers to time out idle
 *     clients; Knot's default is 10 s)
 * @param tcpMaxConnections connections at once; at the limit a new one takes the place of the one
 *     idle longest, or is closed if none is idle
 * @param tcpMaxPending responses a connection may have waiting to be sent before the server stops
 *     reading its further queries (the per-connection in-flight cap)
 * @param tcpMessageTimeout a TCP message must arrive whole within this time of its first byte
 *     (Knot's tcp-io-timeout)
 * @param tcpMaxConnectionsPerAddress connections at once from one client address; at the cap a new
 *     one takes the place of that address's connection idle longest, or is closed
 * @param rateLimit response rate limiting for UDP
 * @param tls DNS over TLS listeners (zone transfers over TLS), or {@link ServerTls#NONE}
 */
public record ServerConfig(
    List<InetSocketAddress> addresses,
    int threads,
    Duration tcpIdleTimeout,
    int tcpMaxConnections,
    int tcpMaxPending,
    Duration tcpMessageTimeout,
    int tcpMaxConnectionsPerAddress,
    ResponseRateLimit rateLimit,
    ServerTls tls) {

  public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_TCP_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_TCP_MAX_PENDING = 64;

  /**
   * Two seconds from a message's first byte to its last: one round trip carries a query, and even a
   * 64 KB UPDATE over a lossy path arrives well within it. Knot allows 500 ms; the longer time
   * costs nothing, since idle and slow connections give way to new ones when the server is full.
   */
  public static final Duration DEFAULT_TCP_MESSAGE_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Thirty-two connections from one address: more than a resolver or a secondary opens (a BIND
   * secondary transfers at most two zones at once from one primary, its transfers-per-ns), few
   * enough that one address holds a small share of the 1024.
   */
  public static final int DEFAULT_TCP_MAX_CONNECTIONS_PER_ADDRESS = 32;

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
    if (tcpMessageTimeout.isNegative() || tcpMessageTimeout.isZero()) {
      throw new IllegalArgumentException("the TCP message timeout must be positive");
    }
    if (tcpMaxConnections < 1 || tcpMaxPending < 1 || tcpMaxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("TCP limits must be positive");
    }
  }

  /** With the default message timeout, per-address cap and no rate limit. */
  public ServerConfig(
      List<InetSocketAddress> addresses,
      int threads,
      Duration tcpIdleTimeout,
      int tcpMaxConnections,
      int tcpMaxPending) {
    this(
        addresses,
        threads,
        tcpIdleTimeout,
        tcpMaxConnections,
        tcpMaxPending,
        DEFAULT_TCP_MESSAGE_TIMEOUT,
        DEFAULT_TCP_MAX_CONNECTIONS_PER_ADDRESS,
        ResponseRateLimit.OFF,
        ServerTls.NONE);
  }

  public static ServerConfig of(List<InetSocketAddress> addresses, int threads) {
    return new ServerConfig(
        addresses,
        threads,
        DEFAULT_TCP_IDLE_TIMEOUT,
        DEFAULT_TCP_MAX_CONNECTIONS,
        DEFAULT_TCP_MAX_PENDING);
  }

  public ServerConfig withTcpMessageTimeout(Duration timeout) {
    return new ServerConfig(
        addresses,
        threads,
        tcpIdleTimeout,
        tcpMaxConnections,
        tcpMaxPending,
        timeout,
        tcpMaxConnectionsPerAddress,
        rateLimit,
        tls);
  }

  public ServerConfig withTcpMaxConnectionsPerAddress(int max) {
    return new ServerConfig(
        addresses,
        threads,
        tcpIdleTimeout,
        tcpMaxConnections,
        tcpMaxPending,
        tcpMessageTimeout,
        max,
        rateLimit,
        tls);
  }

  public ServerConfig withRateLimit(ResponseRateLimit limit) {
    return new ServerConfig(
        addresses,
        threads,
        tcpIdleTimeout,
        tcpMaxConnections,
        tcpMaxPending,
        tcpMessageTimeout,
        tcpMaxConnectionsPerAddress,
        limit,
        tls);
  }

  public ServerConfig withTls(ServerTls t) {
    return new ServerConfig(
        addresses,
        threads,
        tcpIdleTimeout,
        tcpMaxConnections,
        tcpMaxPending,
        tcpMessageTimeout,
        tcpMaxConnectionsPerAddress,
        rateLimit,
        t);
  }
}
