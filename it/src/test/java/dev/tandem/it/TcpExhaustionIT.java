package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New TCP clients (a truncated answer's retry, a secondary's IXFR) are answered while an attacker
 * holds as many connections as it can (issue 14), here at a tenth of the scale: before, the
 * attacker held every slot and no new client got an answer.
 */
class TcpExhaustionIT {
  @TempDir static Path dir;
  static TandemProcess tandem;
  static int httpPort;

  @BeforeAll
  static void start() throws Exception {
    httpPort = Peers.freePort();
    tandem =
        TandemProcess.serve(
            dir.resolve("run"),
            "--dns",
            "127.0.0.1:0",
            "--http",
            "127.0.0.1:" + httpPort,
            "--tcp-max-connections",
            "100",
            "--tcp-message-timeout",
            "1000");
  }

  @AfterAll
  static void stop() throws Exception {
    tandem.close();
  }

  private static InetAddress client() throws Exception {
    return InetAddress.getByName("127.0.0.2");
  }

  @Test
  void newClientsAreAnsweredWhileSlowlorisConnectionsFromManyAddressesFillTheServer()
      throws Exception {
    TcpExhaustion.Result r =
        TcpExhaustion.run(
            TcpExhaustion.Attack.SLOWLORIS,
            tandem.port(),
            150,
            Duration.ofSeconds(10),
            50,
            client());
    assertThat(r.answered()).as(r.toString()).isGreaterThanOrEqualTo(r.tried() * 3 / 4);
    String metrics = SecondaryInteropIT.metrics(httpPort);
    assertThat(MetricsIT.counter(metrics, "tandem_tcp_connections_closed_total", "reason=\"slow\""))
        .isPositive();
  }

  @Test
  void newClientsAreAnsweredWhileIdleConnectionsAreOpenedAndReopened() throws Exception {
    TcpExhaustion.Result r =
        TcpExhaustion.run(
            TcpExhaustion.Attack.IDLE, tandem.port(), 300, Duration.ofSeconds(10), 50, client());
    assertThat(r.answered()).as(r.toString()).isGreaterThanOrEqualTo(r.tried() * 3 / 4);
    String metrics = SecondaryInteropIT.metrics(httpPort);
    assertThat(
            MetricsIT.counter(metrics, "tandem_tcp_connections_closed_total", "reason=\"evicted\""))
        .isPositive();
  }

  @Test
  void aClientSharingTheAttackersAddressIsAnsweredToo() throws Exception {
    TcpExhaustion.Result r =
        TcpExhaustion.run(
            TcpExhaustion.Attack.IDLE,
            tandem.port(),
            300,
            Duration.ofSeconds(10),
            1,
            InetAddress.getLoopbackAddress());
    assertThat(r.answered()).as(r.toString()).isGreaterThanOrEqualTo(r.tried() * 3 / 4);
  }
}
