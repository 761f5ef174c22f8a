package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.ConsistencyState;
import dev.tandem.control.monitor.check.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns transitions into alerts: a new state is alerted once it has held for the grace period,
 * once, to every sink. A state that does not last (unreachable for one round, say) alerts nothing;
 * and what is alerted always starts from the state last alerted for that server, so a receiver
 * never sees a chain with a gap in it.
 */
final class Alerts {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);

  private final List<Alert.Sink> sinks;
  private final Duration grace;
  private final ScheduledExecutorService timer;

  Alerts(List<Alert.Sink> sinks, Duration grace, ScheduledExecutorService timer) {
    this.sinks = List.copyOf(sinks);
    this.grace = grace;
    this.timer = timer;
  }

  /** The transitions of one round of {@code w}'s zone. */
  void made(ZoneWatch w, List<Transition> transitions) {
    for (Transition t : transitions) {
      if (grace.isZero()) {
        held(w, t);
      } else {
        timer.schedule(() -> held(w, t), grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Alerts {@code t} if its subject is still in the state it made, and was not alerted in it. */
  private void held(ZoneWatch w, Transition t) {
    Alert alert;
    synchronized (w) {
      ZoneWatch.Standing now = w.standing(t.subject());
      if (now.state() != t.to() || !now.since().equals(t.at())) {
        return; // it changed again: that transition alerts, if it holds
      }
      ConsistencyState from = w.alerted(t.subject());
      if (from == t.to()) {
        return; // back where it was when last alerted
      }
      w.alerted(t.subject(), t.to());
      alert = alert(w, t, from);
    }
    for (Alert.Sink s : sinks) {
      try {
        s.deliver(alert);
      } catch (RuntimeException e) {
        log.warn("{}: an alert sink failed: {}", w.zone, e.toString());
      }
    }
  }

  private static Alert alert(ZoneWatch w, Transition t, ConsistencyState from) {
    ZoneReport last = w.last();
    List<ZoneReport.FindingReport> findings = new ArrayList<>();
    String name = null;
    String provider = null;
    ConsistencyState zoneState = ConsistencyState.OK;
    if (last != null) {
      zoneState = last.state();
      for (ZoneReport.FindingReport f : last.findings()) {
        java.net.InetSocketAddress at = f.finding().server();
        String label = at == null ? null : Server.label(at);
        if (t.server() == null ? label == null : t.server().equals(label)) {
          findings.add(f);
        }
      }
      String server = t.server();
      ZoneReport.ServerReport row = server == null ? null : last.server(server);
      if (row != null) {
        name = row.server().names().isEmpty() ? null : row.server().name();
        provider = row.server().provider();
      }
    }
    String id = w.zone + "/" + t.subject() + "/" + t.at().toEpochMilli() + "/" + t.to().word();
    return new Alert(
        id,
        w.zone,
        t.server(),
        name,
        provider,
        from,
        t.to(),
        t.at(),
        t.detail(),
        zoneState,
        findings);
  }

  /** The log as a sink: a warning for a state worse than ok, a line at info when it clears. */
  static final Alert.Sink LOG =
      a -> {
        String what =
            a.server() == null
                ? "zone"
                : "server " + a.server() + (a.provider() == null ? "" : " (" + a.provider() + ")");
        if (a.to() == ConsistencyState.OK) {
          log.info("{}: {} {} -> ok", a.zone(), what, a.from().word());
        } else {
          log.warn(
              "{}: {} {} -> {}: {}", a.zone(), what, a.from().word(), a.to().word(), a.detail());
        }
      };
}
