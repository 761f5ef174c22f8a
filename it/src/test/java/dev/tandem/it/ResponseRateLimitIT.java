package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * {@code --rrl-rate} and {@code --rrl-slip} as an operator sets them: a burst from one client over
 * UDP gets the rate in answers, truncated answers for some of the rest (which it retries over TCP,
 * answered in full), and {@code /metrics} counts what was slipped and dropped.
 */
class ResponseRateLimitIT {
  @Test
  void aUdpBurstIsLimitedSlippedToTcpAndCounted(@TempDir Path dir) throws Exception {
    int httpPort = Peers.freePort();
    try (TandemProcess tandem =
            TandemProcess.serve(
                dir.resolve("run"),
                "--dns",
                "127.0.0.1:0",
                "--http",
                "127.0.0.1:" + httpPort,
                "--rrl-rate",
                "10",
                "--rrl-slip",
                "2");
        DnsClient client = new DnsClient(tandem.port())) {
      int burst = 60;
      for (int i = 0; i < burst; i++) {
        Message q = CommandLineIT.query("www.example.test.", Type.A);
        q.getHeader().setID(i);
        client.send(q.toWire());
      }
      int whole = 0;
      int truncated = 0;
      for (byte[] r = client.receive(); r != null; r = client.receive()) {
        if (new Message(r).getHeader().getFlag(Flags.TC)) {
          truncated++;
        } else {
          whole++;
        }
      }
      assertThat(whole).isBetween(10, 20); // a burst may straddle two seconds
      assertThat(truncated).isPositive();
      Message retried = client.tcp(CommandLineIT.query("www.example.test.", Type.A));
      assertThat(retried.getHeader().getFlag(Flags.TC)).isFalse();
      assertThat(retried.getSectionArray(org.xbill.DNS.Section.ANSWER)).isNotEmpty();

      String metrics = SecondaryInteropIT.metrics(httpPort);
      String name = "tandem_rrl_responses_total";
      assertThat(MetricsIT.counter(metrics, name, "action=\"slipped\"")).isEqualTo(truncated);
      assertThat(MetricsIT.counter(metrics, name, "action=\"dropped\""))
          .isEqualTo(burst - whole - truncated);
      // what the limit dropped is its own: the kernel lost none of the burst before it
      assertThat(metrics.lines()).contains("tandem_udp_dropped_total 0.0");
    }
  }
}
