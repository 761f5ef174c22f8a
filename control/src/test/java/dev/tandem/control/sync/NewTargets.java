package dev.tandem.control.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/** Targets as {@code tandem sync add} makes them: not applied yet, no position. */
final class NewTargets {
  private NewTargets() {}

  static SyncTarget of(
      Name zone,
      String name,
      SyncTarget.Kind kind,
      SyncTarget.Policy policy,
      Duration interval,
      List<String> exclusions,
      boolean unionNs) {
    return new SyncTarget(
        zone,
        name,
        kind,
        kind == SyncTarget.Kind.RFC2136 ? "127.0.0.1:5300" : "http://127.0.0.1:1",
        "k",
        "localhost",
        policy,
        interval,
        exclusions,
        unionNs,
        List.of(),
        false,
        -1,
        Map.of());
  }
}
