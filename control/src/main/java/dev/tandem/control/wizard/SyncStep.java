package dev.tandem.control.wizard;

import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.service.Actor;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.sync.SyncPlan;
import dev.tandem.control.sync.SyncStatus;
import dev.tandem.control.sync.SyncTarget;
import dev.tandem.control.sync.SyncTargets;
import dev.tandem.control.transfer.TransferLimits;
import dev.tandem.control.transfer.Upstream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Step 1 of the primary/primary setup: the other provider's primary becomes a sync target of the
 * zone (RFC 2136 UPDATE signed with the setup's key), its plan is shown and applied (or theirs
 * adopted), and the target is seen in sync. Every rule is the sync API's: this calls the same use
 * cases ({@link SyncTargets}).
 */
final class SyncStep {
  /** The name of the sync target the wizard makes. */
  static final String TARGET = "wizard";

  private static final Duration IN_SYNC_WITHIN = Duration.ofSeconds(15);
  private static final int SHOWN = 20;

  private SyncStep() {}

  /**
   * @param keyAdded whether this check added the key to Tandem (taken away again if the other
   *     primary refuses it, so a wrong secret is not kept)
   */
  static void check(
      StepChecks c,
      Setup s,
      @Nullable SyncTargets sync,
      ZoneService zones,
      Actor actor,
      Clock clock,
      boolean keyAdded,
      boolean adoptTheirs) {
    if (sync == null) {
      c.bad("this server runs no sync targets, which primary/primary needs");
      return;
    }
    SyncStatus st = status(sync, s);
    if (st != null && st.state() == SyncStatus.State.NEW) {
      sync.remove(s.zone(), TARGET); // not applied yet: made again with the setup's settings
      st = null;
    }
    if (st == null) {
      try {
        st = sync.add(target(s));
        c.ok(
            "sync target '"
                + TARGET
                + "' added: RFC 2136 UPDATE to "
                + s.peer()
                + " signed with "
                + s.keyName());
      } catch (ServiceException e) {
        c.bad("the sync target could not be added: " + e.getMessage());
        forgetKey(s, zones, actor, keyAdded);
        return;
      }
    }
    if (st.state() == SyncStatus.State.NEW) {
      SyncPlan plan;
      try {
        plan = sync.plan(s.zone(), TARGET);
      } catch (ServiceException | SyncTargets.TargetUnavailable e) {
        String tsig = tsigError(s, clock);
        c.bad(
            "the other primary "
                + s.peer()
                + " could not be read: "
                + e.getMessage()
                + (tsig == null
                    ? ". Allow AXFR and UPDATE with key "
                        + s.keyName()
                        + " there (configuration below), then check again."
                    : "; an AXFR signed with "
                        + s.keyName()
                        + " is answered "
                        + tsig
                        + ": the other primary does not know this key, or its secret differs."));
        sync.remove(s.zone(), TARGET);
        forgetKey(s, zones, actor, keyAdded);
        return;
      }
      c.ok("the other primary " + s.peer() + " answers and is read with key " + s.keyName());
      c.note("plan at serial " + plan.serial() + ": " + plan.summary());
      // The plan says what a push changes there; adopting theirs changes the same RRsets here.
      entries(c, adoptTheirs ? "remove here" : "add", plan.add(), adoptTheirs);
      entries(c, adoptTheirs ? "change here" : "change", plan.change(), adoptTheirs);
      entries(c, adoptTheirs ? "add here" : "delete", plan.delete(), adoptTheirs);
      try {
        SyncPlan done = sync.apply(s.zone(), TARGET, adoptTheirs);
        c.ok(
            adoptTheirs
                ? "the other primary's RRsets adopted here: " + done.summary()
                : "the plan applied: the other primary accepted the UPDATE ("
                    + done.summary()
                    + ")");
      } catch (ServiceException | SyncTargets.TargetUnavailable e) {
        c.bad("the plan was not applied: " + e.getMessage());
        return;
      }
    }
    Instant until = clock.instant().plus(IN_SYNC_WITHIN);
    st = sync.status(s.zone(), TARGET);
    while (st.state() != SyncStatus.State.IN_SYNC && clock.instant().isBefore(until)) {
      StepChecks.pause();
      st = sync.status(s.zone(), TARGET);
    }
    if (st.state() == SyncStatus.State.IN_SYNC) {
      c.ok("the sync target is in-sync: the other primary has serial " + st.position() + "'s data");
    } else {
      c.bad(
          "the sync target is "
              + st.state().word()
              + (st.lastError() == null ? "" : ": " + st.lastError())
              + (st.conflicts().isEmpty()
                  ? ""
                  : " (" + st.conflicts().size() + " RRsets changed there: resolve them)"));
    }
  }

  /**
   * The TSIG error (RFC 8945 section 5.2) the other primary answers a signed AXFR with, if any: the
   * sync adapter's error gives the RCODE alone, which does not say whether the key or the ACL is
   * wrong.
   */
  private static @Nullable String tsigError(Setup s, Clock clock) {
    TsigKey key = SetupWizard.key(s);
    Upstream up = Upstream.network(Duration.ofSeconds(3), TransferLimits.DEFAULT, clock, n -> null);
    return switch (up.transfer(
        s.zone(), new Remote(Remote.parseAddress(s.peer()), key.name()), key.tsig(clock), -1)) {
      case Upstream.Failed f when f.error().contains("TSIG error") -> f.error();
      default -> null;
    };
  }

  private static void entries(
      StepChecks c, String what, List<SyncPlan.Entry> entries, boolean adoptTheirs) {
    int n = 0;
    for (SyncPlan.Entry e : entries) {
      if (n++ == SHOWN) {
        c.note("… and " + (entries.size() - SHOWN) + " more to " + what);
        return;
      }
      // What changes at the side that changes: "theirs → ours" when ours are pushed there.
      List<String> from = adoptTheirs ? e.ours() : e.theirs();
      List<String> to = adoptTheirs ? e.theirs() : e.ours();
      String shown =
          from.isEmpty() || to.isEmpty()
              ? String.join(" | ", from.isEmpty() ? to : from)
              : String.join(" | ", from) + " → " + String.join(" | ", to);
      c.note(what + " " + e.name() + " " + e.type() + (shown.isEmpty() ? "" : ": " + shown));
    }
  }

  private static @Nullable SyncStatus status(SyncTargets sync, Setup s) {
    try {
      return sync.status(s.zone(), TARGET);
    } catch (ServiceException e) {
      return null;
    }
  }

  private static SyncTarget target(Setup s) {
    return new SyncTarget(
        s.zone(),
        TARGET,
        SyncTarget.Kind.RFC2136,
        s.peer(),
        s.keyName().toString(),
        "localhost",
        SyncTarget.Policy.REPORT,
        Duration.ofSeconds(60),
        List.of(),
        true,
        List.of(),
        false,
        -1,
        Map.of());
  }

  /** Takes away the key this check added: the other primary refused it. */
  private static void forgetKey(Setup s, ZoneService zones, Actor actor, boolean keyAdded) {
    if (keyAdded) {
      try {
        zones.objects().deleteKey(s.keyName(), actor);
      } catch (ServiceException e) {
        // kept: it is in use
      }
    }
  }

  /** A setup started again elsewhere: its old target goes, made again at the next check. */
  static void restarted(@Nullable SyncTargets sync, Setup old, Setup fresh) {
    if (sync != null
        && old.strategy() == Setup.Strategy.PRIMARY_PRIMARY
        && !(old.peer().equals(fresh.peer()) && old.keyName().equals(fresh.keyName()))
        && status(sync, old) != null) {
      sync.remove(old.zone(), TARGET);
    }
  }
}
