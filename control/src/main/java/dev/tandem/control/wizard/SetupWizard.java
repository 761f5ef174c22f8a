package dev.tandem.control.wizard;

import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.service.Actor;
import dev.tandem.control.service.ControlObjects;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneText;
import dev.tandem.control.sync.SyncTargets;
import dev.tandem.store.ZoneStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The setup wizard's use cases: start a setup (its inputs checked), take one up again, check one
 * step now. Each check asks the real servers and stores what it found, so a setup survives a
 * restart and a day away. Checks block (DNS questions, a transfer, a canary waited for), for at
 * most about a minute; they run on the caller's thread, never on the data plane.
 */
public final class SetupWizard {
  private final ZoneService zones;
  private final @Nullable Monitor monitor;
  private final Setups setups;
  private final Clock clock;
  private final List<InetSocketAddress> ourAddresses;
  private final @Nullable SyncTargets sync;

  /**
   * @param ourAddresses the addresses Tandem answers DNS on (for the configuration to paste)
   * @param sync the zones' sync targets (primary/primary setups add one), null if none run
   */
  public SetupWizard(
      ZoneService zones,
      @Nullable Monitor monitor,
      ZoneStore store,
      Clock clock,
      List<InetSocketAddress> ourAddresses,
      @Nullable SyncTargets sync) {
    this.zones = zones;
    this.monitor = monitor;
    this.setups = new Setups(store);
    this.clock = clock;
    this.ourAddresses = List.copyOf(ourAddresses);
    this.sync = sync;
  }

  /** What the operator gives to start: the form's fields as typed. */
  public record Start(
      String zone,
      String strategy,
      String peer,
      String keyName,
      String algorithm,
      String secret,
      String ourNames) {}

  /**
   * Starts (or starts again) the setup of a zone.
   *
   * @throws ServiceException naming the field at fault
   */
  public Setup start(Start s) {
    Name zone = ZoneText.zoneName(s.zone(), "zone");
    Setup.Strategy strategy;
    try {
      strategy =
          Setup.Strategy.valueOf(s.strategy().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid(
          "strategy",
          "choose secondary, primary, primary-primary, hidden-primary or secondary-of-hidden");
    }
    try {
      Remote.parseAddress(s.peer().trim());
    } catch (RuntimeException e) {
      throw ServiceException.invalid(
          "peer", "'" + s.peer() + "' is not an IP address (with :port if not 53)");
    }
    String alg = s.algorithm().isBlank() ? "hmac-sha256" : s.algorithm().trim();
    TsigKey key;
    try {
      key = TsigKey.of(s.keyName().trim(), alg, s.secret().trim());
    } catch (RuntimeException e) {
      throw ServiceException.invalid("secret", "the TSIG key is not valid: " + e.getMessage());
    }
    List<Name> ours = new ArrayList<>();
    for (String n : s.ourNames().split("[\\s,]+")) {
      if (!n.isBlank()) {
        ours.add(ZoneText.name(n.endsWith(".") ? n : n + ".", Name.root, "ourNames"));
      }
    }
    if (ours.isEmpty()) {
      throw ServiceException.invalid(
          "ourNames", "give the names of Tandem's name servers (as in the zone's NS records)");
    }
    Setup setup =
        new Setup(
            zone,
            strategy,
            s.peer().trim(),
            key.name(),
            alg,
            s.secret().trim(),
            ours,
            clock.instant(),
            java.util.Map.of());
    setups.get(zone).ifPresent(old -> SyncStep.restarted(sync, old, setup));
    setups.save(setup);
    return setup;
  }

  public Optional<Setup> get(Name zone) {
    return setups.get(zone);
  }

  public List<Setup> all() {
    return setups.all();
  }

  /** Forgets a setup (the zone itself stays). */
  public void forget(Name zone) {
    setups.delete(zone);
  }

  /** The configuration to paste at the other side, filled in. */
  public java.util.Map<String, String> snippets(Setup s) {
    return Snippets.of(s, ourAddresses);
  }

  /**
   * Checks {@code step} of {@code zone}'s setup now, for {@code actor} (who may create the zone and
   * its key, and make the canary change), and stores what it found.
   *
   * @throws ServiceException if there is no setup for the zone
   */
  public Setup check(Name zone, Setup.Step step, Actor actor) {
    return check(zone, step, actor, false);
  }

  /**
   * As {@link #check(Name, Setup.Step, Actor)}; {@code adoptTheirs}: a primary/primary setup's
   * first sync makes the other primary's RRsets Tandem's rather than pushing Tandem's there.
   */
  public Setup check(Name zone, Setup.Step step, Actor actor, boolean adoptTheirs) {
    Setup s =
        setups
            .get(zone)
            .orElseThrow(() -> ServiceException.notFound("no setup of " + zone + " started"));
    Monitor m = monitor;
    StepChecks checks = new StepChecks(zones, m, clock, actor, sync, adoptTheirs);
    Setup.Result r =
        switch (step) {
          case ZONE_DATA -> checks.zoneData(s);
          case NS_RECORDS -> checks.nsRecords(s);
          case REGISTRAR -> checks.registrar(s);
          case UPDATES -> checks.updates(s);
        };
    Setup next = s.with(step, r);
    setups.save(next);
    return next;
  }

  /** The key the setup uses, for the checks. */
  static TsigKey key(Setup s) {
    return TsigKey.of(s.keyName().toString(), s.algorithm(), s.secret());
  }

  /** The key as the control plane lists it, if it has one of that name. */
  static Optional<ControlObjects.Key> existing(ZoneService zones, Name name) {
    try {
      return Optional.of(zones.objects().key(name, true));
    } catch (ServiceException e) {
      return Optional.empty();
    }
  }
}
