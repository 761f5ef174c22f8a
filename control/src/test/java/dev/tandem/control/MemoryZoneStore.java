package dev.tandem.control;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneState;
import dev.tandem.store.ZoneStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A {@link ZoneStore} in memory, for tests of the control plane that run on a fake clock in
 * milliseconds: the contract's rules on serials (a change starts where the stored zone is and ends
 * where its state says), without a database. {@link #failWrites} makes every write fail, as a
 * database that has gone away would.
 */
public final class MemoryZoneStore implements ZoneStore {
  private final Map<Name, ZoneState> states = new ConcurrentHashMap<>();
  private final Map<Name, ZoneSnapshot> contents = new ConcurrentHashMap<>();
  private final Map<Name, List<JournalStep>> journals = new ConcurrentHashMap<>();
  private final Map<Name, Map<String, String>> settings = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> objects = new ConcurrentHashMap<>();
  private final Map<Name, List<Transfer>> transfers = new ConcurrentHashMap<>();
  private final Map<Name, Durability> contentsDurability = new ConcurrentHashMap<>();
  private volatile boolean failWrites;

  /** How the last version of a zone's contents was to reach the disk, if any was written. */
  public Optional<Durability> contentsDurability(Name zone) {
    return Optional.ofNullable(contentsDurability.get(zone));
  }

  /** How many zones each {@link #createAll} created, in call order. */
  public List<Integer> createdTogether() {
    return List.copyOf(createdTogether);
  }

  private final List<Integer> createdTogether = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Makes the {@code n}th {@link #createAll} from now fail (the first: 1), as a lost store would.
   */
  public void failCreateAll(int n) {
    createAllFailsIn.set(n);
  }

  private final java.util.concurrent.atomic.AtomicInteger createAllFailsIn =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Makes every write from now on fail (true) or succeed again (false). */
  public void failWrites(boolean fail) {
    failWrites = fail;
  }

  private void write() {
    if (failWrites) {
      throw new StoreException("the store is unavailable (test)");
    }
  }

  /** Run once after the next {@link #zones} read, before it returns: what happens meanwhile. */
  volatile @Nullable Runnable afterZonesRead;

  @Override
  public List<ZoneState> zones() {
    List<ZoneState> all = new ArrayList<>(states.values());
    all.sort(Comparator.comparing(ZoneState::zone));
    Runnable meanwhile = afterZonesRead;
    afterZonesRead = null;
    if (meanwhile != null) {
      meanwhile.run();
    }
    return all;
  }

  @Override
  public Optional<ZoneState> state(Name zone) {
    stateReads.incrementAndGet();
    return Optional.ofNullable(states.get(zone));
  }

  /** How many times one zone's state was read. */
  final java.util.concurrent.atomic.AtomicInteger stateReads =
      new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public Optional<ZoneSnapshot> contents(Name zone) {
    return Optional.ofNullable(contents.get(zone));
  }

  @Override
  public synchronized void replace(ZoneSnapshot zone, ZoneState state, Durability durability) {
    write();
    if (state.serial() != zone.serial()) {
      throw new IllegalArgumentException(
          "state at " + state.serial() + ", zone at " + zone.serial());
    }
    contents.put(zone.origin(), zone);
    journals.put(zone.origin(), new ArrayList<>());
    states.put(zone.origin(), state);
    contentsDurability.put(zone.origin(), durability);
  }

  @Override
  public synchronized void append(
      Name zone, JournalStep step, ZoneState state, Durability durability) {
    write();
    ZoneSnapshot z = contents.get(zone);
    if (z == null || z.serial() != step.from()) {
      throw new StoreException(zone + " is not stored at serial " + step.from());
    }
    if (state.serial() != step.to()) {
      throw new IllegalArgumentException("state at " + state.serial() + ", change to " + step.to());
    }
    try {
      contents.put(zone, z.apply(step.diff()));
    } catch (ZoneDiffException e) {
      throw new StoreException("the change does not apply: " + e.getMessage());
    }
    journals.computeIfAbsent(zone, k -> new ArrayList<>()).add(step);
    states.put(zone, state);
    contentsDurability.put(zone, durability);
  }

  @Override
  public synchronized void saveState(ZoneState state, Durability durability) {
    write();
    ZoneSnapshot z = contents.get(state.zone());
    if ((z == null ? -1 : z.serial()) != state.serial()) {
      throw new IllegalArgumentException("state at " + state.serial() + " for other contents");
    }
    states.put(state.zone(), state);
  }

  @Override
  public synchronized void compact(ZoneSnapshot current, int keep) {
    write();
    List<JournalStep> j = journals.getOrDefault(current.origin(), new ArrayList<>());
    while (j.size() > keep) {
      j.remove(0);
    }
  }

  @Override
  public Map<String, String> settings(Name zone) {
    return Map.copyOf(settings.getOrDefault(zone, Map.of()));
  }

  @Override
  public void saveSetting(Name zone, String setting, @Nullable String value) {
    write();
    Map<String, String> s = settings.computeIfAbsent(zone, k -> new ConcurrentHashMap<>());
    if (value == null) {
      s.remove(setting);
    } else {
      s.put(setting, value);
    }
  }

  @Override
  public Map<Name, String> settingOfAll(String setting) {
    Map<Name, String> out = new java.util.HashMap<>();
    settings.forEach(
        (zone, s) -> {
          String v = s.get(setting);
          if (v != null) {
            out.put(zone, v);
          }
        });
    return out;
  }

  @Override
  public synchronized void createAll(List<NewZone> zones) {
    write();
    if (createAllFailsIn.getAndDecrement() == 1) {
      throw new StoreException("the store is unavailable (test)");
    }
    createdTogether.add(zones.size());
    for (NewZone z : zones) {
      delete(z.state().zone());
      states.put(z.state().zone(), z.state());
      settings.put(z.state().zone(), new ConcurrentHashMap<>(z.settings()));
    }
  }

  @Override
  public synchronized void deleteAll(List<Name> zones) {
    write();
    zones.forEach(this::delete);
  }

  @Override
  public List<JournalStep> journal(Name zone) {
    return List.copyOf(journals.getOrDefault(zone, List.of()));
  }

  @Override
  public synchronized void delete(Name zone) {
    write();
    states.remove(zone);
    contents.remove(zone);
    journals.remove(zone);
    settings.remove(zone);
    transfers.remove(zone);
  }

  @Override
  public Map<String, String> objects(String kind) {
    return new TreeMap<>(objects.getOrDefault(kind, Map.of()));
  }

  @Override
  public Optional<String> object(String kind, String name) {
    return Optional.ofNullable(objects.getOrDefault(kind, Map.of()).get(name));
  }

  @Override
  public void saveObject(String kind, String name, String json) {
    write();
    objects.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).put(name, json);
  }

  @Override
  public boolean deleteObject(String kind, String name) {
    write();
    Map<String, String> of = objects.get(kind);
    return of != null && of.remove(name) != null; // none of that kind: nothing deleted
  }

  @Override
  public synchronized boolean replaceObject(
      String kind, String name, @Nullable String expected, String json) {
    write();
    Map<String, String> of = objects.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
    if (!java.util.Objects.equals(of.get(name), expected)) {
      return false;
    }
    of.put(name, json);
    return true;
  }

  @Override
  public synchronized void recordTransfer(Transfer transfer) {
    write();
    List<Transfer> t = transfers.computeIfAbsent(transfer.zone(), k -> new ArrayList<>());
    t.add(0, transfer);
    while (t.size() > TRANSFERS_KEPT) {
      t.remove(t.size() - 1);
    }
  }

  @Override
  public synchronized List<Transfer> transfers(Name zone, int limit) {
    List<Transfer> t = transfers.getOrDefault(zone, List.of());
    return List.copyOf(t.subList(0, Math.min(limit, t.size())));
  }

  @Override
  public void close() {}

  private final List<dev.tandem.store.AuditEntry> audit = new ArrayList<>();

  @Override
  public synchronized void recordAudit(dev.tandem.store.AuditEntry e, int kept) {
    long seq = audit.isEmpty() ? 1 : audit.get(audit.size() - 1).seq() + 1;
    audit.add(
        new dev.tandem.store.AuditEntry(
            seq,
            e.at(),
            e.actor(),
            e.via(),
            e.action(),
            e.zone(),
            e.target(),
            e.detail(),
            e.outcome()));
    while (audit.size() > kept) {
      audit.remove(0);
    }
  }

  @Override
  public synchronized List<dev.tandem.store.AuditEntry> audit(dev.tandem.store.AuditEntry.Query q) {
    List<dev.tandem.store.AuditEntry> out = new ArrayList<>();
    for (int i = audit.size() - 1; i >= 0 && out.size() < q.limit(); i--) {
      dev.tandem.store.AuditEntry e = audit.get(i);
      if ((q.zone() == null || q.zone().equals(e.zone()))
          && (q.actor() == null || q.actor().equals(e.actor()))
          && (q.action() == null || q.action().equals(e.action()))) {
        out.add(e);
      }
    }
    return out;
  }
}
