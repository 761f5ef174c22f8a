package dev.tandem.control.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.sync.SyncStatus.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * A sync target's change of state that held for the grace period, as the alert sinks (the log, the
 * {@code --alert-webhook}) receive it: once per transition, {@code from} the state last alerted.
 *
 * @param id what identifies this alert, the same on every retry of its delivery
 * @param target the target's name
 * @param kind rfc2136, powerdns or tandem
 * @param endpoint where the target is (no secret)
 * @param at when the new state began
 * @param lastError the target's error, when it is unreachable or failing
 * @param conflicts the RRsets changed there outside Tandem, when in conflict
 */
public record SyncAlert(
    String id,
    Name zone,
    String target,
    String kind,
    String endpoint,
    State from,
    State to,
    Instant at,
    @Nullable String lastError,
    List<SyncPlan.Entry> conflicts) {
  private static final Logger log = LoggerFactory.getLogger(SyncAlert.class);

  /** What a webhook receiver tells sync alerts by, beside the monitor's. */
  public static final String ABOUT = "sync-target";

  public SyncAlert {
    conflicts = List.copyOf(conflicts);
  }

  /** Where sync alerts go. Called on the sync threads; must not block long. */
  @FunctionalInterface
  public interface Sink {
    void deliver(SyncAlert alert);
  }

  /** The log as a sink: a warning for a state other than in-sync, a line at info when back. */
  public static final Sink LOG =
      a -> {
        if (a.to() == State.IN_SYNC) {
          log.info("sync {} of zone {}: {} -> in-sync", a.target(), a.zone(), a.from().word());
        } else {
          log.warn(
              "sync {} of zone {}: {} -> {}{}",
              a.target(),
              a.zone(),
              a.from().word(),
              a.to().word(),
              a.lastError() == null ? "" : ": " + a.lastError());
        }
      };

  /** The JSON it is POSTed as. */
  public byte[] json() {
    ObjectNode n = SyncTarget.JSON.createObjectNode();
    n.put("id", id);
    n.put("about", ABOUT);
    n.put("zone", zone.toString());
    n.put("target", target);
    n.put("kind", kind);
    n.put("endpoint", endpoint);
    n.put("from", from.word());
    n.put("to", to.word());
    n.put("at", at.toString());
    n.put("lastError", lastError);
    ArrayNode a = n.putArray("conflicts");
    for (SyncPlan.Entry e : conflicts) {
      ObjectNode o = a.addObject().put("name", e.name()).put("type", e.type());
      e.ours().forEach(o.putArray("ours")::add);
      e.theirs().forEach(o.putArray("theirs")::add);
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
