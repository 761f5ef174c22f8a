package dev.tandem.control.wizard;

import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.lookup.Addresses;
import dev.tandem.control.monitor.lookup.Delegation;
import dev.tandem.control.service.Actor;
import dev.tandem.control.service.ControlObjects;
import dev.tandem.control.service.RrSetChange;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneSettings;
import dev.tandem.control.sync.SyncTargets;
import dev.tandem.control.transfer.TransferLimits;
import dev.tandem.control.transfer.UpdateSender;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.ZoneKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The checks behind each step, against the real servers. A line starting {@code ✓} is a fact found
 * as it should be; one starting {@code ✗} is what is wrong and what to do about it. A step passes
 * when no line is a ✗.
 */
final class StepChecks {
  static final String OK = "✓ ";
  static final String BAD = "✗ ";
  static final String NOTE = "· ";
  private static final Duration ASK = Duration.ofSeconds(3);
  private static final Duration SERVED_WITHIN = Duration.ofSeconds(15);
  private static final Duration CANARY_WITHIN = Duration.ofSeconds(30);

  /** A change seen by Tandem this soon came by NOTIFY, not by the refresh timer. */
  private static final Duration NOTIFY_WITHIN = Duration.ofSeconds(5);

  private final ZoneService zones;
  private final @Nullable Monitor monitor;
  private final NameServers asked;
  private final Clock clock;
  private final Actor actor;
  private final @Nullable SyncTargets sync;
  private final boolean adoptTheirs;
  private final List<String> lines = new ArrayList<>();
  private boolean failed;

  /**
   * @param sync the sync targets (primary/primary), null in a server without
   * @param adoptTheirs whether a primary/primary setup's first sync adopts the other primary's
   *     RRsets rather than pushing Tandem's
   */
  StepChecks(
      ZoneService zones,
      @Nullable Monitor monitor,
      Clock clock,
      Actor actor,
      @Nullable SyncTargets sync,
      boolean adoptTheirs) {
    this.zones = zones;
    this.monitor = monitor;
    this.asked = new NameServers(zones, monitor);
    this.clock = clock;
    this.actor = actor;
    this.sync = sync;
    this.adoptTheirs = adoptTheirs;
  }

  void ok(String line) {
    lines.add(OK + line);
  }

  /** A fact shown as it is, neither right nor wrong (a plan's RRsets). */
  void note(String line) {
    lines.add(NOTE + line);
  }

  void bad(String line) {
    lines.add(BAD + line);
    failed = true;
  }

  private Setup.Result result() {
    return new Setup.Result(
        failed ? Setup.Outcome.FAILED : Setup.Outcome.PASSED, lines, clock.instant());
  }

  // ---- 1. zone data ----

  Setup.Result zoneData(Setup s) {
    InetSocketAddress peer = Remote.parseAddress(s.peer());
    TsigKey key = SetupWizard.key(s);
    TSIG tsig = key.tsig(clock);
    Upstream up = Upstream.network(ASK, TransferLimits.DEFAULT, clock, n -> null);
    Remote remote = new Remote(peer, key.name());
    if (!s.strategy().tandemLeads()) {
      long serial;
      // Unsigned first: whether the primary serves the zone at all, before the key is tried.
      switch (up.probe(s.zone(), new Remote(peer, null), null)) {
        case Upstream.Soa soa -> {
          serial = soa.soa().getSerial();
          ok("the primary " + s.peer() + " answers the SOA of " + s.zone() + ": serial " + serial);
        }
        case Upstream.Failed f -> {
          bad("the primary does not answer the SOA: " + f.error());
          return result();
        }
      }
      switch (up.transfer(s.zone(), remote, tsig, -1)) {
        case Upstream.Full f ->
            ok("AXFR signed with key " + key.name() + " allowed: " + f.records() + " records");
        case Upstream.Failed f -> {
          boolean keyWrong = f.error().contains("BADSIG") || f.error().contains("BADKEY");
          bad(
              "AXFR signed with key "
                  + key.name()
                  + " failed: "
                  + f.error()
                  + (keyWrong
                      ? ". The primary does not know this key, or its secret differs: give the"
                          + " primary's key and secret."
                      : ". Allow transfers with this key at the primary (configuration below)."));
          return result();
        }
        case Upstream.Incremental i -> ok("transfer allowed: " + i.records() + " records");
        case Upstream.UpToDate u -> ok("transfer allowed");
      }
      // The key is added to Tandem once it is known to work: a wrong secret is not kept.
      if (ourKey(s, key)) {
        follow(s, remote, serial);
      }
    } else if (s.strategy() == Setup.Strategy.PRIMARY_PRIMARY) {
      boolean keyAdded = SetupWizard.existing(zones, key.name()).isEmpty();
      if (primaryHere(s) != null && ourKey(s, key)) {
        SyncStep.check(this, s, sync, zones, actor, clock, keyAdded, adoptTheirs);
      }
    } else if (ourKey(s, key)) {
      lead(s, peer, remote, key);
    }
    return result();
  }

  /** Tandem holds the setup's key (made if missing); false, with the reason, if another one. */
  private boolean ourKey(Setup s, TsigKey key) {
    Optional<ControlObjects.Key> have = SetupWizard.existing(zones, key.name());
    if (have.isPresent()) {
      String secret = have.get().secret();
      if (secret != null && !secret.equals(s.secret())) {
        bad(
            "Tandem has a TSIG key named "
                + key.name()
                + " with another secret: give another name, or the secret Tandem has");
        return false;
      }
      ok("Tandem has the TSIG key " + key.name());
      return true;
    }
    try {
      zones.objects().createKey(key.name().toString(), s.algorithm(), s.secret(), actor);
      ok("TSIG key " + key.name() + " added to Tandem");
      return true;
    } catch (ServiceException e) {
      bad("the TSIG key could not be added: " + e.getMessage());
      return false;
    }
  }

  /** Tandem as secondary: the zone made here if missing, then served at the primary's serial. */
  private void follow(Setup s, Remote remote, long serial) {
    try {
      ZoneKind kind = zones.kind(s.zone());
      if (kind == ZoneKind.PRIMARY) {
        bad("Tandem has " + s.zone() + " as a primary zone: delete it to follow the primary");
        return;
      }
      ok("Tandem has " + s.zone() + " as a secondary zone");
    } catch (ServiceException e) {
      try {
        zones.createSecondary(
            new ZoneService.NewSecondary(
                s.zone(), List.of(remote.spec()), List.of(), List.of(), List.of()),
            actor);
        ok("Tandem now follows " + s.peer() + " for " + s.zone());
      } catch (ServiceException x) {
        bad("Tandem could not create the zone: " + x.getMessage());
        return;
      }
    }
    Instant until = clock.instant().plus(SERVED_WITHIN);
    ZoneStatus st = zones.zone(s.zone());
    while (st.serial() < serial && clock.instant().isBefore(until)) {
      pause();
      st = zones.zone(s.zone());
    }
    if (st.serial() >= serial) {
      ok("Tandem serves " + s.zone() + " at serial " + st.serial());
    } else {
      bad(
          "Tandem does not serve "
              + s.zone()
              + " yet"
              + (st.lastError() == null ? "" : ": " + st.lastError()));
    }
  }

  /** Tandem as primary: transfers and NOTIFY to the secondary, which serves Tandem's serial. */
  private void lead(Setup s, InetSocketAddress peer, Remote remote, TsigKey key) {
    if (primaryHere(s) == null) {
      return;
    }
    String acl = peer.getAddress().getHostAddress() + "@" + key.name();
    try {
      ZoneSettings.View v = zones.settings().view(s.zone());
      List<String> transfer = new ArrayList<>(v.allowTransfer());
      List<String> notify = new ArrayList<>(v.alsoNotify());
      boolean changed = false;
      if (transfer.stream().noneMatch(r -> r.startsWith(peer.getAddress().getHostAddress()))) {
        transfer.add(acl);
        changed = true;
      }
      if (notify.stream().noneMatch(r -> r.startsWith(Remote.format(peer)))) {
        notify.add(remote.spec());
        changed = true;
      }
      if (changed) {
        zones
            .settings()
            .change(
                s.zone(),
                ZoneSettings.Change.NONE.withAllowTransfer(transfer).withAlsoNotify(notify),
                actor);
      }
      ok("Tandem allows " + acl + " to transfer the zone and sends it NOTIFY");
    } catch (ServiceException e) {
      bad("the zone's settings could not be changed: " + e.getMessage());
      return;
    }
    zones.notifyNow(s.zone());
    Upstream up = Upstream.network(ASK, TransferLimits.DEFAULT, clock, n -> null);
    Instant until = clock.instant().plus(SERVED_WITHIN);
    String last = "";
    while (true) {
      long ours = zones.zone(s.zone()).serial();
      switch (up.probe(s.zone(), new Remote(peer, null), null)) {
        case Upstream.Soa soa -> {
          if (soa.soa().getSerial() == ours) {
            ok("the secondary " + s.peer() + " serves serial " + ours + ", as Tandem does");
            notified(s, peer);
            return;
          }
          last = "it serves serial " + soa.soa().getSerial() + ", Tandem " + ours;
        }
        case Upstream.Failed f -> last = f.error();
      }
      if (!clock.instant().isBefore(until)) {
        bad(
            "the secondary "
                + s.peer()
                + " does not serve Tandem's version: "
                + last
                + ". Paste the configuration below there.");
        return;
      }
      pause();
    }
  }

  /** The zone's status if Tandem has it as a primary; null, with the reason, if not. */
  private @Nullable ZoneStatus primaryHere(Setup s) {
    ZoneStatus st;
    try {
      st = zones.zone(s.zone());
    } catch (ServiceException e) {
      bad("Tandem has no zone " + s.zone() + ": create it first (tandem zone create)");
      return null;
    }
    if (st.kind() != ZoneKind.PRIMARY) {
      bad("Tandem has " + s.zone() + " as a secondary zone: it must be a primary here");
      return null;
    }
    ok("Tandem has " + s.zone() + " as a primary zone, at serial " + st.serial());
    return st;
  }

  /** What became of Tandem's last NOTIFY to the secondary (RFC 1996: it answers each). */
  private void notified(Setup s, InetSocketAddress peer) {
    for (var n : zones.zone(s.zone()).notified()) {
      if (n.target().startsWith(Remote.format(peer))) {
        String line =
            "NOTIFY to " + n.target() + " for serial " + n.serial() + ": " + n.state().word();
        if (n.error() == null) {
          ok(line);
        } else {
          bad(line + " (" + n.error() + ")");
        }
        return;
      }
    }
  }

  // ---- 2. NS records ----

  Setup.Result nsRecords(Setup s) {
    Monitor m = requireMonitor();
    if (m == null) {
      return result();
    }
    Map<InetSocketAddress, Name> servers = servers(s, m);
    Set<Name> expected = asked.expected(s);
    for (var e : servers.entrySet()) {
      List<Name> ns = asked.nsAt(e.getKey(), s.zone());
      String who =
          e.getValue() + " (" + Remote.format(e.getKey()) + ", " + provider(s, e.getValue()) + ")";
      if (ns.isEmpty()) {
        bad(who + " gives no NS RRset for " + s.zone());
        continue;
      }
      List<Name> missing = expected.stream().filter(n -> !ns.contains(n)).toList();
      List<Name> hidden = asked.hiddenIn(s, m, ns);
      if (!hidden.isEmpty()) {
        bad(
            who
                + " lists "
                + names(ns)
                + ": remove "
                + names(hidden)
                + ", the hidden primary, from its NS RRset (nobody is to query it)");
      } else if (missing.isEmpty()) {
        ok(who + " lists " + names(ns));
      } else {
        bad(who + " lists " + names(ns) + ": add " + names(missing) + " to its NS RRset");
      }
    }
    return result();
  }

  // ---- 3. the registrar ----

  Setup.Result registrar(Setup s) {
    Monitor m = requireMonitor();
    if (m == null) {
      return result();
    }
    Set<Name> expected = asked.expected(s);
    switch (m.resolver().delegation(s.zone(), false)) {
      case Delegation.Found f -> {
        List<Name> missing = expected.stream().filter(n -> !f.ns().contains(n)).toList();
        List<Name> hidden = asked.hiddenIn(s, m, f.ns());
        String delegates =
            "the parent " + f.parent() + " delegates " + s.zone() + " to " + names(f.ns());
        if (!hidden.isEmpty()) {
          bad(delegates + ": at your registrar, remove " + names(hidden) + ", the hidden primary");
        } else if (missing.isEmpty()) {
          ok(delegates);
        } else {
          bad(
              delegates
                  + " only: at your registrar, set the name servers to "
                  + names(List.copyOf(expected)));
        }
      }
      case Delegation.NotDelegated n ->
          bad("the parent " + n.parent() + " does not delegate " + s.zone() + ": " + n.why());
      case Delegation.Unknown u -> bad("the delegation could not be learnt: " + u.why());
    }
    return result();
  }

  // ---- 4. updates flow ----

  Setup.Result updates(Setup s) {
    Monitor m = requireMonitor();
    if (m == null) {
      return result();
    }
    Name canary = Name.fromConstantString("_tandem-canary." + s.zone());
    String value = "tandem-canary " + clock.instant().getEpochSecond();
    InetSocketAddress peer = Remote.parseAddress(s.peer());
    TsigKey key = SetupWizard.key(s);
    Instant made = clock.instant();
    if (!change(s, peer, key, canary, value, true)) {
      return result();
    }
    Map<InetSocketAddress, Name> servers = servers(s, m);
    servers.putIfAbsent(peer, Name.empty);
    Map<InetSocketAddress, Duration> seen = new LinkedHashMap<>();
    Instant until = made.plus(CANARY_WITHIN);
    while (seen.size() < servers.size() && clock.instant().isBefore(until)) {
      for (InetSocketAddress a : servers.keySet()) {
        if (!seen.containsKey(a) && asked.serves(a, canary, value)) {
          seen.put(a, Duration.between(made, clock.instant()));
        }
      }
      if (seen.size() < servers.size()) {
        pause();
      }
    }
    for (var e : servers.entrySet()) {
      Duration d = seen.get(e.getKey());
      String who =
          (e.getValue().equals(Name.empty) ? "the other side's server" : e.getValue().toString())
              + " ("
              + Remote.format(e.getKey())
              + ")";
      if (d == null) {
        bad(who + " did not serve the canary within " + CANARY_WITHIN.toSeconds() + " s");
      } else {
        ok(who + " served the canary after " + seconds(d));
      }
    }
    if (!s.strategy().tandemLeads()) {
      Duration ours = null;
      for (var e : servers.entrySet()) {
        if (s.ourNames().contains(e.getValue()) && seen.containsKey(e.getKey())) {
          Duration d = seen.get(e.getKey());
          ours = ours == null || d.compareTo(ours) > 0 ? d : ours;
        }
      }
      if (ours != null && ours.compareTo(NOTIFY_WITHIN) <= 0) {
        ok("the primary's NOTIFY reached Tandem (it had the change after " + seconds(ours) + ")");
      } else {
        String refused = zones.zone(s.zone()).lastRefusedNotify();
        bad(
            "no NOTIFY from the primary reached Tandem in time: add Tandem to its also-notify"
                + (refused == null ? "" : " (last NOTIFY refused: " + refused + ")"));
      }
    }
    if (change(s, peer, key, canary, value, false)) {
      ok("canary " + canary + " removed");
    }
    return result();
  }

  /** Adds or removes the canary at the primary side: an UPDATE to the peer, or a change here. */
  private boolean change(
      Setup s, InetSocketAddress peer, TsigKey key, Name canary, String value, boolean add) {
    String txt = "\"" + value + "\"";
    if (s.strategy().tandemLeads()) {
      try {
        zones.change(
            s.zone(),
            List.of(
                add
                    ? new RrSetChange(
                        RrSetChange.Kind.ADD,
                        canary.toString(),
                        "TXT",
                        60,
                        List.of(txt),
                        List.of(),
                        null)
                    : RrSetChange.delete(canary.toString(), "TXT")),
            actor);
        return true;
      } catch (ServiceException e) {
        bad("the canary could not be " + (add ? "added" : "removed") + " here: " + e.getMessage());
        return false;
      }
    }
    Update u = new Update(s.zone());
    try {
      if (add) {
        u.add(canary, Type.TXT, 60, txt);
      } else {
        u.delete(canary, Type.TXT);
      }
    } catch (java.io.IOException e) {
      bad("the canary UPDATE could not be made: " + e.getMessage());
      return false;
    }
    UpdateSender.Outcome o = UpdateSender.send(peer, u, key.tsig(clock), ASK);
    if (!o.ok()) {
      bad(
          "the primary "
              + s.peer()
              + " answered the canary UPDATE with "
              + o.describe()
              + ": allow UPDATE with key "
              + key.name()
              + " for "
              + canary
              + " TXT there ("
              + (add ? "add" : "remove")
              + " it by hand otherwise)");
      return false;
    }
    return true;
  }

  // ---- asking ----

  private @Nullable Monitor requireMonitor() {
    if (monitor == null) {
      bad("this server runs no cross-provider checks, whose DNS client this step needs");
    }
    return monitor;
  }

  /** Every address of every name server either side should list, with its name. */
  private Map<InetSocketAddress, Name> servers(Setup s, Monitor m) {
    Map<InetSocketAddress, Name> out = new LinkedHashMap<>();
    for (Name n : asked.expected(s)) {
      Addresses a = m.resolver().addresses(n);
      if (a.addresses().isEmpty()) {
        bad(
            n
                + " ("
                + provider(s, n)
                + ") has no address"
                + (a.error() == null ? "" : ": " + a.error()));
      }
      for (InetAddress ip : a.addresses()) {
        out.put(new InetSocketAddress(ip, 53), n);
      }
    }
    return out;
  }

  private static String provider(Setup s, Name n) {
    return s.ourNames().contains(n) ? "Tandem" : "other provider";
  }

  private static String names(List<Name> ns) {
    return String.join(", ", ns.stream().map(Name::toString).sorted().toList());
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
