package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.dns.engine.QueryCounters;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.ZoneBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * UDP through real sockets, as a client sees it, answered by the server's own recvmmsg loop ({@link
 * NativeUdp}; "own") and by Netty's channel ("netty", what Java 21 gets): bursts from several
 * sockets, answers larger than a receive slot, a datagram larger than one, a wildcard address
 * answering from the address asked, and the port free once the server is closed.
 */
class UdpTest {
  private static final Name ZONE = Name.fromConstantString("udp.test.");
  private static final Name BIG = Name.fromConstantString("big.udp.test.");

  private @Nullable DnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    System.clearProperty("tandem.udp");
  }

  /** Makes the next server answer UDP the {@code udp} way; skips the test where it cannot. */
  private static void answerUdpBy(String udp) {
    if (udp.equals("own")) {
      assumeTrue(
          System.getProperty("os.name").startsWith("Linux") && Runtime.version().feature() >= 22,
          "the own loop needs Linux and Java 22");
    } else {
      System.setProperty("tandem.udp", udp);
    }
  }

  /** Starts a server on {@code address} with UDP answered the {@code udp} way. */
  private InetSocketAddress start(String udp, InetSocketAddress address) throws Exception {
    answerUdpBy(udp);
    ZoneBuilder b = new ZoneBuilder(ZONE);
    b.add(Record.fromString(ZONE, Type.SOA, DClass.IN, 300, "ns1 h 7 3600 900 86400 300", ZONE));
    b.add(Record.fromString(ZONE, Type.NS, DClass.IN, 300, "ns1", ZONE));
    b.add(Record.fromString(new Name("ns1", ZONE), Type.A, DClass.IN, 300, "127.0.0.1", ZONE));
    for (int i = 0; i < 1000; i++) {
      b.add(Record.fromString(new Name("h" + i, ZONE), Type.TXT, DClass.IN, 300, "h" + i, ZONE));
    }
    for (int i = 0; i < 180; i++) {
      // About 47,000 bytes of answer: more than 11 receive slots, a third of the send region.
      b.add(new TXTRecord(BIG, DClass.IN, 300, i + "-" + "x".repeat(250)));
    }
    ServedZones served = ServedZones.of(List.of(b.build()));
    Responder responder =
        new Responder(
            () -> served,
            new ResponderConfig(65535, null, null, null),
            new LaterUpdates(),
            new QueryCounters());
    DnsServer s = DnsServer.start(ServerConfig.of(List.of(address), 2), responder);
    server = s;
    return s.addresses().get(0);
  }

  /**
   * Takes every UPDATE, answering NOERROR 20 ms later from a thread of its own, as a zone's worker
   * does.
   */
  private static final class LaterUpdates extends OpenControlPort {
    @Override
    public CompletionStage<Integer> update(
        Name zone, Message request, InetAddress peer, @Nullable Name key) {
      return CompletableFuture.supplyAsync(
          () -> Rcode.NOERROR, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }
  }

  private static ByteBuffer update(int id) {
    Message u = new Message(id);
    u.getHeader().setOpcode(Opcode.UPDATE);
    u.addRecord(Record.newRecord(ZONE, Type.SOA, DClass.IN), Section.ZONE);
    u.addRecord(
        new TXTRecord(Name.fromConstantString("new.udp.test."), DClass.IN, 300, "added"),
        Section.UPDATE);
    return ByteBuffer.wrap(u.toWire());
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static ByteBuffer query(Name name, int type, int id, int payload) {
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    q.getHeader().setID(id);
    if (payload > 0) {
      q.addRecord(new OPTRecord(payload, 0, 0), Section.ADDITIONAL);
    }
    return ByteBuffer.wrap(q.toWire());
  }

  private static Message receive(DatagramChannel c) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(65535);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (c.receive(in) == null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no answer within 5 s");
      }
      Thread.onSpinWait();
    }
    in.flip();
    byte[] bytes = new byte[in.remaining()];
    in.get(bytes);
    return new Message(bytes);
  }

  private static DatagramChannel client() throws IOException {
    DatagramChannel c = DatagramChannel.open();
    c.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    c.configureBlocking(false);
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"own", "netty"})
  void aBurstFromSeveralSocketsIsAnsweredQueryByQuery(String udp) throws Exception {
    InetSocketAddress server = start(udp, loopback());
    List<DatagramChannel> clients = new ArrayList<>();
    try {
      for (int c = 0; c < 4; c++) {
        clients.add(client());
      }
      // In waves of 100, which any socket buffer holds (Linux's default one takes about 500).
      Map<Integer, String> answers = new HashMap<>();
      for (int wave = 0; wave < 1000; wave += 100) {
        for (int i = wave; i < wave + 100; i++) {
          clients.get(i % 4).send(query(new Name("h" + i, ZONE), Type.TXT, i, 0), server);
        }
        for (int i = wave; i < wave + 100; i++) {
          Message m = receive(clients.get(i % 4));
          List<Record> txt = m.getSection(Section.ANSWER);
          answers.put(m.getHeader().getID(), ((TXTRecord) txt.get(0)).getStrings().get(0));
        }
      }
      assertThat(answers).hasSize(1000);
      answers.forEach((id, text) -> assertThat(text).isEqualTo("h" + id));
    } finally {
      for (DatagramChannel c : clients) {
        c.close();
      }
    }
  }

  /** An UPDATE's answer comes when the control plane has applied it, from another thread. */
  @ParameterizedTest
  @ValueSource(strings = {"own", "netty"})
  void anUpdateIsAnsweredLaterToItsSender(String udp) throws Exception {
    InetSocketAddress server = start(udp, loopback());
    try (DatagramChannel c = client()) {
      c.send(update(77), server);
      c.send(query(new Name("h3", ZONE), Type.TXT, 78, 0), server);
      Message first = receive(c);
      Message second = receive(c);
      assertThat(first.getHeader().getID())
          .as("the query is not held behind the UPDATE")
          .isEqualTo(78);
      assertThat(second.getHeader().getID()).isEqualTo(77);
      assertThat(second.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
      assertThat(second.getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"own", "netty"})
  void answersOfTensOfKilobytesLeaveWholeSeveralToABatch(String udp) throws Exception {
    InetSocketAddress server = start(udp, loopback());
    try (DatagramChannel c = client()) {
      // Four: more than the send region holds, and within Linux's default socket buffer.
      for (int i = 0; i < 4; i++) {
        c.send(query(BIG, Type.TXT, i, 65000), server);
      }
      for (int i = 0; i < 4; i++) {
        Message m = receive(c);
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(m.getSection(Section.ANSWER)).hasSize(180);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"own", "netty"})
  void aDatagramLargerThanASlotIsAnsweredFormerrAndServingGoesOn(String udp) throws Exception {
    InetSocketAddress server = start(udp, loopback());
    try (DatagramChannel c = client()) {
      ByteBuffer q = query(new Name("h1", ZONE), Type.TXT, 1, 0);
      ByteBuffer oversized = ByteBuffer.allocate(DnsServer.UDP_SLOT + 1000).put(q).flip();
      oversized.limit(oversized.capacity());
      c.send(oversized, server);
      Message m = receive(c);
      assertThat(m.getHeader().getID()).isEqualTo(1);
      assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);

      c.send(query(new Name("h2", ZONE), Type.TXT, 2, 0), server);
      assertThat(receive(c).getSection(Section.ANSWER)).hasSize(1);
    }
  }

  /**
   * On a wildcard address the answer leaves from the address the query was sent to: a client that
   * connected its socket to that address takes nothing else. (Netty's channel lacks this.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::"})
  void onAWildcardAddressTheAnswerComesFromTheAddressAsked(String wildcard) throws Exception {
    InetSocketAddress bound =
        start("own", new InetSocketAddress(InetAddress.getByName(wildcard), 0));
    assertThat(bound.getAddress().getHostAddress())
        .isEqualTo(wildcard.equals("::") ? "0:0:0:0:0:0:0:0" : wildcard);
    int port = bound.getPort();
    List<String> asked =
        wildcard.equals("::") ? List.of("::1") : List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");
    int id = 0;
    for (String to : asked) {
      try (DatagramChannel c = client()) {
        c.connect(new InetSocketAddress(InetAddress.getByName(to), port));
        c.write(query(new Name("h7", ZONE), Type.TXT, ++id, 0));
        assertThat(receive(c).getHeader().getID()).as("the answer asked of %s", to).isEqualTo(id);
        c.write(update(++id)); // answered later, from another thread
        assertThat(receive(c).getHeader().getID()).as("the UPDATE sent to %s", to).isEqualTo(id);
      }
    }
  }

  /**
   * 0.0.0.0 is IPv4 alone and [::] IPv6 alone, as in BIND, Knot and NSD: on one port they are two
   * listeners, whichever came first, and each family's queries reach its own (the second server
   * serves no zone, so its answers are REFUSED). [::1] beside 0.0.0.0 likewise.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "own 0.0.0.0 ::",
        "own :: 0.0.0.0",
        "own 0.0.0.0 ::1",
        "netty 0.0.0.0 ::",
        "netty :: 0.0.0.0"
      })
  void eachWildcardTakesItsOwnFamilyAlone(String how) throws Exception {
    String[] w = how.split(" ");
    int port = start(w[0], new InetSocketAddress(InetAddress.getByName(w[1]), 0)).getPort();
    InetSocketAddress second = new InetSocketAddress(InetAddress.getByName(w[2]), port);
    try (DnsServer other =
        DnsServer.start(
            ServerConfig.of(List.of(second), 1),
            new Responder(
                () -> ServedZones.EMPTY,
                ResponderConfig.defaults(),
                new OpenControlPort(),
                new QueryCounters()))) {
      assertThat(other.addresses()).containsExactly(second);
      boolean firstIsV4 = w[1].equals("0.0.0.0");
      for (String to : List.of("127.0.0.1", "::1")) {
        boolean first = to.equals("127.0.0.1") == firstIsV4;
        try (DatagramChannel c = client()) {
          c.send(
              query(new Name("h3", ZONE), Type.TXT, 3, 0),
              new InetSocketAddress(InetAddress.getByName(to), port));
          assertThat(receive(c).getRcode())
              .as("asked at %s", to)
              .isEqualTo(first ? Rcode.NOERROR : Rcode.REFUSED);
        }
        try (var tcp = new java.net.Socket(InetAddress.getByName(to), port);
            var out = new java.io.DataOutputStream(tcp.getOutputStream());
            var in = new java.io.DataInputStream(tcp.getInputStream())) {
          tcp.setSoTimeout(5000);
          ByteBuffer q = query(new Name("h4", ZONE), Type.TXT, 4, 0);
          out.writeShort(q.remaining());
          out.write(q.array(), q.position(), q.remaining());
          byte[] answer = new byte[in.readUnsignedShort()];
          in.readFully(answer);
          assertThat(new Message(answer).getRcode())
              .as("asked at %s over TCP", to)
              .isEqualTo(first ? Rcode.NOERROR : Rcode.REFUSED);
        }
      }
    }
  }

  /**
   * Queries that come faster than they are answered fill the socket's receive buffer and the kernel
   * drops the rest: counted for /metrics. Here the answering thread waits (the zones' reader
   * blocks) while 20,000 queries padded to 1,200 bytes (EDNS padding) arrive, several times what
   * the buffer holds.
   */
  @ParameterizedTest
  @ValueSource(strings = {"own", "netty"})
  void queriesTheKernelDroppedAreCounted(String udp) throws Exception {
    answerUdpBy(udp);
    assumeTrue(Files.isReadable(Path.of("/proc/net/udp")), "Linux's socket tables");
    CountDownLatch go = new CountDownLatch(1);
    Responder stalled =
        new Responder(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return ServedZones.EMPTY;
            },
            ResponderConfig.defaults(),
            new OpenControlPort(),
            new QueryCounters());
    DnsServer s = DnsServer.start(ServerConfig.of(List.of(loopback()), 1), stalled);
    server = s;
    InetSocketAddress address = s.addresses().get(0);
    assertThat(s.counters().udpDropped()).isZero();
    try (DatagramChannel c = DatagramChannel.open()) {
      Message q = Message.newQuery(Record.newRecord(new Name("h1", ZONE), Type.TXT, DClass.IN));
      q.addRecord( // RFC 7830 padding: a query of 1,200 bytes
          new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(12, new byte[1150]))),
          Section.ADDITIONAL);
      byte[] padded = q.toWire();
      for (int i = 0; i < 20_000; i++) { // 24 MB: several times the 4 MB the server asks for
        c.send(ByteBuffer.wrap(padded), address);
      }
    } finally {
      go.countDown();
    }
    assertThat(s.counters().udpDropped()).isGreaterThan(1000); // about 16,000 here
  }

  @ParameterizedTest
  @ValueSource(strings = {"own", "netty"})
  void closingStopsAnsweringAndFreesThePortAtOnce(String udp) throws Exception {
    InetSocketAddress address = start(udp, loopback());
    DnsServer s = java.util.Objects.requireNonNull(server);
    s.close();
    server = null;
    try (DatagramChannel c = DatagramChannel.open()) {
      c.bind(address); // no SO_REUSEPORT: fails while any socket of the server holds the port
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("tandem-udp-" + address.getPort() + "-"));
  }

  @Test
  void onLinuxWithJava22UdpIsAnsweredByTheOwnLoop() throws Exception {
    InetSocketAddress address = start("own", loopback());
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("tandem-udp-" + address.getPort() + "-"))
        .hasSize(2); // one per thread of the server's two
  }
}
