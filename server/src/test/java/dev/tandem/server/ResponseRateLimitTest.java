package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response rate limiting through real sockets: a burst over UDP from one network gets the rate in
 * whole answers, then truncated ones (every second limited response, slip 2) that send a real
 * client to TCP, and silence for the rest; over TCP the same client is answered in full.
 */
class ResponseRateLimitTest {
  private static final Name ZONE = Name.fromConstantString("rrl.test.");
  private static final Name HOST = Name.fromConstantString("h1.rrl.test.");
  private static final int RATE = 5;
  private static final int BURST = 40;

  private static DnsServer server;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() throws Exception {
    ServedZones served = ServedZones.of(List.of(TestZones.withTxt(ZONE, 3)));
    Responder responder = new Responder(() -> served, ResponderConfig.defaults());
    ServerConfig config =
        ServerConfig.of(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 2)
            .withRateLimit(new ResponseRateLimit(RATE, 2, 24, 56));
    server = DnsServer.start(config, responder);
    address = server.addresses().get(0);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static byte[] query(int id) {
    Message q = Message.newQuery(Record.newRecord(HOST, Type.TXT, DClass.IN));
    q.getHeader().setID(id);
    return q.toWire();
  }

  @Test
  void aUdpBurstGetsTheRateWholeThenTruncatedAnswersAndSilence() throws Exception {
    int whole = 0;
    int truncated = 0;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < BURST; i++) {
        byte[] q = query(i);
        s.send(new DatagramPacket(q, q.length, address));
      }
      s.setSoTimeout(1000);
      byte[] in = new byte[65535];
      while (true) {
        DatagramPacket p = new DatagramPacket(in, in.length);
        try {
          s.receive(p);
        } catch (SocketTimeoutException e) {
          break;
        }
        Message m = new Message(java.util.Arrays.copyOf(in, p.getLength()));
        if (m.getHeader().getFlag(Flags.TC)) {
          truncated++;
          assertThat(m.getSection(Section.ANSWER)).isEmpty();
          assertThat(m.getQuestion().getName()).isEqualTo(HOST);
        } else {
          whole++;
          assertThat(m.getSection(Section.ANSWER)).hasSize(1);
        }
      }
    }
    int dropped = BURST - whole - truncated;
    // The burst may straddle a second: at most twice the rate whole.
    assertThat(whole).isBetween(RATE, 2 * RATE);
    assertThat(truncated).isBetween((BURST - 2 * RATE) / 2, (BURST - RATE) / 2);
    assertThat(dropped).isEqualTo(BURST - whole - truncated).isPositive();
    assertThat(server.counters().rateLimitSlipped()).isEqualTo(truncated);
    assertThat(server.counters().rateLimitDropped()).isEqualTo(dropped);
  }

  @Test
  void tcpIsNeverLimited() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(address, 2000);
      s.setSoTimeout(5000);
      for (int i = 0; i < BURST; i++) {
        byte[] q = query(i);
        s.getOutputStream().write(new byte[] {(byte) (q.length >>> 8), (byte) q.length});
        s.getOutputStream().write(q);
      }
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int i = 0; i < BURST; i++) {
        byte[] r = new byte[in.readUnsignedShort()];
        in.readFully(r);
        Message m = new Message(r);
        assertThat(m.getHeader().getID()).isEqualTo(i);
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
      }
    }
  }
}
