package dev.tandem.control.access;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The TSIG keys, by name: those of the configuration and those added through the API. Read on
 * network threads (every signed request), changed rarely, hence a concurrent map of immutable
 * entries.
 *
 * <p>A key being rotated has two secrets for a while: requests signed with either verify until the
 * old one's time is up, so that the other side can take the new secret within that time without a
 * refused transfer or UPDATE (RFC 8945 leaves rollover to the operators; BIND and Knot do it by two
 * keys and a changed ACL, which this saves). What Tandem signs itself (NOTIFY, SOA queries and
 * transfers to its primaries) uses the new secret at once.
 */
public final class Keyring {
  /**
   * One key's secrets.
   *
   * @param previous the secret replaced, still accepted until {@code until}, or null
   */
  private record Entry(
      TsigKey key, TSIG current, @Nullable TSIG previous, @Nullable Instant until) {}

  private final Map<Name, Entry> byName = new ConcurrentHashMap<>();
  private final Clock clock;

  public Keyring(Collection<TsigKey> keys, Clock clock) {
    this.clock = clock;
    for (TsigKey k : keys) {
      if (byName.put(k.name(), new Entry(k, k.tsig(clock), null, null)) != null) {
        throw new IllegalArgumentException("TSIG key " + k.name() + " is defined twice");
      }
    }
  }

  /** The key to sign with (its current secret), or null if there is none of that name. */
  public @Nullable TSIG tsig(Name name) {
    Entry e = byName.get(name);
    return e == null ? null : e.current();
  }

  /**
   * The secrets a request signed with key {@code name} may be verified with: the current one, then
   * the one it replaced while its overlap lasts. Empty if there is no such key.
   */
  public List<TSIG> verifying(Name name) {
    Entry e = byName.get(name);
    if (e == null) {
      return List.of();
    }
    TSIG previous = e.previous();
    Instant until = e.until();
    if (previous == null || until == null || !clock.instant().isBefore(until)) {
      return List.of(e.current());
    }
    return List.of(e.current(), previous);
  }

  /** Until when the secret a rotation replaced is still accepted, or null if none is. */
  public @Nullable Instant overlapUntil(Name name) {
    Entry e = byName.get(name);
    Instant until = e == null ? null : e.until();
    return until == null || !clock.instant().isBefore(until) ? null : until;
  }

  public boolean has(Name name) {
    return byName.containsKey(name);
  }

  /** Adds or replaces a key: its old secret, if any, is no longer accepted. */
  public void put(TsigKey key) {
    byName.put(key.name(), new Entry(key, key.tsig(clock), null, null));
  }

  /**
   * Takes {@code next} as the key's secret, the one it replaces ({@code previous}, null if none)
   * accepted too until {@code until}.
   */
  public void rotate(TsigKey next, @Nullable TsigKey previous, @Nullable Instant until) {
    byName.put(
        next.name(),
        new Entry(
            next,
            next.tsig(clock),
            previous == null || until == null ? null : previous.tsig(clock),
            previous == null ? null : until));
  }

  /** Removes a key; signed requests with it fail from now on. */
  public void remove(Name name) {
    byName.remove(name);
  }
}
