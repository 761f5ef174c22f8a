package dev.tandem.control.monitor.lookup;

import dev.tandem.control.access.Remote;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * The checks' DNS client: many questions in flight at once from one network thread, so that ten
 * thousand zones' servers can be asked within a minute at a small, steady cost.
 *
 * <p><b>UDP.</b> A few unconnected datagram channels per address family, each on its own ephemeral
 * port, one selector. A question gets a random message ID and one of the channels; its answer is
 * matched on the channel, the server's address and port, the ID, and then the question itself (RFC
 * 5452 sections 4 and 9.1): anything else is dropped and counted, never taken for an answer.
 * Unanswered tries are sent again after the timeout, the same ID, up to the number of tries.
 *
 * <p><b>TCP</b> when asked for or when the UDP answer is truncated (RFC 7766 section 5): one
 * connection per question, on a virtual thread, with the same timeout for connecting and for
 * reading.
 *
 * <p><b>Bounded and paced.</b> At most {@link Options#maxInFlight} questions are out at once; past
 * that they wait in order. Questions leave at most {@link Options#queriesPerSecond} a second
 * (retries included), from a token bucket holding a tenth of a second's worth, so that a scheduler
 * that starts many zones at once still sends a steady stream, not a burst.
 *
 * <p>The network thread owns every piece of per-question state; other threads hand it questions
 * through a queue and are answered through futures it completes. Callers wait for them in {@code
 * join()} on virtual threads; a stage chained on one would run on the network thread, so none that
 * blocks may be. That ownership is why the class is one piece past 500 lines: the state it guards
 * and the one thread that may touch it stay in one place.
 */
public final class DnsClient implements Querier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsClient.class);
  private static final int CHANNELS = 4;

  /**
   * Tunables.
   *
   * @param timeout how long to wait for an answer, per try (and to connect over TCP)
   * @param tries how many times a UDP question is sent before it counts as unanswered
   * @param maxInFlight questions out at once, at most
   * @param queriesPerSecond questions sent per second, at most (retries included)
   */
  public record Options(Duration timeout, int tries, int maxInFlight, int queriesPerSecond) {
    public static final Options DEFAULT = new Options(Duration.ofSeconds(2), 2, 256, 5000);

    public Options {
      if (timeout.isNegative() || timeout.isZero() || tries < 1 || maxInFlight < 1) {
        throw new IllegalArgumentException("timeout, tries and in-flight bound must be positive");
      }
      if (queriesPerSecond < 1) {
        throw new IllegalArgumentException("queries per second must be at least 1");
      }
    }
  }

  /** What the client has done since start, for the metrics. */
  public static final class Counters {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong tcp = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    /** Questions sent, retries and TCP included. */
    public long sent() {
      return sent.get();
    }

    /** Questions answered. */
    public long answered() {
      return answered.get();
    }

    /** Questions that got no usable answer. */
    public long unanswered() {
      return unanswered.get();
    }

    /** Questions asked over TCP. */
    public long tcp() {
      return tcp.get();
    }

    /** Datagrams dropped: not an answer to anything asked (late, spoofed, mangled). */
    public long dropped() {
      return dropped.get();
    }
  }

  /** One question on its way. Owned by the network thread once handed over. */
  private static final class Pending {
    final InetSocketAddress server;
    final Question question;
    final CompletableFuture<Reply> future = new CompletableFuture<>();
    int id;
    int channel = -1;
    int tries;
    long started;
    long deadline;
    boolean done;
    byte @Nullable [] wire;

    Pending(InetSocketAddress server, Question question) {
      this.server = server;
      this.question = question;
    }
  }

  /** Where an answer is expected: channel, server, message ID. */
  private record Key(int channel, SocketAddress server, int id) {}

  private final Options options;
  private final Selector selector;
  private final DatagramChannel[] channels = new DatagramChannel[2 * CHANNELS];
  private final Thread io;
  private final Queue<Pending> submitted = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final Map<Key, Pending> inFlight = new HashMap<>();
  private final PriorityQueue<Pending> deadlines =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger active = new AtomicInteger();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(65535);
  private final RandomGenerator random = random();
  private final SecureRandom tcpIds = new SecureRandom();
  private final java.util.concurrent.atomic.AtomicBoolean awake =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Counters counters = new Counters();
  private double tokens;
  private long refilled = System.nanoTime();
  private volatile boolean closed;

  /**
   * Opens the channels and starts the network thread.
   *
   * @throws IOException if no UDP socket can be opened at all
   */
  public DnsClient(Options options) throws IOException {
    this.options = options;
    this.selector = Selector.open();
    try {
      for (int i = 0; i < CHANNELS; i++) {
        channels[i] = open(StandardProtocolFamily.INET, i);
      }
      for (int i = 0; i < CHANNELS; i++) {
        channels[CHANNELS + i] = openIfPossible(StandardProtocolFamily.INET6, CHANNELS + i);
      }
    } catch (IOException e) {
      closeChannels();
      selector.close();
      throw e;
    }
    this.tokens = burst();
    this.io = Thread.ofPlatform().daemon().name("tandem-check-io").unstarted(this::loop);
    io.start();
  }

  private DatagramChannel open(StandardProtocolFamily family, int index) throws IOException {
    DatagramChannel c = DatagramChannel.open(family);
    c.configureBlocking(false);
    c.bind(null); // an ephemeral port of the system's choosing, one per channel
    c.register(selector, SelectionKey.OP_READ, index);
    return c;
  }

  /** An IPv6 channel, or one that is closed on a host without IPv6 (its questions fail). */
  private DatagramChannel openIfPossible(StandardProtocolFamily family, int index)
      throws IOException {
    try {
      return open(family, index);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("no {} socket for the checks: {}", family, e.toString());
      DatagramChannel closed = DatagramChannel.open(StandardProtocolFamily.INET);
      closed.close();
      return closed;
    }
  }

  /**
   * Message IDs and channels must be unpredictable (RFC 5452 section 9.2): they come from a DRBG,
   * drawn 4 KiB at a time, so that a question costs neither a read of /dev/urandom (the platform's
   * default) nor a hash of its own. The network thread alone uses it.
   */
  private static RandomGenerator random() {
    SecureRandom source;
    try {
      source = SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      source = new SecureRandom();
    }
    SecureRandom drbg = source;
    byte[] pool = new byte[4096];
    int[] next = {pool.length};
    return () -> {
      if (next[0] + 8 > pool.length) {
        drbg.nextBytes(pool);
        next[0] = 0;
      }
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (pool[next[0]++] & 0xff);
      }
      return v;
    };
  }

  public Counters counters() {
    return counters;
  }

  public Options options() {
    return options;
  }

  @Override
  public CompletableFuture<Reply> ask(InetSocketAddress server, Question question) {
    Pending p = new Pending(server, question);
    if (closed) {
      p.future.complete(new Reply.Silence(Reply.Failure.ERROR, "the client is closed"));
      return p.future;
    }
    submitted.add(p);
    if (awake.compareAndSet(false, true)) {
      selector.wakeup(); // once per turn of the network thread, however many questions arrive
    }
    return p.future;
  }

  // ---- the network thread ----

  private void loop() {
    while (!closed) {
      try {
        long now = System.nanoTime();
        awake.set(false);
        for (Pending p; (p = submitted.poll()) != null; ) {
          waiting.add(p);
        }
        startWaiting(now);
        expire(now);
        selector.select(Math.max(1, Math.min(100, waitMillis(now))));
        for (SelectionKey k : selector.selectedKeys()) {
          receive((Integer) k.attachment());
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        log.warn("check client: {}", e.toString());
      }
    }
    failAll();
  }

  /** Milliseconds until something is due: the next deadline, or the next token for a waiter. */
  private long waitMillis(long now) {
    long wait = 100;
    Pending next = deadlines.peek();
    if (next != null) {
      wait = Math.min(wait, (next.deadline - now) / 1_000_000 + 1);
    }
    if (!waiting.isEmpty() && active.get() < options.maxInFlight() && tokens < 1) {
      wait = Math.min(wait, (long) Math.ceil((1 - tokens) * 1000.0 / options.queriesPerSecond()));
    }
    return wait;
  }

  private double burst() {
    return Math.max(1, options.queriesPerSecond() / 10.0);
  }

  /** Takes one token if there is one. */
  private boolean token(long now) {
    tokens = Math.min(burst(), tokens + (now - refilled) * options.queriesPerSecond() / 1e9);
    refilled = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private void startWaiting(long now) {
    while (!waiting.isEmpty() && active.get() < options.maxInFlight() && token(now)) {
      Pending p = waiting.poll();
      active.incrementAndGet();
      p.started = now;
      if (p.question.tcp()) {
        tcp(p);
      } else {
        sendUdp(p, now);
      }
    }
  }

  private void sendUdp(Pending p, long now) {
    boolean v6 = p.server.getAddress() instanceof Inet6Address;
    if (p.channel < 0) {
      p.channel = (v6 ? CHANNELS : 0) + random.nextInt(CHANNELS);
      do {
        p.id = random.nextInt(0x10000);
      } while (inFlight.containsKey(new Key(p.channel, p.server, p.id)));
      p.wire = p.question.message(p.id).toWire();
      inFlight.put(new Key(p.channel, p.server, p.id), p);
    }
    DatagramChannel c = channels[p.channel];
    byte[] wire = p.wire;
    try {
      if (!c.isOpen() || wire == null) {
        throw new NoRouteToHostException("no IPv6 socket on this host");
      }
      p.tries++;
      counters.sent.incrementAndGet();
      c.send(ByteBuffer.wrap(wire), p.server);
    } catch (IOException e) {
      Reply.Failure f =
          e instanceof NoRouteToHostException || String.valueOf(e.getMessage()).contains("unreach")
              ? Reply.Failure.NO_ROUTE
              : Reply.Failure.ERROR;
      finish(p, new Reply.Silence(f, "cannot send to " + format(p.server) + ": " + e.getMessage()));
      return;
    }
    p.deadline = now + options.timeout().toNanos();
    deadlines.add(p);
  }

  private void expire(long now) {
    for (Pending p = deadlines.peek(); p != null && p.deadline <= now; p = deadlines.peek()) {
      deadlines.poll();
      if (p.done) {
        continue;
      }
      if (p.tries < options.tries()) {
        if (token(now)) {
          sendUdp(p, now);
        } else {
          p.deadline = now + 1_000_000; // the pace holds retries too: try again in a millisecond
          deadlines.add(p);
        }
        continue;
      }
      finish(
          p,
          new Reply.Silence(
              Reply.Failure.TIMEOUT,
              "no answer from "
                  + format(p.server)
                  + " to "
                  + p.question
                  + " (timed out after "
                  + p.tries
                  + (p.tries == 1 ? " try)" : " tries)")));
    }
  }

  private void receive(int index) throws IOException {
    DatagramChannel c = channels[index];
    while (true) {
      buffer.clear();
      SocketAddress from = c.receive(buffer);
      if (from == null) {
        return;
      }
      buffer.flip();
      byte[] raw = new byte[buffer.remaining()];
      buffer.get(raw);
      if (raw.length < 12) {
        counters.dropped.incrementAndGet();
        continue;
      }
      int id = ((raw[0] & 0xff) << 8) | (raw[1] & 0xff);
      Pending p = inFlight.get(new Key(index, from, id));
      if (p == null || p.done) {
        counters.dropped.incrementAndGet();
        continue;
      }
      Message m;
      try {
        m = new Message(raw);
      } catch (IOException e) {
        counters.dropped.incrementAndGet();
        continue; // a mangled datagram: the real answer may still come
      }
      if (!p.question.answeredBy(m)) {
        counters.dropped.incrementAndGet();
        continue;
      }
      if (m.getHeader().getFlag(Flags.TC)) {
        inFlight.remove(new Key(p.channel, p.server, p.id));
        forget(p);
        p.done = true; // as a UDP question; it goes on over TCP in the same slot
        Pending again = new Pending(p.server, p.question.overTcp());
        again.started = p.started;
        again.future.whenComplete((r, t) -> p.future.complete(r));
        tcp(again);
        continue;
      }
      finish(p, new Reply.Answer(m, false, (System.nanoTime() - p.started) / 1000));
    }
  }

  private void finish(Pending p, Reply r) {
    if (p.done) {
      return;
    }
    p.done = true;
    if (p.channel >= 0) {
      inFlight.remove(new Key(p.channel, p.server, p.id));
    }
    forget(p);
    active.decrementAndGet();
    count(r);
    // Completed here: those waiting are virtual threads blocked in join(), woken at no cost to this
    // thread; nothing is chained on these futures that could block it.
    p.future.complete(r);
  }

  /**
   * Takes an answered question off the deadlines at once, not at its timeout: held there for the
   * seconds of the timeout, each answer (its message and records) outlived young collections and
   * was promoted, and the old generation grew by 100 MB a minute with 10,000 zones checked. A scan
   * of at most {@code maxInFlight} entries.
   */
  private void forget(Pending p) {
    deadlines.remove(p);
  }

  private void count(Reply r) {
    if (r instanceof Reply.Answer) {
      counters.answered.incrementAndGet();
    } else {
      counters.unanswered.incrementAndGet();
    }
  }

  // ---- TCP, one connection per question on a virtual thread ----

  private void tcp(Pending p) {
    counters.sent.incrementAndGet();
    counters.tcp.incrementAndGet();
    completions.execute(
        () -> {
          Reply r = exchangeOverTcp(p);
          count(r);
          active.decrementAndGet();
          selector.wakeup(); // a slot is free for those waiting
          p.future.complete(r);
        });
  }

  private Reply exchangeOverTcp(Pending p) {
    int timeout = (int) options.timeout().toMillis();
    int id = tcpIds.nextInt(0x10000); // on a virtual thread: not the network thread's DRBG pool
    byte[] wire = p.question.overTcp().message(id).toWire();
    try (Socket s = new Socket()) {
      s.connect(p.server, timeout);
      s.setSoTimeout(timeout);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] raw = new byte[in.readUnsignedShort()];
      in.readFully(raw);
      Message m = new Message(raw);
      if (m.getHeader().getID() != id || !p.question.answeredBy(m)) {
        return new Reply.Silence(
            Reply.Failure.MALFORMED,
            format(p.server) + " answered " + p.question + " with another message over TCP");
      }
      return new Reply.Answer(m, true, (System.nanoTime() - p.started) / 1000);
    } catch (ConnectException e) {
      return new Reply.Silence(
          Reply.Failure.REFUSED_CONNECTION,
          "TCP connection to " + format(p.server) + " refused (nothing listens there)");
    } catch (SocketTimeoutException e) {
      return new Reply.Silence(
          Reply.Failure.TIMEOUT,
          "no answer from " + format(p.server) + " over TCP within " + timeout + " ms");
    } catch (NoRouteToHostException e) {
      return new Reply.Silence(Reply.Failure.NO_ROUTE, "no route to " + format(p.server));
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      Reply.Failure f =
          why.contains("unreachable") ? Reply.Failure.NO_ROUTE : Reply.Failure.MALFORMED;
      return new Reply.Silence(
          f, "TCP exchange with " + format(p.server) + " for " + p.question + " failed: " + why);
    }
  }

  static String format(InetSocketAddress a) {
    return Remote.format(a);
  }

  // ---- closing ----

  private void failAll() {
    Reply closing = new Reply.Silence(Reply.Failure.ERROR, "the check client is closing");
    for (Pending p : inFlight.values().toArray(Pending[]::new)) {
      finish(p, closing);
    }
    for (Pending p; (p = waiting.poll()) != null; ) {
      p.future.complete(closing);
    }
    for (Pending p; (p = submitted.poll()) != null; ) {
      p.future.complete(closing);
    }
  }

  private void closeChannels() {
    for (DatagramChannel c : channels) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      io.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeChannels();
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
    completions.shutdown();
  }
}
