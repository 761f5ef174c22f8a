package dev.tandem.control.zone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneDiff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * The changes kept for IXFR out (RFC 1995): bounded by depth, by records and by age, the newest
 * always kept; a client older than what is kept gets the whole zone (null here).
 */
class JournalWindowTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  /** The change from serial {@code from} to {@code from + 1}, made {@code at}, of {@code n} A. */
  private static JournalStep step(long from, int n, Instant at) {
    List<Record> removed = new ArrayList<>(List.of(soa(from)));
    List<Record> added = new ArrayList<>(List.of(soa(from + 1)));
    for (int i = 0; i < n; i++) {
      added.add(
          new ARecord(
              Name.fromConstantString("h" + from + "-" + i + ".example.com."),
              DClass.IN,
              300,
              java.net.InetAddress.getLoopbackAddress()));
    }
    return new JournalStep(from, from + 1, new ZoneDiff(removed, added), at);
  }

  private static SOARecord soa(long serial) {
    return new SOARecord(ZONE, DClass.IN, 300, ZONE, ZONE, serial, 3600, 600, 86400, 300);
  }

  private static JournalWindow keep(
      JournalWindow.Limits limits, int changes, int records, Duration apart) {
    JournalWindow w = JournalWindow.empty(limits);
    Instant at = T0;
    for (long s = 1; s <= changes; s++) {
      w = w.with(step(s, records, at), at);
      at = at.plus(apart);
    }
    return w;
  }

  @Test
  void theDepthBoundsHowManyChangesAreKept() {
    JournalWindow w =
        keep(new JournalWindow.Limits(3, 1_000_000, Duration.ofDays(1)), 5, 1, Duration.ZERO);

    assertThat(w.steps()).extracting(JournalStep::from).containsExactly(3L, 4L, 5L);
    assertThat(w.changes(3, 6)).hasSize(3);
    assertThat(w.changes(2, 6)).as("older than the window: the whole zone").isNull();
  }

  @Test
  void theRecordLimitDropsTheOldestChangesFirst() {
    // Each change is 2 SOAs and 10 A records: 12. Room for 30 records keeps two changes.
    JournalWindow w =
        keep(new JournalWindow.Limits(1000, 30, Duration.ofDays(1)), 5, 10, Duration.ZERO);

    assertThat(w.steps()).extracting(JournalStep::from).containsExactly(4L, 5L);
    assertThat(w.changes(3, 6)).isNull();
    assertThat(w.changes(4, 6)).hasSize(2);
  }

  @Test
  void theNewestChangeIsKeptEvenWhenItAloneIsOverTheRecordLimit() {
    JournalWindow w =
        keep(new JournalWindow.Limits(1000, 5, Duration.ofDays(1)), 3, 10, Duration.ZERO);

    assertThat(w.steps()).extracting(JournalStep::from).containsExactly(3L);
    assertThat(w.changes(3, 4)).hasSize(1);
  }

  @Test
  void changesOlderThanTheAgeLimitAreDropped() {
    // A change an hour; kept for a day and a half: 36 hours' changes, then they age out.
    JournalWindow.Limits limits = new JournalWindow.Limits(1000, 1_000_000, Duration.ofHours(36));
    JournalWindow w = keep(limits, 48, 1, Duration.ofHours(1));

    assertThat(w.size()).isEqualTo(37); // the changes made at T0+11h ... T0+47h
    assertThat(w.steps().get(0).at()).isEqualTo(T0.plus(Duration.ofHours(11)));
    assertThat(w.changes(11, 49)).isNull();
    assertThat(w.changes(12, 49)).hasSize(37);

    JournalWindow later = w.trimmed(T0.plus(Duration.ofHours(47 + 30)));
    assertThat(later.steps())
        .as("trimmed with no change coming: the age still counts")
        .extracting(JournalStep::from)
        .containsExactly(42L, 43L, 44L, 45L, 46L, 47L, 48L);
  }

  @Test
  void aChangeThatDoesNotFollowStartsANewWindow() {
    JournalWindow w = keep(JournalWindow.Limits.DEFAULT, 3, 1, Duration.ZERO);

    JournalWindow after = w.with(step(10, 1, T0), T0);

    assertThat(after.steps()).extracting(JournalStep::from).containsExactly(10L);
    assertThat(after.changes(1, 4)).isNull();
    assertThat(w.steps()).as("the window it came from is unchanged").hasSize(3);
  }
}
