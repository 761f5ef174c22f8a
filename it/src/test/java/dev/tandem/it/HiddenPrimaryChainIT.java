package dev.tandem.it;

import static dev.tandem.it.SecondaryInteropIT.awaitSerial;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hidden-primary chain with Tandem in the middle: a hidden knotd primary feeds Tandem, which
 * feeds a public knotd secondary by NOTIFY and zone transfer out, all TSIG-signed. A change on the
 * hidden primary reaches the far end, and the far end's copy equals the primary's.
 */
class HiddenPrimaryChainIT {
  private static final String ORIGIN = "interop.test.";
  private static final String KEY = "xfr.interop.test.";
  private static final String SECRET = "c2VjcmV0LWludGVyb3Atc2VjcmV0LWludGVyb3AtMTI=";

  @Test
  void aChangeOnTheHiddenPrimaryReachesTheSecondaryBehindTandem(@TempDir Path dir)
      throws Exception {
    int tandemPort = Peers.freePort();
    int downstreamPort = Peers.freePort();
    try (KnotProcess hidden =
        KnotProcess.startPrimary(
            dir.resolve("hidden"),
            ORIGIN,
            SecondaryInteropIT.zoneText(),
            KEY,
            SECRET,
            tandemPort)) {
      String[] args = {
        "--dns",
        "127.0.0.1:" + tandemPort,
        "--data",
        dir.resolve("data").toString(),
        "--tsig",
        KEY + "=hmac-sha256:" + SECRET,
        "--secondary",
        ORIGIN + "=127.0.0.1:" + hidden.port() + "@" + KEY,
        "--allow-transfer",
        ORIGIN + "=127.0.0.1@" + KEY,
        "--notify",
        ORIGIN + "=127.0.0.1:" + downstreamPort + "@" + KEY
      };
      TandemProcess tandem = TandemProcess.serve(dir.resolve("tandem"), args);
      try {
        awaitSerial(tandem.port(), hidden.serial(), Duration.ofSeconds(30));
        try (KnotProcess downstream =
            KnotProcess.startSecondary(
                dir.resolve("public"), downstreamPort, ORIGIN, tandem.port(), KEY, SECRET)) {
          awaitSerial(downstream.port(), hidden.serial(), Duration.ofSeconds(30));

          long changed = System.nanoTime();
          hidden.change("mail", "A", "192.0.2.99");
          awaitSerial(downstream.port(), hidden.serial(), Duration.ofSeconds(30));
          System.out.printf(
              "hidden knotd -> Tandem -> public knotd: a change served at the far end in %d ms%n",
              (System.nanoTime() - changed) / 1_000_000);

          assertThat(SecondaryInteropIT.axfr(downstream.port()))
              .isEqualTo(SecondaryInteropIT.axfr(hidden.port()));
          // Tandem kept the change it got by IXFR and passed it on by IXFR, not the whole zone.
          List<String> ixfr =
              Primary.logLines(downstream.log()).stream()
                  .filter(l -> l.contains("IXFR, incoming"))
                  .toList();
          assertThat(ixfr).anyMatch(l -> l.contains("finished"));
          assertThat(ixfr).noneMatch(l -> l.contains("fallback to AXFR"));
          assertThat(tandem.output()).contains("IXFR (incremental, from ");

          // The public secondary is down while a change passes through Tandem, which then
          // restarts: the change it passes on by IXFR comes from its stored journal.
          downstream.stop();
          hidden.change("mail", "A", "192.0.2.100");
          awaitSerial(tandem.port(), hidden.serial(), Duration.ofSeconds(30));
          tandem.close();
          tandem = TandemProcess.serve(dir.resolve("tandem-again"), args);
          downstream.restart();
          awaitSerial(downstream.port(), hidden.serial(), Duration.ofSeconds(30));
          assertThat(tandem.output()).contains("IXFR (incremental, from ");
          assertThat(SecondaryInteropIT.axfr(downstream.port()))
              .isEqualTo(SecondaryInteropIT.axfr(hidden.port()));
        }
      } finally {
        tandem.close();
      }
    }
  }
}
