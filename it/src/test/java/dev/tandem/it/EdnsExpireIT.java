package dev.tandem.it;

import static dev.tandem.it.SecondaryInteropIT.awaitSerial;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 7314 along a chain: a secondary that transfers from another secondary learns, from the EDNS
 * EXPIRE option, how long the upstream copy has left, and expires no later than it, not a full SOA
 * EXPIRE after its own transfer.
 */
class EdnsExpireIT {
  private static final String ORIGIN = "interop.test.";
  private static final String KEY = "xfr.interop.test.";
  private static final String SECRET = "c2VjcmV0LWludGVyb3Atc2VjcmV0LWludGVyb3AtMTI=";

  @Test
  void aSecondaryOfASecondaryExpiresWhenItsUpstreamDoes(@TempDir Path dir) throws Exception {
    int upstreamPort = Peers.freePort();
    try (KnotProcess primary =
        KnotProcess.startPrimary(
            dir.resolve("knot"),
            ORIGIN,
            SecondaryInteropIT.zoneText(),
            KEY,
            SECRET,
            upstreamPort)) {
      Path upstreamData = dir.resolve("up");
      TandemProcess upstream =
          TandemProcess.serve(
              dir.resolve("up-run"),
              "--dns",
              "127.0.0.1:" + upstreamPort,
              "--data",
              upstreamData.toString(),
              "--tsig",
              KEY + "=hmac-sha256:" + SECRET,
              "--secondary",
              ORIGIN + "=127.0.0.1:" + primary.port() + "@" + KEY,
              "--allow-transfer",
              ORIGIN + "=127.0.0.1@" + KEY);
      try {
        awaitSerial(upstream.port(), primary.serial(), Duration.ofSeconds(30));
        primary.stop();
        Thread.sleep(4_000); // the upstream's copy ages; its SOA EXPIRE is 12 s

        Path downstreamData = dir.resolve("down");
        TandemProcess downstream =
            TandemProcess.serve(
                dir.resolve("down-run"),
                "--dns",
                "127.0.0.1:" + Peers.freePort(),
                "--data",
                downstreamData.toString(),
                "--tsig",
                KEY + "=hmac-sha256:" + SECRET,
                "--secondary",
                ORIGIN + "=127.0.0.1:" + upstream.port() + "@" + KEY);
        try {
          awaitSerial(downstream.port(), 1, Duration.ofSeconds(30));
          Instant up = expiresAt(dir, upstreamData);
          Instant down = expiresAt(dir, downstreamData);
          // Without EXPIRE the downstream copy would last 12 s from its transfer, 4 s longer.
          assertThat(down).isBefore(up.plusSeconds(2));
        } finally {
          downstream.close();
        }
      } finally {
        upstream.close();
      }
    }
  }

  private static Instant expiresAt(Path dir, Path data) throws Exception {
    TandemProcess.Result r =
        TandemProcess.run(dir, "zone", "status", ORIGIN, "--json", "--data", data.toString());
    List<?> zones = Json.list(Json.parse(r.out().trim()), "zones");
    return Instant.parse(Json.string(zones.get(0), "expiresAt"));
  }
}
