package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * A zone whose signatures are about to expire, or have, says so: in {@code zone status}, in the
 * log, and in /metrics. (A secondary's primary that stops re-signing shows up this way days before
 * validating resolvers start failing the domain.)
 */
class SignatureFreshnessIT {
  private static final Name ORIGIN = Name.fromConstantString("signed.test.");

  @Test
  void signaturesNearExpiryAndExpiredAreReported(@TempDir Path dir) throws Exception {
    Path source = SignedZones.sourceZone(dir);
    Instant now = Instant.now();
    SignedZones.Signed soon =
        SignedZones.sign(
            dir.resolve("soon"),
            ORIGIN,
            source,
            SignedZones.Form.NSEC,
            now.minus(Duration.ofDays(29)),
            now.plus(Duration.ofHours(6)));
    SignedZones.Signed past =
        SignedZones.sign(
            dir.resolve("past"),
            ORIGIN,
            source,
            SignedZones.Form.NSEC3,
            now.minus(Duration.ofDays(30)),
            now.minus(Duration.ofHours(1)));
    SignedZones.Signed fresh =
        SignedZones.sign(dir.resolve("fresh"), ORIGIN, source, SignedZones.Form.NSEC);

    Report r = serve(dir.resolve("run-soon"), soon.file(), true);
    assertThat(r.status()).contains("\"signatures\":{\"state\":\"near-expiry\"");
    assertThat(r.stale()).isEqualTo(1.0);
    assertThat(r.expiresIn()).isBetween(5.0 * 3600, 6.0 * 3600);
    assertThat(r.log()).contains("served signatures expire soon: the RRSIG over");

    r = serve(dir.resolve("run-past"), past.file(), true);
    assertThat(r.status()).contains("\"signatures\":{\"state\":\"expired\"");
    assertThat(r.stale()).isEqualTo(1.0);
    assertThat(r.expiresIn()).isBetween(-3700.0, -3500.0);
    assertThat(r.log()).contains("served signatures have expired");

    r = serve(dir.resolve("run-fresh"), fresh.file(), false);
    assertThat(r.status()).contains("\"signatures\":{\"state\":\"ok\"");
    assertThat(r.stale()).isEqualTo(0.0);
    assertThat(r.log()).doesNotContain("served signatures");
  }

  private record Report(String status, double stale, double expiresIn, String log) {}

  /** Serves the file, waits for the first freshness check (10 s after start), and reads back. */
  private static Report serve(Path dir, Path zone, boolean stale) throws Exception {
    Path data = dir.resolve("data");
    int http = Peers.freePort();
    try (TandemProcess tandem =
        TandemProcess.serve(
            dir,
            "--dns",
            "127.0.0.1:0",
            "--zone",
            ORIGIN + "=" + zone,
            "--data",
            data.toString(),
            "--http",
            "127.0.0.1:" + http)) {
      String status =
          TandemProcess.run(
                  dir, "zone", "status", ORIGIN.toString(), "--json", "--data", data.toString())
              .out();
      String metrics = SecondaryInteropIT.metrics(http);
      // The check runs 10 s after start; a stale zone's line is awaited, a fresh one's absence
      // is seen after the check has had its time.
      Instant deadline = Instant.now().plusSeconds(stale ? 30 : 13);
      String log = tandem.output();
      while (!log.contains("served signatures") && Instant.now().isBefore(deadline)) {
        Thread.sleep(500);
        log = tandem.output();
      }
      return new Report(
          status,
          SecondaryInteropIT.gauge(metrics, "tandem_zone_signatures_stale", ORIGIN),
          SecondaryInteropIT.gauge(metrics, "tandem_zone_signatures_expire_in_seconds", ORIGIN),
          log);
    }
  }
}
