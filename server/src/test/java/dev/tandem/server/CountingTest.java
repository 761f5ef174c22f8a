package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.engine.QueryCounters;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.engine.Transport;
import dev.tandem.dns.zone.Transfer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Through real sockets: answers over UDP and TCP are counted by RCODE and transport, and a zone
 * transfer out is reported to the control plane when the connection has sent it whole, or when the
 * client hangs up in the middle of it.
 */
class CountingTest {
  private static final Name SMALL = Name.fromConstantString("small.test.");
  private static final Name LARGE = Name.fromConstantString("large.test.");

  private static final OpenControlPort PORT = new OpenControlPort();
  private static final BlockingQueue<Transfer> reports = PORT.reports;
  private static final QueryCounters counters = new QueryCounters();
  private static DnsServer server;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() throws Exception {
    ServedZones served =
        ServedZones.of(List.of(TestZones.withTxt(SMALL, 10), TestZones.withTxt(LARGE, 100_000)));
    Responder responder = new Responder(() -> served, ResponderConfig.defaults(), PORT, counters);
    server =
        DnsServer.start(
            ServerConfig.of(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 1),
            responder);
    address = server.addresses().get(0);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static byte[] query(Name name, int type) {
    return Message.newQuery(Record.newRecord(name, type, DClass.IN)).toWire();
  }

  private static Message udp(byte[] query) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(5000);
      s.send(new DatagramPacket(query, query.length, address));
      byte[] in = new byte[65535];
      DatagramPacket p = new DatagramPacket(in, in.length);
      s.receive(p);
      return new Message(java.util.Arrays.copyOf(in, p.getLength()));
    }
  }

  /** The next report about {@code zone}, skipping others. */
  private static Transfer reportOf(Name zone) throws InterruptedException {
    while (true) {
      Transfer r = reports.poll(10, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no transfer of " + zone + " reported");
      }
      if (r.zone().equals(zone)) {
        return r;
      }
    }
  }

  private static byte[] read(DataInputStream in) throws IOException {
    byte[] m = new byte[in.readUnsignedShort()];
    in.readFully(m);
    return m;
  }

  @Test
  void answersAreCountedByRcodeAndTransportAndTransfersReportedWhenSent() throws Exception {
    long noerrorUdp = counters.responses(Rcode.NOERROR, Transport.UDP);
    long nxdomain = counters.responses(Rcode.NXDOMAIN, Transport.UDP);
    long refused = counters.responses(Rcode.REFUSED, Transport.UDP);
    long noerrorTcp = counters.responses(Rcode.NOERROR, Transport.TCP);
    long axfrs = counters.queries(Type.AXFR);

    assertThat(udp(query(new Name("ns1", SMALL), Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(udp(query(new Name("nx", SMALL), Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(udp(query(Name.fromConstantString("example."), Type.A)).getRcode())
        .isEqualTo(Rcode.REFUSED);

    int messages = 0;
    try (Socket s = new Socket()) {
      s.connect(address, 2000);
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] axfr = query(SMALL, Type.AXFR);
      out.writeShort(axfr.length);
      out.write(axfr);
      out.flush();
      int soas = 0;
      while (soas < 2) {
        Message m = new Message(read(in));
        messages++;
        for (Record r : m.getSection(org.xbill.DNS.Section.ANSWER)) {
          soas += r.getType() == Type.SOA ? 1 : 0;
        }
      }
    }

    assertThat(counters.responses(Rcode.NOERROR, Transport.UDP) - noerrorUdp).isEqualTo(1);
    assertThat(counters.responses(Rcode.NXDOMAIN, Transport.UDP) - nxdomain).isEqualTo(1);
    assertThat(counters.responses(Rcode.REFUSED, Transport.UDP) - refused).isEqualTo(1);
    // A transfer is one response however many messages it takes.
    assertThat(counters.responses(Rcode.NOERROR, Transport.TCP) - noerrorTcp).isEqualTo(1);
    assertThat(counters.queries(Type.AXFR) - axfrs).isEqualTo(1);

    Transfer t = reportOf(SMALL);
    assertThat(t.zone()).isEqualTo(SMALL);
    assertThat(t.kind()).isEqualTo(Transfer.Kind.AXFR);
    assertThat(t.result()).isEqualTo(Transfer.Result.OK);
    assertThat(t.toSerial()).isEqualTo(7);
    assertThat(t.records()).isEqualTo(14); // SOA, NS, A, 10 TXT, SOA
    assertThat(t.bytes()).isGreaterThan(10 * 250);
    assertThat(t.millis()).isNotNegative();
    assertThat(t.error()).isNull();
    assertThat(messages).isPositive();
  }

  @Test
  void aTransferTheClientAbandonsIsReportedFailed() throws Exception {
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(address, 2000);
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] axfr = query(LARGE, Type.AXFR);
      out.writeShort(axfr.length);
      out.write(axfr);
      out.flush();
      read(in); // the first message of some 25 MB: then hang up, hard
      s.setSoLinger(true, 0);
    }

    Transfer t = reportOf(LARGE);
    assertThat(t.result()).isEqualTo(Transfer.Result.FAILED);
    assertThat(t.error()).contains("closed");
    assertThat(t.records()).isPositive().isLessThan(100_004);
  }
}
