package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * DNS over TCP frames every message with a two-byte length (RFC 1035 section 4.2.2), so a message
 * may be up to 65535 bytes long (RFC 7766 section 8), and a server must read one that long rather
 * than drop the connection.
 */
class TcpFramingTest {
  private static DnsServer server;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() throws ListenException {
    Responder responder = new Responder(() -> ServedZones.EMPTY, ResponderConfig.defaults());
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

  /**
   * A well-formed query of exactly {@code size} bytes: a question for www.example. and, in the
   * additional section, one record whose rdata fills the rest.
   */
  private static byte[] queryOfSize(int id, int size) {
    byte[] qname = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putShort((short) id).putShort((short) 0).putShort((short) 1).putShort((short) 0);
    b.putShort((short) 0).putShort((short) 1);
    b.put(qname).putShort((short) 1).putShort((short) 1);
    int rdlength = size - b.position() - 11;
    b.put((byte) 0).putShort((short) 16).putShort((short) 1).putInt(0).putShort((short) rdlength);
    return b.array(); // the rdata: zeros up to the end
  }

  @ParameterizedTest
  @ValueSource(ints = {65533, 65534, 65535})
  void theLongestMessagesTcpCanCarryAreAnswered(int size) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(address, 2000);
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] query = queryOfSize(0x1234, size);
      assertThat(query).hasSize(size);
      out.writeShort(size);
      out.write(query);
      byte[] small = queryOfSize(0x5678, 100);
      out.writeShort(small.length);
      out.write(small);
      out.flush();

      for (int id : new int[] {0x1234, 0x5678}) {
        byte[] response = new byte[in.readUnsignedShort()];
        in.readFully(response);
        Message m = new Message(response);
        assertThat(m.getHeader().getID()).isEqualTo(id);
        assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED); // no zones: answered, not dropped
      }
    }
  }
}
