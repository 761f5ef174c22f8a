package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.ConsistencyState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change of state of a server, or of the zone as a whole.
 *
 * @param server the server's address as people write it, or null for the zone
 * @param detail the finding that made the new state (the first), or what cleared
 */
public record Transition(
    Instant at,
    @Nullable String server,
    ConsistencyState from,
    ConsistencyState to,
    String detail) {

  /** What it is about: the server, or "zone". */
  public String subject() {
    return server == null ? "zone" : server;
  }
}
