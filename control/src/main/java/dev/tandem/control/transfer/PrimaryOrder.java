package dev.tandem.control.transfer;

import dev.tandem.control.access.Remote;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The order in which to try a zone's primaries: the NOTIFY's sender first (it has the new serial),
 * then the configured order, with primaries that were unreachable lately moved to the end until
 * their back-off passes (1 s, doubling to 5 min). Shared by all zones, as primaries are.
 */
public final class PrimaryOrder {
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private record Backoff(Instant until, Duration last) {}

  private final Clock clock;
  private final ConcurrentHashMap<InetSocketAddress, Backoff> backoffs = new ConcurrentHashMap<>();

  public PrimaryOrder(Clock clock) {
    this.clock = clock;
  }

  public List<Remote> order(List<Remote> configured, @Nullable InetAddress notifier) {
    Instant now = clock.instant();
    List<Remote> first = new ArrayList<>();
    List<Remote> ready = new ArrayList<>();
    List<Remote> backedOff = new ArrayList<>();
    for (Remote r : configured) {
      Backoff b = backoffs.get(r.address());
      if (notifier != null && r.address().getAddress().equals(notifier)) {
        first.add(r);
      } else if (b != null && now.isBefore(b.until())) {
        backedOff.add(r);
      } else {
        ready.add(r);
      }
    }
    first.addAll(ready);
    first.addAll(backedOff);
    return first;
  }

  public void unreachable(Remote r) {
    Instant now = clock.instant();
    backoffs.compute(
        r.address(),
        (a, b) -> {
          Duration next = b == null ? FIRST_BACKOFF : b.last().multipliedBy(2);
          if (next.compareTo(MAX_BACKOFF) > 0) {
            next = MAX_BACKOFF;
          }
          return new Backoff(now.plus(next), next);
        });
  }

  public void reachable(Remote r) {
    backoffs.remove(r.address());
  }
}
