package dev.tandem.app;

import dev.tandem.server.TransportCounters;
import dev.tandem.server.TransportCounters.TcpClose;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The listeners' own counters on {@code /metrics}, read at scrape time (registered here because
 * {@code api}, which shows the rest, may not see {@code server}):
 *
 * <ul>
 *   <li>{@code tandem_rrl_responses_total{action}}: UDP responses the rate limit sent truncated
 *       ({@code slipped}) or did not send ({@code dropped});
 *   <li>{@code tandem_tcp_connections_closed_total{reason}}: TCP connections the server closed:
 *       {@code idle} (nothing for the idle timeout), {@code slow} (a message not whole within the
 *       message timeout), {@code evicted} (idle, closed to make room for a new one), {@code
 *       refused} (new, closed at once: full of busy connections).
 * </ul>
 */
final class TransportMetrics {
  private TransportMetrics() {}

  static void register(MeterRegistry registry, TransportCounters counters) {
    FunctionCounter.builder("tandem.rrl.responses", counters, TransportCounters::rateLimitSlipped)
        .description("UDP responses over the rate limit, by what became of them")
        .tag("action", "slipped")
        .register(registry);
    FunctionCounter.builder("tandem.rrl.responses", counters, TransportCounters::rateLimitDropped)
        .description("UDP responses over the rate limit, by what became of them")
        .tag("action", "dropped")
        .register(registry);
    FunctionCounter.builder("tandem.udp.dropped", counters, TransportCounters::udpDropped)
        .description(
            "UDP queries the kernel dropped: a listening socket's receive buffer was full (Linux)")
        .register(registry);
    for (TcpClose reason : TcpClose.values()) {
      FunctionCounter.builder("tandem.tcp.connections.closed", counters, c -> c.tcpClosed(reason))
          .description("TCP connections closed by the server's limits, by reason")
          .tag("reason", reason.label())
          .register(registry);
    }
  }
}
