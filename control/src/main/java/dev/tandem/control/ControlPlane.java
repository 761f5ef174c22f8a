package dev.tandem.control;

import dev.tandem.dns.engine.ControlPort;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.store.ZoneStore;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;

/**
 * The control plane as the rest of the server sees it: the secondary zones and their lifecycles,
 * the TSIG keys, who may transfer what, and the {@link ControlPort} the data plane calls for
 * NOTIFY, TSIG and transfer permission.
 */
public final class ControlPlane implements ControlPort, AutoCloseable {

  /**
   * Tunables.
   *
   * @param timers clamps on the SOA timers
   * @param limits per-transfer limits
   * @param probeTimeout how long to wait for an SOA answer (per try)
   * @param workers threads running zone events (transfers run on them)
   */
  public record Options(
      TimerPolicy timers, TransferLimits limits, Duration probeTimeout, int workers) {
    public static final Options DEFAULT =
        new Options(TimerPolicy.DEFAULT, TransferLimits.DEFAULT, Duration.ofSeconds(2), 4);

    public Options withLimits(TransferLimits l) {
      return new Options(timers, l, probeTimeout, workers);
    }
  }

  private final Keyring keys;
  private final Map<Name, SecondaryZone> secondaries = new LinkedHashMap<>();
  private final Map<Name, List<AclRule>> allowTransfer;
  private final ExecutorService workers;
  private final ExecutorService notifyIo;
  private final ScheduledExecutorService scheduler;

  /**
   * @param secondaries the secondary zones
   * @param allowTransfer transfer rules of other served zones (zone files), by zone
   * @throws IllegalArgumentException if the configuration names a key that is not defined
   */
  public ControlPlane(
      List<SecondaryConfig> secondaries,
      Map<Name, List<AclRule>> allowTransfer,
      Collection<TsigKey> keys,
      ZoneStore store,
      ZonePublisher publisher,
      Options options,
      Clock clock,
      RandomGenerator random) {
    this.keys = new Keyring(keys, clock);
    for (SecondaryConfig c : secondaries) {
      checkKeys(c);
    }
    allowTransfer.forEach((zone, rules) -> rules.forEach(r -> checkKey(zone, r.key())));
    this.allowTransfer = Map.copyOf(allowTransfer);
    this.workers = Executors.newFixedThreadPool(options.workers(), daemon("tandem-zone"));
    this.notifyIo = Executors.newFixedThreadPool(2, daemon("tandem-notify"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("tandem-timer"));
    SecondaryContext ctx =
        new SecondaryContext(
            store,
            publisher,
            this.keys,
            new SoaProbe(options.probeTimeout()),
            new TransferIn(options.limits()),
            new PrimaryOrder(clock),
            new NotifySender(this.keys, notifyIo, scheduler),
            options.timers(),
            workers,
            scheduler,
            clock,
            random);
    for (SecondaryConfig c : secondaries) {
      if (this.secondaries.put(c.zone(), new SecondaryZone(c, ctx)) != null) {
        throw new IllegalArgumentException("secondary zone " + c.zone() + " is configured twice");
      }
    }
  }

  private void checkKeys(SecondaryConfig c) {
    c.primaries().forEach(p -> checkKey(c.zone(), p.key()));
    c.downstream().forEach(p -> checkKey(c.zone(), p.key()));
    c.allowNotify().forEach(r -> checkKey(c.zone(), r.key()));
    c.allowTransfer().forEach(r -> checkKey(c.zone(), r.key()));
  }

  private void checkKey(Name zone, @Nullable Name key) {
    if (key != null && !keys.has(key)) {
      throw new IllegalArgumentException(
          "zone " + zone + " uses TSIG key " + key + ", which is not defined (--tsig)");
    }
  }

  /** Serves every secondary zone from the store at once and starts their timers. */
  public void start() {
    secondaries.values().forEach(SecondaryZone::start);
  }

  /** The status of every secondary zone, in configuration order. */
  public List<ZoneStatus> status() {
    List<ZoneStatus> all = new ArrayList<>();
    secondaries.values().forEach(z -> all.add(z.status()));
    return all;
  }

  public Optional<ZoneStatus> status(Name zone) {
    SecondaryZone z = secondaries.get(zone);
    return z == null ? Optional.empty() : Optional.of(z.status());
  }

  /** Queues a refresh of a secondary zone; false if there is no such secondary. */
  public boolean refresh(Name zone) {
    SecondaryZone z = secondaries.get(zone);
    if (z == null) {
      return false;
    }
    z.refreshNow();
    return true;
  }

  @Override
  public @Nullable TSIG key(Name name) {
    return keys.tsig(name);
  }

  @Override
  public boolean mayTransfer(Name zone, InetAddress peer, @Nullable Name key) {
    SecondaryZone s = secondaries.get(zone);
    List<AclRule> rules = s != null ? s.config().allowTransfer() : allowTransfer.get(zone);
    if (rules == null) {
      return false;
    }
    for (AclRule r : rules) {
      if (r.matches(peer, key)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
    SecondaryZone s = secondaries.get(zone);
    return s == null ? Rcode.NOTAUTH : s.onNotify(peer, key, serial);
  }

  @Override
  public @Nullable List<ZoneDiff> changes(Name zone, long from, long to) {
    SecondaryZone s = secondaries.get(zone);
    return s == null ? null : s.changes(from, to);
  }

  @Override
  public void notifyRefused(Name zone, InetAddress peer, String why) {
    SecondaryZone s = secondaries.get(zone);
    if (s != null) {
      s.refusedNotify(peer, why);
    }
  }

  @Override
  public long expireSeconds(Name zone) {
    SecondaryZone s = secondaries.get(zone);
    return s == null ? -1 : s.expireSeconds();
  }

  @Override
  public void close() {
    secondaries.values().forEach(SecondaryZone::stop);
    scheduler.shutdownNow();
    notifyIo.shutdownNow();
    workers.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
