package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server refuses an address another socket already serves, as knotd and nsd do, although its own
 * sockets share every address through SO_REUSEPORT: before, a second server on the address bound
 * too and took half the first one's traffic without a word.
 */
class AddressInUseTest {
  private static final Responder RESPONDER =
      new Responder(() -> ServedZones.EMPTY, ResponderConfig.defaults());

  private static DnsServer start(InetSocketAddress address) throws ListenException {
    return DnsServer.start(ServerConfig.of(List.of(address), 2), RESPONDER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void aSecondServerOnTheSameAddressDoesNotStart(String ip) throws Exception {
    try (DnsServer first = start(new InetSocketAddress(InetAddress.getByName(ip), 0))) {
      InetSocketAddress taken = first.addresses().get(0);
      assertThatThrownBy(() -> start(taken).close())
          .isInstanceOf(ListenException.class)
          .hasMessageContaining("cannot listen on " + ListenAddress.format(taken) + " (UDP)")
          .hasMessageContaining("address already in use");
      // The first still serves, and alone: when it is gone the address is free again.
      assertThat(first.addresses()).containsExactly(taken);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"UDP", "TCP"})
  void anAddressServedWithSoReuseportByAnotherProgramIsInUse(String proto) throws Exception {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (var udp = DatagramChannel.open();
        var tcp = ServerSocketChannel.open()) {
      InetSocketAddress taken;
      if (proto.equals("UDP")) {
        udp.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        udp.bind(any);
        taken = (InetSocketAddress) udp.getLocalAddress();
      } else {
        tcp.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        tcp.bind(any);
        taken = (InetSocketAddress) tcp.getLocalAddress();
      }
      assertThatThrownBy(() -> start(taken).close())
          .isInstanceOf(ListenException.class)
          .hasMessageContaining("(" + proto + ")")
          .hasMessageContaining("address already in use");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void theAddressIsFreeAgainOnceTheServerIsClosed(String ip) throws Exception {
    InetSocketAddress address;
    try (DnsServer first = start(new InetSocketAddress(InetAddress.getByName(ip), 0))) {
      address = first.addresses().get(0);
    }
    try (DnsServer again = start(address)) {
      assertThat(again.addresses()).containsExactly(address);
    }
  }
}
