package dev.tandem.control.transfer;

import dev.tandem.control.access.Remote;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Connections to primaries, kept open for a few seconds between requests and reused: the SOA check
 * of a TLS primary and the transfer after it share one handshake, and the members of a catalog
 * transferred one after another from one primary share connections (RFC 7766 section 6.2.1 asks
 * clients to reuse; RFC 9103 section 6 hopes XoT clients will). A connection idle longer than
 * {@link #IDLE} is closed rather than reused: servers close idle clients after about ten seconds
 * (Knot, Tandem) or thirty (BIND). Safe for use from many threads; each connection is used by one
 * at a time.
 */
final class Connections {
  /** How long a connection may wait for its next request. */
  static final Duration IDLE = Duration.ofSeconds(4);

  /** Connections kept per primary: one per worker thread and then some. */
  private static final int KEPT = 32;

  private final TlsClient tls;
  private final InstantSource clock;
  private final Map<Remote, Deque<DnsStream>> idle = new HashMap<>();

  Connections(TlsClient tls, InstantSource clock) {
    this.tls = tls;
    this.clock = clock;
  }

  /** What is done over one connection: a request and its answer (or answers). */
  interface Work<T> {
    T run(DnsStream stream) throws IOException, TransferException;
  }

  /**
   * Does {@code work} over a connection to {@code primary}, kept or new, and keeps the connection
   * for the next request if the work ended cleanly. A kept connection that the primary closed
   * meanwhile (it breaks before any answer arrives) is not a failure: the work is done again over a
   * new one.
   */
  <T> T use(Remote primary, Duration timeout, Work<T> work) throws IOException, TransferException {
    DnsStream s = open(primary, timeout);
    while (true) {
      try {
        T result = work.run(s);
        release(s);
        return result;
      } catch (IOException e) {
        s.close();
        if (!s.reused() || s.received() > 0 || e instanceof java.net.SocketTimeoutException) {
          throw e;
        }
        s = connect(primary, timeout); // the kept one was closed by the primary: once more
      } catch (TransferException | RuntimeException e) {
        s.close();
        throw e;
      }
    }
  }

  /**
   * A connection to {@code primary}: one kept from an earlier request if there is one, else a new
   * one (TLS: with the handshake done and the primary authenticated).
   *
   * @throws TransferException if it cannot be reached, or over TLS is not who it should be
   */
  DnsStream open(Remote primary, Duration timeout) throws TransferException {
    DnsStream kept = take(primary);
    if (kept != null) {
      return kept;
    }
    return connect(primary, timeout);
  }

  /** A new connection, never a kept one. */
  DnsStream connect(Remote primary, Duration timeout) throws TransferException {
    Socket s;
    if (primary.tls() != null) {
      s = tls.connect(primary, timeout);
    } else {
      s = new Socket();
      try {
        s.connect(primary.address(), (int) timeout.toMillis());
        s.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(s);
        throw new TransferException(
            Remote.format(primary.address()) + " unreachable: " + SoaProbe.why(e), true);
      }
    }
    try {
      DnsStream stream = new DnsStream(primary, s);
      stream.timeout(timeout);
      return stream;
    } catch (IOException e) {
      closeQuietly(s);
      throw new TransferException(
          Remote.format(primary.address()) + " unreachable: " + SoaProbe.why(e), true);
    }
  }

  /** Gives back a connection whose request ended cleanly, for the next request to its primary. */
  void release(DnsStream stream) {
    if (!stream.isOpen()) {
      return;
    }
    stream.reusing(clock.instant());
    DnsStream dropped = null;
    synchronized (idle) {
      Deque<DnsStream> q = idle.computeIfAbsent(stream.primary(), k -> new ArrayDeque<>());
      q.addFirst(stream);
      if (q.size() > KEPT) {
        dropped = q.removeLast();
      }
    }
    if (dropped != null) {
      dropped.close();
    }
  }

  private @Nullable DnsStream take(Remote primary) {
    Instant oldest = clock.instant().minus(IDLE);
    while (true) {
      DnsStream s;
      synchronized (idle) {
        Deque<DnsStream> q = idle.get(primary);
        s = q == null ? null : q.pollFirst();
      }
      if (s == null) {
        return null;
      }
      if (s.isOpen() && s.idleSince().isAfter(oldest)) {
        return s;
      }
      s.close();
    }
  }

  /** Closes every kept connection. */
  void closeAll() {
    synchronized (idle) {
      idle.values().forEach(q -> q.forEach(DnsStream::close));
      idle.clear();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
