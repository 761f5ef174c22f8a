package dev.tandem.control.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The configuration pasted at the other provider sends NOTIFY where Tandem listens. */
class SnippetsTest {
  @Test
  void bindNotifiesEveryListenerAtItsOwnPort() {
    Setup s =
        new Setup(
            Name.fromConstantString("example.com."),
            Setup.Strategy.SECONDARY,
            "192.0.2.1:53",
            Name.fromConstantString("xfr-key."),
            "hmac-sha256",
            "c2VjcmV0",
            List.of(Name.fromConstantString("ns1.tandem.example.")),
            Instant.parse("2026-01-01T00:00:00Z"),
            Map.of());
    Map<String, String> out =
        Snippets.of(
            s,
            List.of(
                new InetSocketAddress("192.0.2.53", 53), new InetSocketAddress("127.0.0.1", 5300)));
    assertThat(out.get("BIND named.conf"))
        .contains(
            "also-notify { 192.0.2.53 port 53 key \"xfr-key\"; 127.0.0.1 port 5300 key"
                + " \"xfr-key\"; };");
    assertThat(out.get("NSD nsd.conf")).contains("notify: 192.0.2.53@53 xfr-key");
  }
}
