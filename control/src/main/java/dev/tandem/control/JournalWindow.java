package dev.tandem.control;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The last changes of a zone, kept in memory so that IXFR out (RFC 1995) is answered without
 * reading the store: contiguous steps leading to the served serial, oldest first, bounded by depth,
 * by records and by age. A client older than the oldest step gets the whole zone.
 *
 * <p>Not thread-safe: its zone guards it.
 */
public final class JournalWindow {

  /** One change: from one serial to the next, and when it was made. */
  record Step(long from, long to, ZoneDiff diff, Instant at) {
    int records() {
      return diff.removed().size() + diff.added().size();
    }
  }

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
  private final ArrayDeque<Step> steps = new ArrayDeque<>();
  private long records;

  JournalWindow(Limits limits) {
    this.limits = limits;
  }

  int size() {
    return steps.size();
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  void clear() {
    steps.clear();
    records = 0;
  }

  /** Keeps {@code step}, which follows the newest kept one, and drops what falls out of bounds. */
  void add(Step step, Instant now) {
    Step last = steps.peekLast();
    if (last != null && last.to() != step.from()) {
      clear(); // not contiguous: the older steps no longer lead here
    }
    steps.addLast(step);
    records += step.records();
    trim(now);
  }

  /** Drops what is too old, too many or too large (the newest step always stays). */
  void trim(Instant now) {
    Instant oldest = now.minus(limits.age());
    while (steps.size() > 1
        && (steps.size() > limits.steps()
            || records > limits.records()
            || steps.getFirst().at().isBefore(oldest))) {
      records -= steps.removeFirst().records();
    }
  }

  /**
   * Loads the stored journal's last changes, those that chain up to {@code serial}.
   *
   * @return false if the journal could not be read (the window stays empty)
   */
  boolean load(ZoneStore store, Name zone, long serial, Instant now) {
    List<ZoneStore.JournalEntry> journal;
    try {
      journal = store.journal(zone);
    } catch (StoreException e) {
      return false;
    }
    ArrayDeque<Step> chain = new ArrayDeque<>();
    long to = serial;
    for (int i = journal.size() - 1; i >= 0 && chain.size() < limits.steps(); i--) {
      ZoneStore.JournalEntry e = journal.get(i);
      if (e.toSerial() != to) {
        break;
      }
      chain.addFirst(new Step(e.fromSerial(), e.toSerial(), e.diff(), e.at()));
      to = e.fromSerial();
    }
    clear();
    chain.forEach(s -> add(s, now));
    return true;
  }

  /**
   * The kept changes from serial {@code from} to {@code to}, or null if they are not all kept (see
   * {@link dev.tandem.dns.engine.ControlPort#changes}).
   */
  @Nullable List<ZoneDiff> changes(long from, long to) {
    List<ZoneDiff> out = new ArrayList<>();
    long at = from;
    for (Step step : steps) {
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
