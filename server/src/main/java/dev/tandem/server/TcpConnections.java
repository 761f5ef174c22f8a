package dev.tandem.server;

import dev.tandem.server.TransportCounters.TcpClose;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP connections of one server and their limits (RFC 7766 section 10): how many at once in all
 * and from one address, and the deadlines of {@link TcpConnection}.
 *
 * <p>When the server is full, a new connection does not simply bounce: the connection on its event
 * loop that has made no progress for longest, and is not busy sending, is closed to make room
 * ({@link TcpClose#EVICTED}); only when every one is busy is the new one closed ({@link
 * TcpClose#REFUSED}). Idle connections, however many an attacker opens and reopens, so cannot shut
 * out a client with a query; and a client with many connections from one address, once at its cap,
 * makes room among its own. Connections sending answers or a zone transfer are never chosen.
 *
 * <p>Counts are shared by the loops (an atomic total; per address, a concurrent map touched when a
 * connection opens or closes, never per message). Each loop keeps its own connections in a table
 * that only it touches, and sweeps it for deadlines a few times per timeout. Room is made on the
 * new connection's loop, which under a flood holds its share of the idle connections; when it has
 * none to give, the other loops are asked to close their own idle longest, and the new connection
 * is let in meanwhile, one beyond the limit per loop at most. "Idle longest" is so exact per loop
 * and nearly so for the server.
 */
final class TcpConnections {
  private static final Logger log = LoggerFactory.getLogger(TcpConnections.class);

  private final int max;
  private final int maxPerAddress;
  private final long idleNanos;
  private final long messageNanos;
  private final long sweepNanos;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<EventLoop, Loop> loops = new ConcurrentHashMap<>();
  private final LongAdder[] closed = new LongAdder[TcpClose.values().length];

  TcpConnections(ServerConfig config) {
    this.max = config.tcpMaxConnections();
    this.maxPerAddress = config.tcpMaxConnectionsPerAddress();
    this.idleNanos = config.tcpIdleTimeout().toNanos();
    this.messageNanos = config.tcpMessageTimeout().toNanos();
    // A deadline is noticed at most a quarter of the shorter timeout late.
    long shorter = Math.min(idleNanos, messageNanos);
    this.sweepNanos =
        Math.clamp(shorter / 4, Duration.ofMillis(10).toNanos(), Duration.ofSeconds(1).toNanos());
    for (int i = 0; i < closed.length; i++) {
      closed[i] = new LongAdder();
    }
  }

  /** Connections closed for {@code reason} since start. */
  long closed(TcpClose reason) {
    return closed[reason.ordinal()].sum();
  }

  /**
   * Counts a connection that just opened, on its loop, making room if the server or its address is
   * full. False: it could not be admitted, and was counted as refused.
   */
  boolean admit(TcpConnection c) {
    Loop loop = loops.computeIfAbsent(c.eventLoop(), Loop::new);
    InetAddress peer = c.peer();
    int fromPeer = perAddress.merge(peer, 1, Integer::sum);
    if (fromPeer > maxPerAddress && !makeRoom(loop, peer, fromPeer - maxPerAddress)) {
      decrement(peer);
      refuse(c, "its address has " + maxPerAddress + " connections, none idle");
      return false;
    }
    int all = total.incrementAndGet();
    if (all > max && !makeRoom(loop, null, all - max)) {
      total.decrementAndGet();
      decrement(peer);
      refuse(c, "the limit of " + max + " is reached, none idle");
      return false;
    }
    c.counted = true;
    loop.add(c);
    return true;
  }

  /**
   * Closes the connection (of {@code peer}, if given) idle longest on {@code here}; if there is
   * none there, asks the other loops to close theirs, trusting them for at most one connection each
   * beyond the limit ({@code over}: how many the count is past it with the new one). False if
   * neither can be done: every connection is busy.
   */
  private boolean makeRoom(Loop here, @Nullable InetAddress peer, int over) {
    TcpConnection victim = here.oldestEvictable(peer);
    if (victim != null) {
      victim.close(TcpClose.EVICTED);
      return true;
    }
    if (over > loops.size()) {
      return false; // the other loops were asked for the ones before: they have nothing to give
    }
    boolean asked = false;
    for (Loop other : loops.values()) {
      if (other != here && other.size > 0) {
        other.evictLater(peer);
        asked = true;
      }
    }
    return asked;
  }

  /** Whether the count (of {@code peer}, if given) is past its limit. */
  private boolean over(@Nullable InetAddress peer) {
    return peer == null ? total.get() > max : perAddress.getOrDefault(peer, 0) > maxPerAddress;
  }

  private void refuse(TcpConnection c, String why) {
    closed[TcpClose.REFUSED.ordinal()].increment();
    log.debug("closing {}: {}", c, why);
  }

  /**
   * Counts {@code c} closed for {@code reason} and frees its place (before the close completes).
   */
  void closing(TcpConnection c, TcpClose reason) {
    if (c.counted) {
      closed[reason.ordinal()].increment();
      log.debug("closing {}: {}", c, reason.label());
    }
    release(c);
  }

  /** Frees the place of {@code c}; again later, nothing. */
  void release(TcpConnection c) {
    if (!c.counted) {
      return;
    }
    c.counted = false;
    total.decrementAndGet();
    decrement(c.peer());
    Loop loop = loops.get(c.eventLoop());
    if (loop != null) {
      loop.remove(c);
    }
  }

  private void decrement(InetAddress peer) {
    perAddress.computeIfPresent(peer, (a, n) -> n == 1 ? null : n - 1);
  }

  /** The connections of one event loop: a table only that loop touches, swept for deadlines. */
  private final class Loop implements Runnable {
    private final EventLoop executor;
    private final ArrayList<TcpConnection> members = new ArrayList<>();

    /** How many connections it has, for other loops deciding whom to ask for room. */
    private volatile int size;

    Loop(EventLoop executor) {
      this.executor = executor;
      executor.scheduleAtFixedRate(this, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
    }

    void add(TcpConnection c) {
      c.slot = members.size();
      members.add(c);
      size = members.size();
    }

    /** Moves the last into the place of {@code c}: no copying, and no allocation. */
    void remove(TcpConnection c) {
      int i = c.slot;
      if (i < 0 || i >= members.size() || members.get(i) != c) {
        return;
      }
      TcpConnection last = members.removeLast();
      if (last != c) {
        members.set(i, last);
        last.slot = i;
      }
      c.slot = -1;
      size = members.size();
    }

    /** Closes, on this loop, the connection idle longest (of {@code peer}) if still over. */
    void evictLater(@Nullable InetAddress peer) {
      executor.execute(
          () -> {
            if (over(peer)) {
              TcpConnection victim = oldestEvictable(peer);
              if (victim != null) {
                victim.close(TcpClose.EVICTED);
              }
            }
          });
    }

    /** The evictable connection (of {@code peer}, if given) that made progress longest ago. */
    @Nullable TcpConnection oldestEvictable(@Nullable InetAddress peer) {
      TcpConnection oldest = null;
      for (TcpConnection c : members) {
        if ((peer == null || peer.equals(c.peer()))
            && (oldest == null || c.lastProgress() - oldest.lastProgress() < 0)
            && c.evictable()) {
          oldest = c;
        }
      }
      return oldest;
    }

    /** Closes what is past a deadline. Backwards, so that removal (the last moved in) is safe. */
    @Override
    public void run() {
      long now = executor.ticker().nanoTime();
      for (int i = members.size() - 1; i >= 0; i--) {
        if (i >= members.size()) {
          continue;
        }
        TcpConnection c = members.get(i);
        try {
          TcpClose reason = c.expired(now, idleNanos, messageNanos);
          if (reason != null) {
            c.close(reason);
          }
        } catch (RuntimeException e) {
          // A bug: keep sweeping (an exception would cancel this periodic task for good).
          log.error("while checking the deadlines of {}", c, e);
        }
      }
    }
  }
}
