package dev.tandem.control;

import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.transfer.ControlMetrics;
import dev.tandem.control.zone.Change;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.dns.engine.ControlPort;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.store.StoreException;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * The {@link ControlPort} the data plane calls, on network threads: each call finds the zone in the
 * registry (one concurrent-map read) and asks it through {@link ManagedZone}'s data-plane methods,
 * which read one immutable value and return. What may block (an UPDATE's store write, recording a
 * transfer in the history) is handed to the control plane's workers; nothing here waits.
 */
final class DataPlanePort implements ControlPort {
  private static final Logger log = LoggerFactory.getLogger(DataPlanePort.class);

  private final ControlPlane registry;
  private final ControlMetrics metrics;
  private final ExecutorService workers;
  private final InstantSource clock;

  DataPlanePort(
      ControlPlane registry, ControlMetrics metrics, ExecutorService workers, InstantSource clock) {
    this.registry = registry;
    this.metrics = metrics;
    this.workers = workers;
    this.clock = clock;
  }

  private @Nullable ManagedZone zone(Name name) {
    return registry.zone(name).orElse(null);
  }

  @Override
  public @Nullable TSIG key(Name name) {
    return registry.keyring().tsig(name);
  }

  @Override
  public List<TSIG> keys(Name name) {
    return registry.keyring().verifying(name);
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public boolean mayTransfer(Name zone, InetAddress peer, @Nullable Name key, boolean overTls) {
    ManagedZone z = zone(zone);
    return z != null && z.mayTransfer(peer, key, overTls);
  }

  @Override
  public @Nullable List<ZoneDiff> changes(Name zone, long from, long to) {
    ManagedZone z = zone(zone);
    return z == null ? null : z.changes(from, to);
  }

  @Override
  public long expireSeconds(Name zone) {
    ManagedZone z = zone(zone);
    return z == null ? -1 : z.expireSeconds();
  }

  @Override
  public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
    ManagedZone z = zone(zone);
    int rcode = z == null ? Rcode.NOTAUTH : z.onNotify(peer, key, serial);
    metrics.countNotifyReceived(rcode);
    return rcode;
  }

  @Override
  public void notifyRefused(Name zone, InetAddress peer, String why) {
    metrics.countNotifyReceived(Rcode.REFUSED);
    ManagedZone z = zone(zone);
    if (z != null) {
      z.notifyRefused(peer, why);
    }
  }

  /** Applied on a worker: the change is stored before it is answered. */
  @Override
  public CompletionStage<Integer> update(
      Name zone, Message request, InetAddress peer, @Nullable Name key) {
    ManagedZone z = zone(zone);
    if (z == null) {
      metrics.countUpdate(Rcode.REFUSED); // deleted meanwhile
      return CompletableFuture.completedFuture(Rcode.REFUSED);
    }
    return CompletableFuture.supplyAsync(
            () -> {
              Change c = z.update(request, peer, key);
              audit(zone, request, peer, key, c);
              return c;
            },
            workers)
        .thenApply(Change::rcode)
        .whenComplete((rcode, e) -> metrics.countUpdate(e == null ? rcode : Rcode.SERVFAIL));
  }

  /**
   * Records an UPDATE in the audit log: those signed with a key (whatever became of them) and those
   * that changed the zone. An unsigned one refused is not: anyone can send those by the thousand,
   * and it changed nothing.
   */
  private void audit(Name zone, Message request, InetAddress peer, @Nullable Name key, Change c) {
    if (key == null && !c.changed()) {
      return;
    }
    List<String> records = new ArrayList<>();
    Set<String> rrsets = new LinkedHashSet<>();
    for (org.xbill.DNS.Record r : request.getSection(Section.UPDATE)) {
      if (records.size() < MAX_AUDITED) {
        records.add(r.toString());
      }
      rrsets.add(r.getName() + " " + org.xbill.DNS.Type.string(r.getType()));
    }
    String target = String.join(", ", rrsets);
    registry
        .audit()
        .record(
            key == null ? peer.getHostAddress() : "TSIG key " + key,
            "update",
            "rrsets.update",
            zone,
            target.length() > 500 ? target.substring(0, 500) + "..." : target,
            Map.of(
                "from",
                peer.getHostAddress(),
                "update",
                records,
                "fromSerial",
                c.fromSerial(),
                "toSerial",
                c.toSerial(),
                "message",
                c.message()),
            c.ok() ? AuditTrail.OK : "refused: " + Rcode.string(c.rcode()) + ": " + c.message());
  }

  /** The most records of one UPDATE the audit log quotes. */
  private static final int MAX_AUDITED = 1000;

  /**
   * Counts a transfer out turned away (refused, or asked over UDP), and logs it and records it in
   * the zone's history only when it is the first of its kind from that client since the last
   * summary ({@link RefusalLog}): the history keeps the last transfers of each zone, and a flood of
   * such requests (one datagram each, from any address) would push out the ones an operator looks
   * for, a store write each.
   */
  @Override
  public void transferTurnedAway(Transfer t, InetAddress peer, TurnedAway turnedAway) {
    boolean ixfr = t.kind() == Transfer.Kind.IXFR;
    RefusalLog.Reason reason =
        switch (turnedAway) {
          case NOT_ALLOWED ->
              ixfr ? RefusalLog.Reason.IXFR_NOT_ALLOWED : RefusalLog.Reason.AXFR_NOT_ALLOWED;
          case OVER_UDP -> ixfr ? RefusalLog.Reason.IXFR_OVER_UDP : RefusalLog.Reason.AXFR_OVER_UDP;
        };
    String why =
        t.error() != null
            ? t.error()
            : ixfr && turnedAway == TurnedAway.OVER_UDP
                ? "asked over UDP, answered with the SOA only (RFC 1995: ask over TCP)"
                : "not allowed";
    if (registry.refusals().refused(t.zone(), peer, new RefusalLog.Refused(reason, why))) {
      transferredOut(t);
    } else {
      metrics.count(t);
    }
  }

  /** Counts a transfer out and records it in the zone's history, on a worker. */
  @Override
  public void transferredOut(Transfer t) {
    metrics.count(t);
    if (!metrics.historyQueued()) {
      return;
    }
    try {
      workers.execute(
          () -> {
            try {
              registry.context().store().recordTransfer(t);
            } catch (StoreException e) {
              log.warn("{}: could not record a transfer out: {}", t.zone(), e.getMessage());
            } finally {
              metrics.historyDone();
            }
          });
    } catch (RejectedExecutionException e) {
      metrics.historyDone(); // shutting down
    }
  }
}
