package dev.tandem.server;

import java.util.Locale;

/**
 * What the listeners did besides answering, counted since start, for {@code /metrics}: responses
 * the rate limit dropped or truncated, queries the kernel dropped, and TCP connections closed by
 * the limits, by reason. The answers themselves are counted by the engine ({@code QueryCounters}),
 * the limited ones included.
 *
 * <p>Reads are sums of striped counters, safe from any thread at any time; a read concurrent with
 * traffic may miss what is in flight, never counts anything twice.
 */
public interface TransportCounters {
  /** UDP responses sent truncated (TC, no records) because their network was over the limit. */
  long rateLimitSlipped();

  /** UDP responses not sent because their network was over the limit. */
  long rateLimitDropped();

  /**
   * UDP queries the kernel dropped, a listening socket's receive buffer being full: they came
   * faster than they were answered (Linux; 0 elsewhere).
   */
  long udpDropped();

  /** TCP connections closed by the server for {@code reason}. */
  long tcpClosed(TcpClose reason);

  /** Why the server closed a TCP connection (RFC 7766 sections 6.2.3 and 10). */
  enum TcpClose {
    /** Neither a message received nor a response sent for the idle timeout. */
    IDLE,
    /** A message begun but not received whole within the message timeout. */
    SLOW,
    /**
     * Closed while idle to make room for a new connection, the server or its address being full.
     */
    EVICTED,
    /** A new connection closed at once: full, and no idle connection to close instead. */
    REFUSED;

    /** The metric label: {@code idle}, {@code slow}, {@code evicted}, {@code refused}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
