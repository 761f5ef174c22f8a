package dev.tandem.control.zone;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The last changes of a zone, kept in memory so that IXFR out (RFC 1995) is answered without
 * reading the store: contiguous steps leading to the served serial, oldest first, bounded by depth,
 * by records and by age. A client older than the oldest step gets the whole zone.
 *
 * <p>Immutable: a change makes a new window ({@link #with}), published together with the version it
 * leads to, so that network threads read both without a lock. Copying at most a few thousand
 * references per change costs less than any lock a reader would wait on.
 */
public final class JournalWindow {

  /**
   * How much is kept.
   *
   * @param steps at most this many changes
   * @param records at most this many records over all changes (the newest change is always kept)
   * @param age changes older than this are dropped
   */
  public record Limits(int steps, long records, Duration age) {
    public static final Limits DEFAULT =
        new Limits(ZoneStore.JOURNAL_KEPT, 500_000, Duration.ofDays(14));

    public Limits {
      if (steps < 1 || steps > 1_000_000) {
        throw new IllegalArgumentException("journal depth must be 1 to 1000000, not " + steps);
      }
      if (records < 1) {
        throw new IllegalArgumentException("journal records must be positive, not " + records);
      }
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("journal age must be positive, not " + age);
      }
    }
  }

  private final Limits limits;
  private final List<JournalStep> steps;
  private final long records;

  private JournalWindow(Limits limits, List<JournalStep> steps, long records) {
    this.limits = limits;
    this.steps = steps;
    this.records = records;
  }

  /** No changes kept yet. */
  public static JournalWindow empty(Limits limits) {
    return new JournalWindow(limits, List.of(), 0);
  }

  public Limits limits() {
    return limits;
  }

  public int size() {
    return steps.size();
  }

  /** The kept steps, oldest first. */
  public List<JournalStep> steps() {
    return steps;
  }

  /** No steps kept: the version served came whole (a zone file, an AXFR). */
  public JournalWindow cleared() {
    return steps.isEmpty() ? this : empty(limits);
  }

  /**
   * This window with {@code step}, which follows the newest kept one, added, and what falls out of
   * bounds dropped. A step that does not follow starts a new window (the older steps no longer lead
   * here).
   */
  public JournalWindow with(JournalStep step, Instant now) {
    List<JournalStep> next = new ArrayList<>(steps.size() + 1);
    long total = 0;
    if (steps.isEmpty() || steps.get(steps.size() - 1).to() == step.from()) {
      next.addAll(steps);
      total = records;
    }
    next.add(step);
    return trim(next, total + step.records(), now);
  }

  /** This window under new limits: what they no longer keep is dropped (the newest step stays). */
  public JournalWindow withLimits(Limits next, Instant now) {
    return new JournalWindow(next, steps, records).trimmed(now);
  }

  /** This window without what is too old, too many or too large (the newest step always stays). */
  public JournalWindow trimmed(Instant now) {
    return trim(new ArrayList<>(steps), records, now);
  }

  private JournalWindow trim(List<JournalStep> kept, long total, Instant now) {
    Instant oldest = now.minus(limits.age());
    int drop = 0;
    while (kept.size() - drop > 1
        && (kept.size() - drop > limits.steps()
            || total > limits.records()
            || kept.get(drop).at().isBefore(oldest))) {
      total -= kept.get(drop).records();
      drop++;
    }
    return new JournalWindow(limits, List.copyOf(kept.subList(drop, kept.size())), total);
  }

  /**
   * The stored journal's last changes, those that chain up to {@code serial}, or null if the
   * journal could not be read.
   */
  public static @Nullable JournalWindow load(
      ZoneStore store, Name zone, long serial, Limits limits, Instant now) {
    List<JournalStep> journal;
    try {
      journal = store.journal(zone);
    } catch (StoreException e) {
      return null;
    }
    return of(journal, serial, limits, now);
  }

  /** The last changes of {@code journal} (oldest first) that chain up to {@code serial}. */
  public static JournalWindow of(
      List<JournalStep> journal, long serial, Limits limits, Instant now) {
    List<JournalStep> chain = new ArrayList<>();
    long to = serial;
    for (int i = journal.size() - 1; i >= 0 && chain.size() < limits.steps(); i--) {
      JournalStep e = journal.get(i);
      if (e.to() != to) {
        break;
      }
      chain.add(e);
      to = e.from();
    }
    JournalWindow w = empty(limits);
    for (int i = chain.size() - 1; i >= 0; i--) {
      w = w.with(chain.get(i), now);
    }
    return w;
  }

  /**
   * The kept changes from serial {@code from} to {@code to}, or null if they are not all kept (see
   * {@link ManagedZone#changes}).
   */
  public @Nullable List<ZoneDiff> changes(long from, long to) {
    List<ZoneDiff> out = new ArrayList<>();
    long at = from;
    for (JournalStep step : steps) {
      if (out.isEmpty() && step.from() != from) {
        continue; // older than what the client has
      }
      if (step.from() != at) {
        return null;
      }
      out.add(step.diff());
      at = step.to();
      if (at == to) {
        return out;
      }
    }
    return null;
  }
}
