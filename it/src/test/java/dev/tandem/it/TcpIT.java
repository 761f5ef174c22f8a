package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS over TCP as RFC 7766 asks: pipelining, full answers, idle timeout, connection cap (where an
 * idle connection gives way to a new one).
 */
class TcpIT {
  @TempDir static Path dir;
  static TandemProcess tandem;

  @BeforeAll
  static void start() throws Exception {
    Path zone = dir.resolve("corner.test.zone");
    try (InputStream in =
        Objects.requireNonNull(TcpIT.class.getResourceAsStream("/zones/corner.test.zone"))) {
      Files.copy(in, zone, StandardCopyOption.REPLACE_EXISTING);
    }
    tandem =
        TandemProcess.serve(
            dir.resolve("run"),
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "corner.test=" + zone,
            "--threads",
            "2",
            "--tcp-idle-timeout",
            "2",
            "--tcp-max-connections",
            "3");
  }

  @AfterAll
  static void stop() throws Exception {
    tandem.close();
  }

  @Test
  void pipelinedQueriesOnOneConnectionAreAllAnsweredInOrder() throws Exception {
    String[] names = {"www", "mail", "ns1", "nx", "sip", "multi", "c1", "foo.wild"};
    try (Socket s = connect()) {
      // All queries in one write, before reading anything.
      java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
      List<Integer> ids = new ArrayList<>();
      for (String n : names) {
        Message q = CommandLineIT.query(n + ".corner.test.", Type.A);
        ids.add(q.getHeader().getID());
        byte[] w = q.toWire();
        batch.write(w.length >>> 8);
        batch.write(w.length);
        batch.write(w);
      }
      s.getOutputStream().write(batch.toByteArray());
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int i = 0; i < names.length; i++) {
        Message r = read(in);
        assertThat(r.getHeader().getID()).isEqualTo(ids.get(i));
        assertThat(r.getQuestion().getName().toString()).startsWith(names[i] + ".");
      }
    }
  }

  @Test
  void anAnswerTruncatedOverUdpComesWholeOverTcp() throws Exception {
    try (DnsClient c = new DnsClient(tandem.port())) {
      Message q = CommandLineIT.query("big.corner.test.", Type.TXT);
      Message udp = c.udp(q);
      assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
      Message tcp = c.tcp(q);
      assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
      assertThat(tcp.getSection(Section.ANSWER)).hasSize(16);
      Message edns = CommandLineIT.query("big.corner.test.", Type.TXT);
      edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
      Message udpEdns = c.udp(edns);
      assertThat(udpEdns.getHeader().getFlag(Flags.TC)).isTrue();
      assertThat(udpEdns.toWire().length).isLessThanOrEqualTo(1232);
    }
  }

  @Test
  void anIdleConnectionIsClosedByTheServer() throws Exception {
    try (Socket s = connect()) {
      s.setSoTimeout(15_000);
      assertThat(s.getInputStream().read())
          .as("end of stream after the idle timeout")
          .isEqualTo(-1);
    }
  }

  @Test
  void atTheCapAnIdleConnectionMakesRoomForANewOne() throws Exception {
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = connect();
        open.add(s);
        assertThat(ask(s, "www").getRcode()).isEqualTo(Rcode.NOERROR);
        Thread.sleep(20);
      }
      try (Socket extra = connect()) {
        extra.setSoTimeout(5000);
        assertThat(askOrEof(extra)).as("the fourth connection is answered").isNotNull();
      }
      // One of the idle ones made room (the one idle longest on the new one's event loop).
      int closed = 0;
      for (Socket s : open) {
        closed += askOrEof(s) == null ? 1 : 0;
      }
      assertThat(closed).isEqualTo(1);
    } finally {
      for (Socket s : open) {
        s.close();
      }
    }
    // Closing the others frees the slots.
    long deadline = System.nanoTime() + 10_000_000_000L;
    Message answered = null;
    while (answered == null && System.nanoTime() < deadline) {
      try (Socket s = connect()) {
        answered = askOrEof(s);
      }
      Thread.sleep(50);
    }
    assertThat(answered).isNotNull();
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tandem.port()), 2000);
    s.setSoTimeout(5000);
    return s;
  }

  private static Message ask(Socket s, String label) throws Exception {
    byte[] w = CommandLineIT.query(label + ".corner.test.", Type.A).toWire();
    s.getOutputStream().write(new byte[] {(byte) (w.length >>> 8), (byte) w.length});
    s.getOutputStream().write(w);
    return read(new DataInputStream(s.getInputStream()));
  }

  private static Message askOrEof(Socket s) throws Exception {
    try {
      return ask(s, "www");
    } catch (java.io.EOFException | java.net.SocketException e) {
      return null;
    }
  }

  private static Message read(DataInputStream in) throws IOException {
    int len = in.readUnsignedShort();
    byte[] b = new byte[len];
    in.readFully(b);
    return new Message(b);
  }
}
