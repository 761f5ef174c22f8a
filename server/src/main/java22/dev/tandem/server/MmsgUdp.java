package dev.tandem.server;

import static dev.tandem.server.Libc.CMSG_DATA;
import static dev.tandem.server.Libc.CMSG_LEVEL;
import static dev.tandem.server.Libc.CMSG_TYPE;
import static dev.tandem.server.Libc.IOVEC;
import static dev.tandem.server.Libc.IOV_BASE;
import static dev.tandem.server.Libc.IOV_LEN;
import static dev.tandem.server.Libc.MMSGHDR;
import static dev.tandem.server.Libc.MSG_CONTROL;
import static dev.tandem.server.Libc.MSG_CONTROLLEN;
import static dev.tandem.server.Libc.MSG_IOV;
import static dev.tandem.server.Libc.MSG_IOVLEN;
import static dev.tandem.server.Libc.MSG_LEN;
import static dev.tandem.server.Libc.MSG_NAME;
import static dev.tandem.server.Libc.MSG_NAMELEN;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.Transport;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP sockets each answered by a thread of their own (see {@link NativeUdp} for why): the thread
 * waits in recvmmsg for up to {@link DnsServer#UDP_BATCH} datagrams, answers each into a send
 * region, and hands all the answers to one sendmmsg, the way NSD and Knot serve UDP. The memory is
 * allocated once per socket; a datagram costs two copies (into the responder's array and out of it)
 * and no object, save an {@link InetAddress} the first time its source is seen ({@link Peers}).
 *
 * <p>On a wildcard address each datagram comes with the address it was sent to (IP_PKTINFO,
 * IPV6_PKTINFO), given back with the answer so that the answer leaves from the address the client
 * asked; without it, a machine with several addresses answers from whichever its routes pick, and
 * the client drops the answer.
 */
final class MmsgUdp implements NativeUdp.Opener {
  private static final Logger log = LoggerFactory.getLogger(MmsgUdp.class);

  private static final int BATCH = DnsServer.UDP_BATCH;
  private static final int SLOT = DnsServer.UDP_SLOT;

  /** Bytes per source-address slot: a struct sockaddr_in6, rounded up. */
  private static final long NAME = 32;

  /** Bytes per control slot: one struct cmsghdr with an in6_pktinfo (40 bytes) fits. */
  private static final int CONTROL = 64;

  /** The answers of one batch, back to back; more than one largest UDP message (65,535 bytes). */
  private static final long SEND_REGION = 128 << 10;

  /** Opens the C library's calls; fails (and the server stays on Netty) if they cannot be. */
  MmsgUdp() {
    Libc.strerror(Libc.EINVAL);
  }

  @Override
  public NativeUdp.Socket open(
      InetSocketAddress address,
      Responder responder,
      @Nullable ResponseRateLimiter limiter,
      String thread)
      throws IOException {
    boolean wildcard = address.getAddress().isAnyLocalAddress();
    int fd = Libc.openUdp(address, DnsServer.SOCKET_BUFFER, wildcard);
    Loop loop = new Loop(fd, wildcard, responder, limiter);
    Thread t = new Thread(loop, thread);
    loop.thread = t;
    t.start();
    return loop;
  }

  /** One socket's thread. */
  private static final class Loop implements NativeUdp.Socket, Runnable {
    private final int fd;
    private final boolean pktinfo;
    private final Responder responder;
    private final Responder.Session session;
    private final @Nullable ResponseRateLimiter limiter;
    private final Peers peers = new Peers();
    private final byte[] in = new byte[SLOT];
    private volatile boolean stopping;

    /** Guarded by this: whether the socket is closed; answers sent later check it first. */
    private boolean closed;

    private volatile @Nullable Thread thread;

    Loop(int fd, boolean pktinfo, Responder responder, @Nullable ResponseRateLimiter limiter) {
      this.fd = fd;
      this.pktinfo = pktinfo;
      this.responder = responder;
      this.session = responder.newSession();
      this.limiter = limiter;
    }

    @Override
    public void run() {
      try (Arena arena = Arena.ofConfined()) {
        Batch b = new Batch(arena, pktinfo);
        while (!stopping) {
          int n = Libc.recvmmsg(b.errno, fd, b.received, BATCH, Libc.MSG_WAITFORONE);
          if (n > 0) {
            answer(b, n);
            b.rearm(n);
          } else if (n < 0 && !goesOnAfter(Libc.errno(b.errno))) {
            break;
          }
        }
      } catch (RuntimeException | Error e) {
        // A bug: this socket stops answering (the kernel spreads its clients over the others).
        log.error("the UDP loop {} stopped", Thread.currentThread().getName(), e);
      } finally {
        synchronized (this) {
          closed = true;
          Libc.close(fd);
        }
      }
    }

    /**
     * Whether to go on after recvmmsg failed with {@code errno}: after the socket's one-second wait
     * or a signal at once, after a shortage (ENOMEM, ENOBUFS) 10 ms later, after a broken socket
     * not at all.
     */
    private boolean goesOnAfter(int errno) {
      if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
        return true;
      }
      log.error("UDP receive failed: {}", Libc.strerror(errno));
      if (errno == Libc.EBADF || errno == Libc.EINVAL) {
        return false;
      }
      LockSupport.parkNanos(10_000_000);
      return true;
    }

    /** Answers the {@code n} datagrams received and sends the answers. */
    private void answer(Batch b, int n) {
      int out = 0;
      long used = 0;
      for (int i = 0; i < n; i++) {
        long msg = i * MMSGHDR;
        int length = b.received.get(JAVA_INT, msg + MSG_LEN);
        MemorySegment.copy(b.payloads, JAVA_BYTE, (long) i * SLOT, in, 0, length);
        InetAddress peer = peers.get(b.names, i * NAME);
        int r = respond(length, peer);
        if (r <= 0) {
          if (r == 0) {
            answerLater(b, i);
          }
          continue;
        }
        if (used + r > SEND_REGION) {
          send(b, out);
          out = 0;
          used = 0;
        }
        MemorySegment.copy(session.response(), 0, b.region, JAVA_BYTE, used, r);
        long reply = out * MMSGHDR;
        // Pointers as longs (LP64): no segment object per reply.
        b.replies.set(JAVA_LONG, reply + MSG_NAME, b.names.address() + i * NAME);
        b.replies.set(JAVA_INT, reply + MSG_NAMELEN, b.received.get(JAVA_INT, msg + MSG_NAMELEN));
        long iov = out * IOVEC;
        b.replyIovs.set(JAVA_LONG, iov + IOV_BASE, b.region.address() + used);
        b.replyIovs.set(JAVA_LONG, iov + IOV_LEN, r);
        if (pktinfo) {
          long control = b.received.get(JAVA_LONG, msg + MSG_CONTROLLEN);
          b.replies.set(JAVA_LONG, reply + MSG_CONTROLLEN, control);
          b.replies.set(JAVA_LONG, reply + MSG_CONTROL, b.controls.address() + (long) i * CONTROL);
          if (control > 0) {
            fromDestination(b.controls, (long) i * CONTROL);
          }
        }
        out++;
        used += (r + 7) & ~7;
      }
      send(b, out);
    }

    /**
     * The answer's length in the session, or 0 if it comes later (or never), or -1 if it is not
     * sent (a bug, logged; or dropped by the rate limit).
     */
    private int respond(int length, InetAddress peer) {
      int n;
      try {
        n = responder.respond(session, in, length, Transport.UDP, peer);
      } catch (RuntimeException e) {
        // A bug, not bad input (bad input is answered FORMERR): log it, keep serving.
        log.error("failed to answer a query from {}", peer.getHostAddress(), e);
        return -1;
      }
      ResponseRateLimiter rrl = limiter;
      if (n == 0 || rrl == null) {
        return n;
      }
      return switch (rrl.decide(peer, System.nanoTime())) {
        case SEND -> n;
        case SLIP -> ResponseRateLimiter.truncate(session.response(), n);
        case DROP -> -1;
      };
    }

    /**
     * Turns a received IP_PKTINFO or IPV6_PKTINFO into one that sends from the address the datagram
     * was sent to, through whichever interface the routes pick.
     */
    private static void fromDestination(MemorySegment controls, long at) {
      int level = controls.get(JAVA_INT, at + CMSG_LEVEL);
      int type = controls.get(JAVA_INT, at + CMSG_TYPE);
      long data = at + CMSG_DATA;
      if (level == Libc.IPPROTO_IP && type == Libc.IP_PKTINFO) {
        // struct in_pktinfo: ifindex, spec_dst (the source to use), addr (the header's destination)
        controls.set(JAVA_INT, data, 0);
        controls.set(JAVA_INT, data + 4, controls.get(JAVA_INT, data + 8));
      } else if (level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_PKTINFO) {
        // struct in6_pktinfo: addr, then ifindex
        controls.set(JAVA_INT, data + 16, 0);
      }
    }

    /** Sends the first {@code count} replies; one that fails is skipped (and logged at debug). */
    private void send(Batch b, int count) {
      int sent = 0;
      while (sent < count) {
        MemorySegment from = sent == 0 ? b.replies : b.replies.asSlice(sent * MMSGHDR);
        int r = Libc.sendmmsg(b.errno, fd, from, count - sent);
        if (r > 0) {
          sent += r;
        } else {
          int errno = Libc.errno(b.errno);
          if (errno != Libc.EINTR) {
            log.debug("UDP send failed: {}", Libc.strerror(errno));
            sent++;
          }
        }
      }
    }

    /** An UPDATE's answer, sent from the thread that completes it, if the socket is still open. */
    private void answerLater(Batch b, int i) {
      CompletionStage<byte[]> later = session.takeDeferred();
      if (later == null) {
        return;
      }
      long msg = i * MMSGHDR;
      byte[] to =
          b.names.asSlice(i * NAME, b.received.get(JAVA_INT, msg + MSG_NAMELEN)).toArray(JAVA_BYTE);
      byte[] control = new byte[0];
      if (pktinfo) {
        long length = b.received.get(JAVA_LONG, msg + MSG_CONTROLLEN);
        if (length > 0) {
          fromDestination(b.controls, (long) i * CONTROL);
          control = b.controls.asSlice((long) i * CONTROL, length).toArray(JAVA_BYTE);
        }
      }
      byte[] ancillary = control;
      later.thenAccept(answer -> sendNow(to, ancillary, answer));
    }

    private synchronized void sendNow(byte[] to, byte[] control, byte[] answer) {
      if (closed) {
        return;
      }
      int errno = Libc.sendmsg(fd, to, control, answer);
      if (errno != 0) {
        log.debug("UDP send of a later answer failed: {}", Libc.strerror(errno));
      }
    }

    @Override
    public int fd() {
      return fd;
    }

    @Override
    public void close() {
      stopping = true;
      synchronized (this) {
        if (!closed) {
          Libc.shutdownReads(fd);
        }
      }
      Thread t = thread;
      if (t == null) {
        return;
      }
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        log.warn("the UDP loop {} did not stop within 5 s", t.getName());
      }
    }
  }

  /**
   * A loop's memory: {@link DnsServer#UDP_BATCH} receive slots, each a struct mmsghdr with its
   * iovec, payload, source address and control space, and as many reply headers pointing into the
   * send region.
   */
  private static final class Batch {
    final MemorySegment errno;
    final MemorySegment received;
    final MemorySegment payloads;
    final MemorySegment names;
    final MemorySegment controls;
    final MemorySegment replies;
    final MemorySegment replyIovs;
    final MemorySegment region;
    private final boolean pktinfo;

    Batch(Arena arena, boolean pktinfo) {
      this.pktinfo = pktinfo;
      errno = Libc.errnoSegment(arena);
      received = arena.allocate(BATCH * MMSGHDR, 8);
      MemorySegment iovs = arena.allocate(BATCH * IOVEC, 8);
      payloads = arena.allocate((long) BATCH * SLOT, 8);
      names = arena.allocate(BATCH * NAME, 8);
      controls = arena.allocate((long) BATCH * CONTROL, 8);
      replies = arena.allocate(BATCH * MMSGHDR, 8);
      replyIovs = arena.allocate(BATCH * IOVEC, 8);
      region = arena.allocate(SEND_REGION, 8);
      for (int i = 0; i < BATCH; i++) {
        long msg = i * MMSGHDR;
        long iov = i * IOVEC;
        iovs.set(ADDRESS, iov + IOV_BASE, payloads.asSlice((long) i * SLOT, SLOT));
        iovs.set(JAVA_LONG, iov + IOV_LEN, SLOT);
        received.set(ADDRESS, msg + MSG_NAME, names.asSlice(i * NAME, NAME));
        received.set(ADDRESS, msg + MSG_IOV, iovs.asSlice(iov, IOVEC));
        received.set(JAVA_LONG, msg + MSG_IOVLEN, 1);
        if (pktinfo) {
          received.set(ADDRESS, msg + MSG_CONTROL, controls.asSlice((long) i * CONTROL, CONTROL));
        }
        replies.set(ADDRESS, msg + MSG_IOV, replyIovs.asSlice(iov, IOVEC));
        replies.set(JAVA_LONG, msg + MSG_IOVLEN, 1);
      }
      rearm(BATCH);
    }

    /** Gives the first {@code n} slots back their full address and control space. */
    void rearm(int n) {
      for (int i = 0; i < n; i++) {
        long msg = i * MMSGHDR;
        received.set(JAVA_INT, msg + MSG_NAMELEN, Libc.SOCKADDR);
        if (pktinfo) {
          received.set(JAVA_LONG, msg + MSG_CONTROLLEN, CONTROL);
        }
      }
    }
  }

  /**
   * Source addresses as {@link InetAddress}es for the responder, made once for each recently seen
   * address rather than once per datagram: a direct-mapped cache keyed by the address's bytes.
   */
  private static final class Peers {
    private static final int BITS = 8;
    private final int[] v4Keys = new int[1 << BITS];
    private final @Nullable InetAddress[] v4 = new InetAddress[1 << BITS];
    private final long[] v6High = new long[1 << BITS];
    private final long[] v6Low = new long[1 << BITS];
    private final @Nullable InetAddress[] v6 = new InetAddress[1 << BITS];

    /** The address in the struct sockaddr at {@code names[at]}. */
    InetAddress get(MemorySegment names, long at) {
      if (names.get(JAVA_SHORT, at) == Libc.AF_INET) {
        int key = names.get(JAVA_INT, at + 4);
        int slot = (key * 0x9E3779B9) >>> (32 - BITS);
        InetAddress a = v4[slot];
        if (a == null || v4Keys[slot] != key) {
          a = address(names, at + 4, 4);
          v4Keys[slot] = key;
          v4[slot] = a;
        }
        return a;
      }
      long high = names.get(JAVA_LONG, at + 8);
      long low = names.get(JAVA_LONG, at + 16);
      int slot = (int) ((high ^ low) * 0x9E3779B97F4A7C15L >>> (64 - BITS));
      InetAddress a = v6[slot];
      if (a == null || v6High[slot] != high || v6Low[slot] != low) {
        a = address(names, at + 8, 16); // an IPv4-mapped address becomes an IPv4 one
        v6High[slot] = high;
        v6Low[slot] = low;
        v6[slot] = a;
      }
      return a;
    }

    private static InetAddress address(MemorySegment names, long at, int length) {
      try {
        return InetAddress.getByAddress(names.asSlice(at, length).toArray(JAVA_BYTE));
      } catch (UnknownHostException e) {
        throw new AssertionError(e); // only for a length other than 4 or 16
      }
    }
  }
}
