package dev.tandem.control.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.store.SqliteZoneStore;
import dev.tandem.store.ZoneStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** A setup left at step 3 is there, as it was, after the server (and its store) restarts. */
class SetupsTest {
  @TempDir Path dir;

  @Test
  void aSetupsProgressSurvivesTheStoreBeingOpenedAgain() {
    Setup s =
        new Setup(
                Name.fromConstantString("example.com."),
                Setup.Strategy.SECONDARY,
                "192.0.2.1:5353",
                Name.fromConstantString("xfr-key."),
                "hmac-sha256",
                "c2VjcmV0",
                List.of(Name.fromConstantString("ns1.tandem.example.")),
                Instant.parse("2026-01-01T00:00:00Z"),
                Map.of())
            .with(
                Setup.Step.ZONE_DATA,
                new Setup.Result(
                    Setup.Outcome.PASSED,
                    List.of("✓ AXFR allowed"),
                    Instant.parse("2026-01-01T00:01:00Z")))
            .with(
                Setup.Step.NS_RECORDS,
                new Setup.Result(
                    Setup.Outcome.FAILED,
                    List.of("✗ ns1.a. lists ns1.a.: add ns1.tandem.example."),
                    Instant.parse("2026-01-01T00:02:00Z")));
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"))) {
      new Setups(store).save(s);
    }
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"))) {
      Setup back = new Setups(store).get(s.zone()).orElseThrow();
      assertThat(back).isEqualTo(s);
      assertThat(back.result(Setup.Step.REGISTRAR).outcome()).isEqualTo(Setup.Outcome.NOT_CHECKED);
      assertThat(back.done()).isFalse();
      assertThat(new Setups(store).all()).containsExactly(back);
    }
  }
}
