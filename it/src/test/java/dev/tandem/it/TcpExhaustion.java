package dev.tandem.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tries to shut new TCP clients out of a DNS server by holding its connections, as a probe from
 * outside does, and counts how many new clients are answered meanwhile.
 *
 * <p>Two attacks (issue 14): <b>slowloris</b>, connections that send one byte every few seconds and
 * never a whole message; and <b>idle</b>, connections that send nothing and are reopened as the
 * server closes them. The attacker's connections come from {@code attackers} loopback addresses
 * (127.0.1.1 upwards when more than one, else 127.0.0.1) and are reopened once the server has
 * closed them (within a second). A new client (from {@code client}) connects once a second, sends
 * one query and waits a second for the answer.
 *
 * <p>Used by {@code TcpExhaustionIT} at a small scale; run at the scale against any server
 * with {@code java it/src/test/java/dev/tandem/it/TcpExhaustion.java slowloris|idle PORT
 * CONNECTIONS SECONDS ATTACKERS CLIENT}.
 */
final class TcpExhaustion {
  /** Connections dripping bytes, or sending nothing. */
  enum Attack {
    SLOWLORIS,
    IDLE
  }

  /** How often a slowloris connection sends its byte. */
  private static final long DRIP = Duration.ofSeconds(4).toNanos();

  /** How often the attacker reopens the connections the server closed. */
  private static final long REOPEN = Duration.ofSeconds(1).toNanos();

  /**
   * New clients answered out of those tried, why the others were not (the exception each got, by
   * name), and how many connections the attacker opened.
   */
  record Result(int answered, int tried, java.util.Map<String, Integer> failures, int opened) {
    @Override
    public String toString() {
      return answered
          + " of "
          + tried
          + " new clients answered (failures: "
          + failures
          + "; the attacker opened "
          + opened
          + " connections)";
    }
  }

  private TcpExhaustion() {}

  static Result run(
      Attack attack, int port, int connections, Duration length, int attackers, InetAddress client)
      throws IOException, InterruptedException {
    InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    AtomicBoolean stop = new AtomicBoolean();
    int[] opened = {0};
    List<SocketChannel> open = new ArrayList<>();
    Thread attacker =
        Thread.ofPlatform()
            .name("attacker")
            .start(
                () -> {
                  try (Selector selector = Selector.open()) {
                    attack(attack, server, connections, attackers, selector, open, opened, stop);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    Thread.sleep(3000); // the attacker's connections first
    int answered = 0;
    int tried = 0;
    java.util.Map<String, Integer> failures = new java.util.TreeMap<>();
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end) {
      long next = System.nanoTime() + 1_000_000_000L;
      tried++;
      String failure = ask(server, client);
      if (failure == null) {
        answered++;
      } else {
        failures.merge(failure, 1, Integer::sum);
      }
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000);
      }
    }
    stop.set(true);
    attacker.join();
    synchronized (open) {
      for (SocketChannel c : open) {
        c.close();
      }
    }
    return new Result(answered, tried, failures, opened[0]);
  }

  private static void attack(
      Attack attack,
      InetSocketAddress server,
      int connections,
      int attackers,
      Selector selector,
      List<SocketChannel> open,
      int[] opened,
      AtomicBoolean stop)
      throws IOException {
    ByteBuffer drain = ByteBuffer.allocate(4096);
    long nextDrip = System.nanoTime() + DRIP;
    long nextReopen = 0;
    int sent = 0;
    while (!stop.get()) {
      long now = System.nanoTime();
      boolean drip = attack == Attack.SLOWLORIS && now >= nextDrip;
      if (drip || now >= nextReopen) {
        nextDrip = drip ? now + DRIP : nextDrip;
        nextReopen = now + REOPEN;
        synchronized (open) {
          open.removeIf(c -> !c.isOpen());
          for (SocketChannel c : open) {
            if (drip && c.isConnected()) {
              // One byte of a message that never ends: a length of 0x7f7f, then filler.
              try {
                c.write(ByteBuffer.wrap(new byte[] {(byte) (sent++ % 2 == 0 ? 0x7f : 0x41)}));
              } catch (IOException e) {
                c.close();
              }
            }
          }
          for (int i = open.size(); i < connections; i++) {
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.SO_LINGER, 0);
            if (attackers > 1) {
              int a = opened[0] % attackers;
              c.bind(
                  new InetSocketAddress(
                      InetAddress.getByAddress(
                          new byte[] {127, 0, (byte) (1 + a / 250), (byte) (1 + a % 250)}),
                      0));
            }
            opened[0]++;
            try {
              c.connect(server);
              c.register(selector, SelectionKey.OP_CONNECT | SelectionKey.OP_READ);
              open.add(c);
            } catch (IOException e) {
              c.close();
            }
          }
        }
      }
      selector.select(100);
      for (SelectionKey k : selector.selectedKeys()) {
        SocketChannel c = (SocketChannel) k.channel();
        try {
          if (k.isValid() && k.isConnectable() && c.finishConnect()) {
            k.interestOps(SelectionKey.OP_READ);
            if (attack == Attack.SLOWLORIS) {
              c.write(ByteBuffer.wrap(new byte[] {0x7f}));
            }
          } else if (k.isValid() && k.isReadable()) {
            drain.clear();
            if (c.read(drain) < 0) {
              c.close(); // the server closed it: reopened at the next round
            }
          }
        } catch (IOException e) {
          c.close();
        }
      }
      selector.selectedKeys().clear();
    }
  }

  /** A new client: connect, one query, an answer within a second. Null, or why not. */
  private static @org.jspecify.annotations.Nullable String ask(
      InetSocketAddress server, InetAddress from) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      try {
        s.connect(server, 1000);
      } catch (IOException e) {
        return "connect: " + e.getClass().getSimpleName();
      }
      s.setSoTimeout(1000);
      byte[] q = query();
      byte[] framed = new byte[q.length + 2];
      framed[0] = (byte) (q.length >>> 8);
      framed[1] = (byte) q.length;
      System.arraycopy(q, 0, framed, 2, q.length);
      s.getOutputStream().write(framed);
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      return answer.length >= 12 && answer[0] == q[0] && answer[1] == q[1] ? null : "wrong answer";
    } catch (IOException e) {
      return e.getClass().getSimpleName();
    }
  }

  /** SOA? for example.test. (the sample zone); any answer counts, REFUSED too. */
  private static byte[] query() {
    return new byte[] {
      0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, //
      7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0, //
      0, 6, 0, 1
    };
  }

  public static void main(String[] args) throws Exception {
    Attack attack = Attack.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
    Result r =
        run(
            attack,
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Duration.ofSeconds(Long.parseLong(args[3])),
            Integer.parseInt(args[4]),
            InetAddress.getByName(args[5]));
    System.out.println(attack.name().toLowerCase(java.util.Locale.ROOT) + ": " + r);
  }
}
