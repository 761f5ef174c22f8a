package dev.tandem.server;

import dev.tandem.server.TransportCounters.TcpClose;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection as the limits see it: where it comes from, when it last made progress, and
 * whether it is in the middle of receiving a message. Touched on its event loop only.
 *
 * <p>Progress is a whole message received or a response written out; bytes of a message do not
 * count, so a client cannot keep a connection by dripping them (slowloris). Two deadlines follow:
 *
 * <ul>
 *   <li>no progress for the idle timeout: closed {@link TcpClose#IDLE} (RFC 7766 section 6.2.3).
 *       This covers a client that sends nothing between messages and one that stops reading its
 *       answers; a zone transfer going out as the client reads makes progress with every message
 *       and so runs as long as it needs;
 *   <li>a message begun and not whole within the message timeout, counted from its first byte:
 *       closed {@link TcpClose#SLOW}. The clock stops while the server is not reading
 *       (back-pressure or a zone transfer going out), since then the delay is not the client's.
 * </ul>
 *
 * <p>While the connection waits for an answer made elsewhere (an UPDATE being applied) the server
 * is the slow party, and the idle deadline does not apply.
 */
final class TcpConnection {
  private static final long NONE = Long.MIN_VALUE;

  private final TcpConnections limits;
  private final BooleanSupplier busy;
  private @Nullable Channel channel;
  private @Nullable InetAddress peer;
  private long lastProgress;
  private long partialSince = NONE;
  private boolean reading = true;
  private int waiting;

  /**
   * Where this connection sits in its loop's table (-1: not there), kept by {@link TcpConnections}.
   */
  int slot = -1;

  /** Whether it is counted against the limits (until released). */
  boolean counted;

  /**
   * @param busy whether responses are waiting to be written or a zone transfer is going out: a busy
   *     connection is never closed to make room for another
   */
  TcpConnection(TcpConnections limits, BooleanSupplier busy) {
    this.limits = limits;
    this.busy = busy;
  }

  /** The connection is open: counts it against the limits; false if it must be closed at once. */
  boolean opened(Channel ch) {
    channel = ch;
    peer =
        ch.remoteAddress() instanceof InetSocketAddress a
            ? a.getAddress()
            : InetAddress.getLoopbackAddress();
    lastProgress = now();
    return limits.admit(this);
  }

  /** The connection closed (whoever closed it). */
  void closed() {
    limits.release(this);
  }

  /** A whole message arrived. */
  void received() {
    lastProgress = now();
    partialSince = NONE;
  }

  /** A response (or one message of a zone transfer) was written out. */
  void sent() {
    lastProgress = now();
  }

  /** After each read: whether part of a next message is buffered. */
  void partial(boolean buffered) {
    if (!buffered) {
      partialSince = NONE;
    } else if (partialSince == NONE) {
      partialSince = now();
    }
  }

  /** The server stops or resumes reading the connection; resuming restarts a message's clock. */
  void reading(boolean on) {
    if (on && !reading && partialSince != NONE) {
      partialSince = now();
    }
    reading = on;
  }

  /** An answer is being made elsewhere (true) or has come back (false). */
  void waiting(boolean on) {
    waiting += on ? 1 : -1;
    if (!on) {
      lastProgress = now();
    }
  }

  /** Why the connection is past a deadline at {@code now}, or null if it is not. */
  @Nullable TcpClose expired(long now, long idleNanos, long messageNanos) {
    if (partialSince != NONE && reading && now - partialSince >= messageNanos) {
      return TcpClose.SLOW;
    }
    if (waiting == 0 && now - lastProgress >= idleNanos) {
      return TcpClose.IDLE;
    }
    return null;
  }

  /** Whether it may be closed to make room: nothing to send and no answer being made. */
  boolean evictable() {
    return waiting == 0 && !busy.getAsBoolean();
  }

  EventLoop eventLoop() {
    return java.util.Objects.requireNonNull(channel).eventLoop();
  }

  long lastProgress() {
    return lastProgress;
  }

  InetAddress peer() {
    return java.util.Objects.requireNonNull(peer);
  }

  /** Closes it for {@code reason}, counted, and frees its place at once. */
  void close(TcpClose reason) {
    limits.closing(this, reason);
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  @Override
  public String toString() {
    Channel ch = channel;
    return ch == null ? "TCP connection (not open)" : "TCP connection from " + ch.remoteAddress();
  }

  private long now() {
    Channel ch = channel;
    return ch == null ? 0 : ch.eventLoop().ticker().nanoTime();
  }
}
