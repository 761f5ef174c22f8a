package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.server.TransportCounters.TcpClose;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The TCP limits of RFC 7766 section 10, against clients that hold connections (issue 14): a
 * message must arrive whole within the message timeout whatever the client drips; when the server
 * or one address is full, the connection idle longest makes room for a new client; and none of it
 * cuts a zone transfer that a slow reader is still taking in.
 */
class TcpConnectionLimitsTest {
  private static final Name ZONE = Name.fromConstantString("limits.test.");
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private @Nullable DnsServer server;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private InetSocketAddress start(
      Duration idle, Duration message, int max, int perAddress, int zoneHosts) throws Exception {
    return start(1, idle, message, max, perAddress, zoneHosts);
  }

  private InetSocketAddress start(
      int threads, Duration idle, Duration message, int max, int perAddress, int zoneHosts)
      throws Exception {
    ServedZones served = ServedZones.of(List.of(TestZones.withTxt(ZONE, zoneHosts)));
    Responder responder =
        new Responder(() -> served, ResponderConfig.defaults(), new OpenControlPort());
    ServerConfig config =
        new ServerConfig(
                List.of(new InetSocketAddress(LOOPBACK, 0)),
                threads,
                idle,
                max,
                ServerConfig.DEFAULT_TCP_MAX_PENDING)
            .withTcpMessageTimeout(message)
            .withTcpMaxConnectionsPerAddress(perAddress);
    DnsServer s = DnsServer.start(config, responder);
    server = s;
    return s.addresses().get(0);
  }

  private TransportCounters counters() {
    return java.util.Objects.requireNonNull(server).counters();
  }

  private Socket connect(InetSocketAddress to, InetAddress from) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(from, 0));
    s.connect(to, 2000);
    s.setSoTimeout(5000);
    return s;
  }

  private static byte[] framed(Name name, int type) {
    byte[] q = Message.newQuery(Record.newRecord(name, type, DClass.IN)).toWire();
    byte[] f = new byte[q.length + 2];
    f[0] = (byte) (q.length >>> 8);
    f[1] = (byte) q.length;
    System.arraycopy(q, 0, f, 2, q.length);
    return f;
  }

  private static Message read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] m = new byte[d.readUnsignedShort()];
    d.readFully(m);
    return new Message(m);
  }

  private static Message ask(Socket s) throws IOException {
    s.getOutputStream().write(framed(new Name("ns1", ZONE), Type.A));
    return read(s.getInputStream());
  }

  /** Whether the server has closed {@code s} (end of stream or reset within the timeout). */
  private static boolean closedByServer(Socket s, Duration within) throws IOException {
    s.setSoTimeout((int) within.toMillis());
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset
    }
  }

  private static InetAddress loopback(int last) throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
  }

  @Test
  void aMessageDrippedByteByByteIsCutAtTheMessageTimeoutNotKeptAliveByEachByte() throws Exception {
    InetSocketAddress to = start(Duration.ofSeconds(5), Duration.ofMillis(500), 100, 32, 1);
    Socket s = connect(to, LOOPBACK);
    byte[] query = framed(ZONE, Type.SOA);
    long started = System.nanoTime();
    boolean closed = false;
    // One byte every 200 ms: the whole query would take 6 s; the idle timeout is 5 s.
    for (int i = 0; i < query.length && !closed; i++) {
      try {
        s.getOutputStream().write(query[i]);
      } catch (java.net.SocketException e) {
        closed = true;
        break;
      }
      closed = closedByServer(s, Duration.ofMillis(200));
    }
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(closed).as("closed before the message was whole").isTrue();
    assertThat(tookMillis)
        .as("closed near the message timeout, before the idle one")
        .isLessThan(4000);
    assertThat(counters().tcpClosed(TcpClose.SLOW)).isEqualTo(1);
  }

  @Test
  void queriesSentInPiecesAndPipelinedAreAllAnsweredInOrder() throws Exception {
    InetSocketAddress to = start(Duration.ofSeconds(5), Duration.ofMillis(1000), 100, 32, 1);
    Socket s = connect(to, LOOPBACK);
    byte[] a = framed(new Name("ns1", ZONE), Type.A);
    byte[] b = framed(ZONE, Type.SOA);
    byte[] c = framed(ZONE, Type.NS);
    java.io.OutputStream out = s.getOutputStream();
    // The first query and half the second, a pause, the rest and a third.
    out.write(a);
    out.write(b, 0, b.length / 2);
    out.flush();
    Thread.sleep(300);
    out.write(b, b.length / 2, b.length - b.length / 2);
    out.write(c);
    out.flush();
    assertThat(read(s.getInputStream()).getQuestion().getType()).isEqualTo(Type.A);
    assertThat(read(s.getInputStream()).getQuestion().getType()).isEqualTo(Type.SOA);
    assertThat(read(s.getInputStream()).getQuestion().getType()).isEqualTo(Type.NS);
  }

  @Test
  void whenFullTheConnectionIdleLongestMakesRoomForANewClient() throws Exception {
    InetSocketAddress to = start(Duration.ofSeconds(30), Duration.ofSeconds(2), 3, 32, 1);
    List<Socket> held = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Socket s = connect(to, loopback(10 + i));
      ask(s); // answered, then idle: the first is idle longest
      held.add(s);
      Thread.sleep(50);
    }
    Socket newcomer = connect(to, loopback(20));
    assertThat(ask(newcomer).getRcode()).isZero();
    assertThat(closedByServer(held.get(0), Duration.ofSeconds(2))).isTrue();
    assertThat(ask(held.get(1)).getRcode()).as("the others are kept").isZero();
    assertThat(ask(held.get(2)).getRcode()).isZero();
    assertThat(counters().tcpClosed(TcpClose.EVICTED)).isEqualTo(1);
  }

  @Test
  void anIdleConnectionOnAnotherEventLoopMakesRoomToo() throws Exception {
    // One connection allowed, four event loops: each new connection most likely lands on a loop
    // other than the idle one's, which is asked to close it.
    InetSocketAddress to = start(4, Duration.ofSeconds(30), Duration.ofSeconds(2), 1, 32, 1);
    Socket previous = connect(to, loopback(40));
    ask(previous);
    for (int i = 0; i < 8; i++) {
      Socket next = connect(to, loopback(41 + i));
      assertThat(ask(next).getRcode()).as("new connection %d answered", i).isZero();
      assertThat(closedByServer(previous, Duration.ofSeconds(2))).isTrue();
      previous = next;
    }
    assertThat(counters().tcpClosed(TcpClose.EVICTED)).isEqualTo(8);
    assertThat(counters().tcpClosed(TcpClose.REFUSED)).isZero();
  }

  @Test
  void anAddressAtItsCapMakesRoomAmongItsOwnConnectionsOnly() throws Exception {
    InetSocketAddress to = start(Duration.ofSeconds(30), Duration.ofSeconds(2), 100, 2, 1);
    Socket other = connect(to, loopback(30));
    ask(other);
    Thread.sleep(50);
    Socket first = connect(to, loopback(31));
    ask(first);
    Thread.sleep(50);
    Socket second = connect(to, loopback(31));
    ask(second);
    Socket third = connect(to, loopback(31));
    assertThat(ask(third).getRcode()).isZero();
    assertThat(closedByServer(first, Duration.ofSeconds(2)))
        .as("the address's oldest idle connection made room")
        .isTrue();
    assertThat(ask(other).getRcode()).as("another address's older one stays").isZero();
    assertThat(ask(second).getRcode()).isZero();
  }

  /** A connection with a small receive window that has asked for the zone by AXFR. */
  private Socket askForAxfr(InetSocketAddress to, int window) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.setReceiveBufferSize(window);
    s.connect(to, 2000);
    s.setSoTimeout(5000);
    s.getOutputStream().write(framed(ZONE, Type.AXFR));
    return s;
  }

  @Test
  void aZoneTransferToASlowReaderOutlastsTheIdleAndMessageTimeouts() throws Exception {
    // Some 3 MB of transfer read at about 1 MB/s by a client with a small window: seconds,
    // against an idle timeout of one second and a message timeout of 300 ms.
    InetSocketAddress to = start(Duration.ofSeconds(1), Duration.ofMillis(300), 100, 32, 12_000);
    Socket s = askForAxfr(to, 16 << 10);
    DataInputStream in = new DataInputStream(s.getInputStream());
    long started = System.nanoTime();
    int soas = 0;
    int records = 0;
    byte[] buffer = new byte[65535];
    while (soas < 2) {
      int length = in.readUnsignedShort();
      in.readFully(buffer, 0, length);
      Message m = new Message(java.util.Arrays.copyOf(buffer, length));
      for (Record r : m.getSection(Section.ANSWER)) {
        records++;
        soas += r.getType() == Type.SOA ? 1 : 0;
      }
      Thread.sleep(length / 1000); // about 1 MB/s
    }
    assertThat(records).isEqualTo(12_000 + 4);
    assertThat((System.nanoTime() - started) / 1_000_000)
        .as("the transfer took longer than the idle timeout")
        .isGreaterThan(2000);
  }

  @Test
  void aClientThatStopsReadingItsAnswersIsClosedAfterTheIdleTimeout() throws Exception {
    InetSocketAddress to = start(Duration.ofMillis(800), Duration.ofMillis(300), 100, 32, 20_000);
    askForAxfr(to, 4 << 10);
    Thread.sleep(3000); // reads nothing: the transfer stalls at the full window
    assertThat(counters().tcpClosed(TcpClose.IDLE)).isEqualTo(1);
  }
}
