package dev.tandem.control.catalog;

import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.control.transfer.HeapSteps;
import dev.tandem.control.zone.CatalogPart;
import dev.tandem.control.zone.CatalogStatus;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.control.zone.ZoneRegistry;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneState;
import dev.tandem.store.ZoneStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * One catalog zone this server follows (a catalog consumer, RFC 9432): the catalog is a secondary
 * zone like any, and each version it serves is read ({@link CatalogZone}) and acted on, under the
 * lock of all catalogs ({@link Catalogs}), on the catalog's own event thread:
 *
 * <ul>
 *   <li>a member listed anew becomes a secondary zone, created in the store with up to a thousand
 *       others of the same version in one transaction, configured by the template of its group (or
 *       from the catalog's primaries), and served once its first transfer completes;
 *   <li>a member no longer listed is removed with its contents and history (section 5.3): only
 *       zones this catalog configured;
 *   <li>a member whose node label changed is removed and created anew, its state reset (section
 *       5.4); one whose group (or whose group's template) changed is configured anew, its contents
 *       kept;
 *   <li>a member named by a zone served here otherwise is not served from this catalog, and the
 *       catalog's status says so (a name clash, section 5.2), unless the catalog owning it moves it
 *       here with a {@code coo} property naming this one (section 4.4.1): then it changes hands,
 *       with its state if its label is the same in both;
 *   <li>a broken catalog changes nothing (section 5.1), and its status says why.
 * </ul>
 *
 * At start the members of the last version acted on are served from the store first, whatever the
 * catalog now says (section 5.1: a broken catalog must not keep them from being served).
 */
final class CatalogConsumer {
  private static final Logger log = LoggerFactory.getLogger(CatalogConsumer.class);

  /**
   * The setting of a member zone in the store: {@code CATALOG LABEL [GROUP]}, the catalog it came
   * from, its member node label, and the group that configured it (one row a member: a catalog's
   * hundred thousand members are stored at once).
   */
  static final String MEMBER = "member";

  private final ConsumedCatalog config;
  private final Catalogs catalogs;
  private final ZoneRegistry registry;
  private final ZoneContext ctx;
  private final SecondaryZone zone;
  // The members served are the registry's zones this catalog configured (their CatalogPart names
  // it), not a map of its own: 24 bytes of entry and 10 of table less a member.
  private volatile CatalogZone.@Nullable Valid last;

  /** The members of {@link #last} that clashed with a zone served otherwise (section 5.2). */
  private volatile List<Name> clashed = List.of();

  private volatile @Nullable String problem;
  private volatile boolean stopped;

  /** The new members whose first refresh has not ended yet (guarded by this). */
  private Arrival arrival = new Arrival(java.time.Instant.EPOCH);

  /**
   * New members of the versions acted on since the last arrival ended. It ends when the first
   * refresh of each has (served or failed) or it left the catalog first: then it is told in one
   * line and, after a thousand or more, the heap is given back. A member whose primary lacks it
   * fails its refresh, and so does not keep the arrival, and the collection after it, waiting. A
   * new object for each: a hash set keeps the table it grew to when emptied (a megabyte after
   * 100,000 members).
   */
  private static final class Arrival {
    final java.time.Instant since;
    final Set<Name> waiting = new HashSet<>();
    int of; // members that came in it
    int failed; // of which failed their first refresh
    int gone; // of which left the catalog before it ended
    boolean announced; // whether it told HeapSteps it was arriving (a thousand or more)

    Arrival(java.time.Instant since) {
      this.since = since;
    }
  }

  /** How a new member's first refresh ended. */
  private enum FirstEnd {
    SERVED,
    FAILED,
    GONE
  }

  /**
   * Members read from the store in one transaction at a start: few enough that the store's other
   * users wait little for each.
   */
  private static final int ADOPT_TOGETHER = 500;

  /** Many members at once: after their first transfers, a collection lets the heap shrink back. */
  private static final int SETTLE_AFTER = 1000;

  /** What every new member tells of its refreshes: one object, not one for each member. */
  private final SecondaryZone.Listener firstEnd =
      new SecondaryZone.Listener() {
        @Override
        public void served(ZoneSnapshot version) {
          firstEnded(version.origin(), FirstEnd.SERVED);
        }

        @Override
        public void refreshFailed(Name zone) {
          firstEnded(zone, FirstEnd.FAILED);
        }
      };

  CatalogConsumer(
      ConsumedCatalog config, Catalogs catalogs, ZoneRegistry registry, ZoneContext ctx) {
    this.config = config;
    this.catalogs = catalogs;
    this.registry = registry;
    this.ctx = ctx;
    this.zone = new SecondaryZone(config.zoneConfig(), ctx, this::served);
  }

  Name catalog() {
    return config.catalog();
  }

  ConsumedCatalog config() {
    return config;
  }

  /** The catalog zone, as the registry holds it. */
  SecondaryZone zone() {
    return zone;
  }

  /** A member zone as the store keeps it: its label and the group that configured it. */
  record Stored(Name zone, String label, @Nullable String group) {}

  /**
   * Serves the members of the last version acted on, from the store ({@code stored}); call before
   * {@link #start}, for every catalog, so that a change of ownership finds its member.
   */
  void adopt(List<Stored> stored) {
    int adopted = 0;
    for (int i = 0; i < stored.size(); i += ADOPT_TOGETHER) {
      List<Stored> some = stored.subList(i, Math.min(stored.size(), i + ADOPT_TOGETHER));
      Map<Name, ZoneStore.Starting> read;
      try {
        read = ctx.store().starting(some.stream().map(Stored::zone).toList());
      } catch (StoreException e) {
        read = Map.of(); // each read alone below, each failing or not on its own
      }
      for (Stored s : some) {
        if (registry.zone(s.zone()).isPresent()) {
          log.warn("{}: member {} is served here otherwise; left alone", catalog(), s.zone());
          continue;
        }
        SecondaryZone z =
            new SecondaryZone(memberConfig(s.zone(), s.label(), groups(s.group())), ctx);
        try {
          ZoneStore.Starting r = read.get(s.zone());
          if (r != null) {
            z.start(r);
          } else {
            z.start();
          }
          registry.add(z);
          adopted++;
        } catch (StoreException e) {
          log.error("{}: member {} not served: {}", catalog(), s.zone(), e.getMessage());
        }
      }
    }
    if (!stored.isEmpty()) {
      log.info("{}: {} member zones served from the store", catalog(), adopted);
    }
  }

  /** Serves the catalog zone (from the store if it is there) and acts on it; then follows it. */
  String start() {
    if (ctx.store().state(catalog()).isEmpty()) {
      // Its row before it is served, as every zone made here has (the store's followers take a
      // zone served without one for a zone another node deleted), not only once it arrives.
      ctx.store().saveState(ZoneState.fresh(catalog(), ZoneKind.SECONDARY));
    }
    String what = zone.start();
    registry.add(zone);
    describe();
    return what;
  }

  /** A new version of the catalog is served: act on it (on the catalog's event thread). */
  private void served(ZoneSnapshot version) {
    if (stopped) {
      return;
    }
    CatalogZone.Valid before = last;
    List<ZoneDiff> changes =
        before == null ? null : zone.changes(before.serial(), version.serial());
    // Only the member nodes the changes since the version last acted on touch are read again;
    // when those changes are not all kept (an AXFR, a start), the whole catalog.
    CatalogZone.Reading reading =
        changes == null
            ? CatalogZone.read(version)
            : CatalogZone.readChanged(version, before, changes);
    synchronized (catalogs) {
      switch (reading) {
        case CatalogZone.Broken b -> {
          problem = "broken catalog at serial " + version.serial() + ": " + b.why();
          log.error(
              "{}: {}; its members stay as they are (RFC 9432 section 5.1)", catalog(), problem);
        }
        case CatalogZone.Valid v -> apply(v, false);
      }
      describe();
    }
  }

  /** Acts on the templates as they are now (one was added, changed or removed). */
  void reconfigure() {
    CatalogZone.Valid v = last;
    if (v != null) {
      synchronized (catalogs) {
        apply(v, true);
        describe();
      }
    }
  }

  private void describe() {
    zone.describeCatalog(
        new CatalogStatus(CatalogStatus.Role.CONSUMER, catalog(), null, memberCount(), problem));
  }

  /** Whether the last version acted on moves {@code member} to catalog {@code to} (coo). */
  boolean gives(Name member, Name to) {
    CatalogZone.Valid v = last;
    if (v == null) {
      return false;
    }
    CatalogZone.Member m = v.members().get(member);
    return m != null && to.equals(m.coo());
  }

  /** Whether {@code member} is a member served here from this catalog. */
  boolean owns(Name member) {
    return member(member) != null;
  }

  /** The label {@code member} has in this catalog's last version, or null. */
  @Nullable String labelOf(Name member) {
    SecondaryZone z = member(member);
    CatalogPart p = z == null ? null : z.config().catalog();
    return p == null ? null : p.label();
  }

  /**
   * The member zone {@code member} served from this catalog, or null: a zone of the registry that
   * this catalog configured.
   */
  private @Nullable SecondaryZone member(Name member) {
    return registry.zone(member).orElse(null) instanceof SecondaryZone z && ours(z) ? z : null;
  }

  private boolean ours(SecondaryZone z) {
    CatalogPart p = z.config().catalog();
    return p != null && p.isMember() && p.catalog().equals(catalog());
  }

  /** The members served from this catalog, in no order. */
  private List<SecondaryZone> served() {
    List<SecondaryZone> ours = new ArrayList<>();
    for (ManagedZone z : registry.zones()) {
      if (z instanceof SecondaryZone s && ours(s)) {
        ours.add(s);
      }
    }
    return ours;
  }

  /**
   * Acts on {@code v}; {@code templatesChanged}: whether the templates changed since the last
   * version acted on (else a member listed as it was then is configured as it was then).
   */
  private void apply(CatalogZone.Valid v, boolean templatesChanged) {
    java.time.Instant t0 = ctx.clock().instant();
    CatalogZone.Valid before = templatesChanged ? null : last;
    // The members whose fate may change: after an IXFR, those at the nodes it touched and those
    // that clashed last time (the zone they clashed with may be gone); else every one.
    Collection<Name> only = null;
    if (before != null && v.changed() != null) {
      Set<Name> some = new HashSet<>(v.changed());
      some.addAll(clashed);
      only = some;
    }
    ZoneStore store = ctx.store();
    List<String> clashes = new ArrayList<>();
    List<Name> clashing = new ArrayList<>();
    List<Name> deleted = new ArrayList<>();
    List<CatalogZone.Member> created = new ArrayList<>();
    List<CatalogZone.Member> changed = new ArrayList<>();
    List<CatalogZone.Member> moved = new ArrayList<>();
    Collection<SecondaryZone> candidates =
        only == null
            ? served()
            : only.stream().map(this::member).filter(java.util.Objects::nonNull).toList();
    for (SecondaryZone z : candidates) {
      Name name = z.name();
      if (!v.members().containsKey(name)) {
        firstEnded(name, FirstEnd.GONE);
        registry.remove(z);
        deleted.add(name);
      }
    }
    int removed = deleted.size();
    int reset = 0;
    Collection<CatalogZone.Member> listed = v.members().values();
    if (only != null) {
      listed = only.stream().map(v.members()::get).filter(java.util.Objects::nonNull).toList();
    }
    // In no order: with 100,000 members a sort by name took longer than the rest of a change.
    for (CatalogZone.Member m : listed) {
      if (m.zone().equals(catalog())) {
        clashes.add(m.zone() + " (the catalog itself)");
        clashing.add(m.zone());
        continue;
      }
      SecondaryZone current = member(m.zone());
      if (current != null) {
        if (before != null && m.equals(before.members().get(m.zone()))) {
          // Listed as when last acted on: nothing to compare (a member's configuration built
          // anew for each of 100,000 members was most of a one-member change).
          continue;
        }
        CatalogPart part = current.config().catalog();
        if (part == null || !m.label().equals(part.label())) {
          // Section 5.4: a new label is a removal, then the member anew: its state is reset.
          registry.remove(current);
          deleted.add(m.zone());
          created.add(m);
          reset++;
        } else if (!current.config().equals(memberConfig(m.zone(), m.label(), m.groups()))) {
          changed.add(m);
        }
        continue;
      }
      Optional<ManagedZone> other = registry.zone(m.zone());
      if (other.isEmpty()) {
        created.add(m);
      } else if (catalogs.givenTo(m.zone(), catalog())) {
        moved.add(m);
      } else {
        clashes.add(m.zone() + " (" + servedAs(other.get()) + ")");
        clashing.add(m.zone());
      }
    }
    try {
      store.deleteAll(deleted);
      for (CatalogZone.Member m : moved) {
        takeOver(m);
      }
      create(created);
      for (CatalogZone.Member m : changed) {
        reconfigure(m);
      }
    } catch (StoreException e) {
      problem = "could not store the members of serial " + v.serial() + ": " + e.getMessage();
      log.error("{}: {}", catalog(), problem);
      return;
    }
    last = v;
    clashed = List.copyOf(clashing);
    clashes.sort(null);
    problem =
        clashes.isEmpty()
            ? null
            : clashes.size()
                + " listed zones served here otherwise, not from this catalog (RFC 9432 section"
                + " 5.2): "
                + String.join(", ", clashes.subList(0, Math.min(5, clashes.size())))
                + (clashes.size() > 5 ? ", ..." : "");
    if (problem != null) {
      log.warn("{}: {}", catalog(), problem);
    }
    if (removed + created.size() + changed.size() + moved.size() > 0) {
      log.info(
          "{}: serial {}: {} members; {} added, {} removed, {} reset, {} reconfigured, {} taken"
              + " over ({} ms)",
          catalog(),
          v.serial(),
          memberCount(),
          created.size() - reset,
          removed,
          reset,
          changed.size(),
          moved.size(),
          java.time.Duration.between(t0, ctx.clock().instant()).toMillis());
    }
  }

  private static String servedAs(ManagedZone z) {
    String owner = z.owner();
    return owner != null ? "from " + owner : "a " + z.kind().word() + " zone";
  }

  /**
   * New members, in the store's order: stored a thousand to a transaction, each thousand served
   * (its first transfers due) as soon as it is stored. The first transfers so start while the rest
   * are stored (with 100,000 members, storing them all first kept them waiting 1-2 s); in the
   * store's order, their first versions then arrive in it too, and each commit of them writes a few
   * neighbouring pages of the store's indexes rather than one for each member. Should the store
   * fail, the thousands stored before stay served, and the failure says how many they are.
   */
  private void create(List<CatalogZone.Member> created) {
    if (created.isEmpty()) {
      return; // most changes of a catalog add none
    }
    List<CatalogZone.Member> ordered = ZoneStore.inKeyOrder(created, CatalogZone.Member::zone);
    // All awaited from the start: were a thousand served before the next is stored, the arrival
    // would otherwise end there, logged as all served and its garbage collected in mid-arrival.
    synchronized (this) {
      if (arrival.waiting.isEmpty()) {
        arrival = new Arrival(ctx.clock().instant());
      }
      Arrival a = arrival;
      a.of += ordered.size();
      ordered.forEach(m -> a.waiting.add(m.zone()));
      if (!a.announced && a.of >= SETTLE_AFTER) {
        a.announced = true;
        HeapSteps.arriving();
      }
    }
    int from = 0;
    try {
      for (; from < ordered.size(); from += STORED_TOGETHER) {
        List<CatalogZone.Member> some =
            ordered.subList(from, Math.min(ordered.size(), from + STORED_TOGETHER));
        List<ZoneStore.NewZone> rows = new ArrayList<>(some.size());
        List<SecondaryConfig> configs = new ArrayList<>(some.size());
        for (CatalogZone.Member m : some) {
          SecondaryConfig c = memberConfig(m.zone(), m.label(), m.groups());
          configs.add(c);
          rows.add(
              new ZoneStore.NewZone(ZoneState.fresh(m.zone(), ZoneKind.SECONDARY), settings(c)));
        }
        ctx.store().createAll(rows);
        for (SecondaryConfig c : configs) {
          SecondaryZone z = new SecondaryZone(c, ctx, firstEnd);
          z.startNew();
          registry.add(z);
        }
      }
    } catch (StoreException e) {
      List<CatalogZone.Member> unstored = ordered.subList(from, ordered.size());
      Arrival ended;
      synchronized (this) {
        unstored.forEach(m -> arrival.waiting.remove(m.zone()));
        arrival.of -= unstored.size(); // never members here
        ended = endedArrival();
      }
      if (ended != null) {
        tell(ended);
      }
      if (from == 0) {
        throw e;
      }
      throw new StoreException(
          e.getMessage() + " (the first " + from + " of " + ordered.size() + " are served)", e);
    }
  }

  /** How many new members one transaction stores. */
  private static final int STORED_TOGETHER = 1_000;

  /**
   * A new member's first refresh ended as {@code how}, or it left the catalog first (later
   * refreshes, and members of no arrival, count for nothing). Ends the arrival if it was the last.
   */
  private void firstEnded(Name member, FirstEnd how) {
    Arrival ended;
    synchronized (this) {
      Arrival a = arrival;
      if (!a.waiting.remove(member)) {
        return;
      }
      if (how == FirstEnd.FAILED) {
        a.failed++;
      } else if (how == FirstEnd.GONE) {
        a.gone++;
      }
      ended = endedArrival();
    }
    if (ended != null) {
      tell(ended);
    }
  }

  /** The arrival if none of it is left to wait for, a new one taking its place; else null. */
  private @Nullable Arrival endedArrival() {
    Arrival a = arrival;
    if (!a.waiting.isEmpty()) {
      return null;
    }
    arrival = new Arrival(java.time.Instant.EPOCH); // the emptied set's table goes
    return a;
  }

  /**
   * Says how an arrival ended and, after a thousand members or more, collects the garbage their
   * transfers left so that the heap shrinks back, as after the zones are loaded at start (resident
   * memory is what operators see).
   */
  private void tell(Arrival a) {
    if (a.announced) {
      HeapSteps.arrived();
    }
    if (a.of == 0) {
      return; // none came: the store lost them all, and said so
    }
    long ms = java.time.Duration.between(a.since, ctx.clock().instant()).toMillis();
    int served = a.of - a.failed - a.gone;
    if (served == a.of) {
      log.info("{}: all {} new members served ({} ms)", catalog(), a.of, ms);
    } else {
      log.info(
          "{}: {} of {} new members served ({} ms){}{}",
          catalog(),
          served,
          a.of,
          ms,
          a.failed == 0
              ? ""
              : "; "
                  + a.failed
                  + " failed their first refresh and are tried again as their timers say (their"
                  + " status says why)",
          a.gone == 0 ? "" : "; " + a.gone + " left the catalog first");
    }
    if (a.of >= SETTLE_AFTER) {
      HeapSteps.settle();
    }
  }

  /**
   * Serves {@code old}'s zone configured as {@code c}, from what the store holds, in its place: it
   * is served all along.
   */
  private void replace(ManagedZone old, SecondaryConfig c) {
    SecondaryZone z = new SecondaryZone(c, ctx);
    registry.replace(old, z);
  }

  /** A member whose group or template changed: configured anew, its contents kept. */
  private void reconfigure(CatalogZone.Member m) {
    SecondaryZone old = java.util.Objects.requireNonNull(member(m.zone()));
    SecondaryConfig c = memberConfig(m.zone(), m.label(), m.groups());
    saveSettings(c);
    replace(old, c);
  }

  /**
   * A member another catalog gives to this one (section 4.4.1): released there, then served from
   * here; its state goes with it if its label is the same in both catalogs, else it is reset.
   */
  private void takeOver(CatalogZone.Member m) {
    CatalogConsumer from = java.util.Objects.requireNonNull(catalogs.ownerOf(m.zone()));
    boolean sameLabel = m.label().equals(from.labelOf(m.zone()));
    SecondaryZone old = java.util.Objects.requireNonNull(from.member(m.zone()));
    if (sameLabel) {
      SecondaryConfig c = memberConfig(m.zone(), m.label(), m.groups());
      saveSettings(c);
      replace(old, c); // served all along, with its state
    } else {
      registry.remove(old);
      create(List.of(m)); // createAll replaces what the store held of it: reset
    }
    from.describe(); // no longer its member: the registry's zone is configured from here now
    log.info(
        "{}: member {} taken over from {}{}",
        catalog(),
        m.zone(),
        from.catalog(),
        sameLabel ? " with its state" : ", its state reset (another label)");
  }

  private void saveSettings(SecondaryConfig c) {
    ctx.store().saveSettings(c.zone(), settings(c));
  }

  private static Map<String, String> settings(SecondaryConfig c) {
    CatalogPart p = java.util.Objects.requireNonNull(c.catalog());
    String group = p.group();
    return Map.of(
        MEMBER,
        p.catalog()
            + " "
            + java.util.Objects.requireNonNull(p.label())
            + (group == null ? "" : " " + group));
  }

  /** A member as its {@link #MEMBER} setting says, or null if the setting does not parse. */
  static @Nullable Stored stored(Name zone, String setting) {
    String[] f = setting.split(" ", 3);
    if (f.length < 2) {
      return null;
    }
    return new Stored(zone, f[1], f.length == 3 ? f[2] : null);
  }

  private static List<String> groups(@Nullable String group) {
    return group == null ? List.of() : List.of(group);
  }

  /** A member's configuration: its group's template, or the catalog's primaries. */
  private SecondaryConfig memberConfig(Name member, String label, List<String> groups) {
    CatalogTemplate t = CatalogTemplate.first(catalogs.templates(), groups);
    CatalogPart part = new CatalogPart(catalog(), label, t == null ? null : t.group());
    if (t == null) {
      return new SecondaryConfig(
          member, config.primaries(), List.of(), List.of(), List.of(), false, part);
    }
    return new SecondaryConfig(
        member,
        t.primariesOr(config.primaries()),
        t.allowNotify(),
        t.alsoNotify(),
        t.allowTransfer(),
        false,
        part);
  }

  /**
   * Follows the catalog no more (the control plane closes, or {@link #stop}): an arrival under way,
   * whose members' refreshes no longer end it, is over here.
   */
  void close() {
    stopped = true;
    Arrival waited;
    synchronized (this) {
      waited = arrival;
      arrival = new Arrival(java.time.Instant.EPOCH);
    }
    if (waited.announced) {
      HeapSteps.arrived();
    }
  }

  /**
   * Stops following the catalog: the catalog zone and, if {@code withMembers}, every member are no
   * longer served, and removed from the store.
   */
  void stop(boolean withMembers) {
    close();
    synchronized (catalogs) {
      registry.remove(zone);
      List<Name> gone = new ArrayList<>();
      gone.add(catalog());
      if (withMembers) {
        for (SecondaryZone z : served()) {
          registry.remove(z);
          gone.add(z.name());
        }
      }
      ctx.store().deleteAll(gone);
    }
  }

  /** How many members are served from this catalog. */
  int memberCount() {
    int n = 0;
    for (ManagedZone z : registry.zones()) {
      if (z instanceof SecondaryZone s && ours(s)) {
        n++;
      }
    }
    return n;
  }

  /** The members served from this catalog, by name. */
  List<SecondaryZone> members() {
    List<SecondaryZone> all = served();
    all.sort(Comparator.comparing(SecondaryZone::name));
    return all;
  }

  @Nullable String problem() {
    return problem;
  }

  /** The serial of the version last acted on, or -1. */
  long serialActedOn() {
    CatalogZone.Valid v = last;
    return v == null ? -1 : v.serial();
  }
}
