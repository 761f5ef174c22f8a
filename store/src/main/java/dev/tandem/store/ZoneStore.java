package dev.tandem.store;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Where zones outlive the process: each zone's contents (a base version plus a journal of the
 * changes applied since) and its {@link ZoneState} (serials, refresh timers, last error).
 *
 * <p>Every write is one transaction: after a crash at any point (kill -9 included) a zone reads
 * back as it was before the write or as it is after it, never in between. A write returns only once
 * it is durable, so the caller may publish the new version as soon as it returns, unless the caller
 * asks for {@link Durability#SOON}: what can be fetched again need not wait for the disk.
 *
 * <p>Implementations are safe for use from several threads; writes to one zone come from one thread
 * at a time (the zone's lifecycle), writes to different zones may overlap. A store on a database
 * that several nodes share ({@link PostgresZoneStore}) also takes their writes to one zone in turn,
 * each checked against what the one before left, and reads see one committed version of a zone.
 */
public interface ZoneStore extends AutoCloseable {

  /**
   * The state of every stored zone, ordered by name (canonical DNS order), names lower-cased.
   * Instants read back to the millisecond.
   */
  List<ZoneState> zones();

  /** The state of one zone, if stored. */
  Optional<ZoneState> state(Name zone);

  /**
   * The stored contents of a zone: the base with every journal entry since applied, or empty if the
   * zone has no contents yet (a secondary that never completed a transfer).
   *
   * @throws StoreException if the contents cannot be read or do not decode
   */
  Optional<ZoneSnapshot> contents(Name zone);

  /**
   * What starting to serve a stored zone reads: its state, contents and journal.
   *
   * @param state its state, empty if the store does not hold the zone
   * @param contents its contents, null if none are stored or they do not read back
   * @param unreadable why the stored contents do not read back, or null
   * @param journal its journal, oldest first (empty without contents), or null if unreadable
   */
  record Starting(
      Optional<ZoneState> state,
      @Nullable ZoneSnapshot contents,
      @Nullable String unreadable,
      @Nullable List<JournalStep> journal) {

    /** {@code zone}'s, read from {@code store} one read at a time. */
    public static Starting read(ZoneStore store, Name zone) {
      return of(store.state(zone), () -> store.contents(zone), () -> store.journal(zone));
    }

    /**
     * From {@code state} and what {@code contents} and {@code journal} give: a read of either that
     * fails (a {@link StoreException}) is said, not thrown; the journal is not read without
     * contents.
     */
    public static Starting of(
        Optional<ZoneState> state,
        java.util.function.Supplier<Optional<ZoneSnapshot>> contents,
        java.util.function.Supplier<List<JournalStep>> journal) {
      ZoneSnapshot z;
      try {
        z = contents.get().orElse(null);
      } catch (StoreException e) {
        return new Starting(state, null, e.getMessage(), List.of());
      }
      if (z == null) {
        return new Starting(state, null, null, List.of());
      }
      List<JournalStep> steps;
      try {
        steps = journal.get();
      } catch (StoreException e) {
        steps = null;
      }
      return new Starting(state, z, null, steps);
    }
  }

  /**
   * {@link Starting} for each of {@code zones}, by name. A store may read them in one transaction:
   * at a restart with 100,000 catalog members, three transactions a zone took a third of the time.
   *
   * @throws StoreException if the store cannot be read at all (a zone whose contents or journal do
   *     not read back says so in its {@link Starting})
   */
  default Map<Name, Starting> starting(List<Name> zones) {
    Map<Name, Starting> out = new java.util.HashMap<>();
    for (Name zone : zones) {
      out.put(zone, Starting.read(this, zone));
    }
    return out;
  }

  /**
   * When a write is on disk. Either way it is one transaction and survives the process being killed
   * (the operating system holds it); the difference is a power failure or a crash of the machine in
   * the second after the write returns.
   */
  enum Durability {
    /** On disk when the write returns: what exists nowhere else (a primary zone's versions). */
    NOW,
    /**
     * On disk within about a second of the write returning: what the zone's primaries still have (a
     * secondary zone's transferred versions, its timers). A power failure in that second leaves the
     * zone at the version before, which the next refresh transfers again. Writes reach the disk in
     * the order they were made, so a later {@link #NOW} write brings every earlier one with it.
     * Spares the disk flush that would otherwise end every write: a catalog's thousands of new
     * members each waited for one.
     */
    SOON
  }

  /**
   * Replaces a zone's contents with a full version (a zone file, an AXFR) and saves its state, in
   * one transaction. The journal is emptied: its changes led to a version that no longer exists.
   *
   * @throws IllegalArgumentException if the state is for another zone or another serial, or the
   *     contents have no SOA
   */
  void replace(ZoneSnapshot contents, ZoneState state, Durability durability);

  /** {@link #replace(ZoneSnapshot, ZoneState, Durability)}, on disk when it returns. */
  default void replace(ZoneSnapshot contents, ZoneState state) {
    replace(contents, state, Durability.NOW);
  }

  /**
   * {@link #replace(ZoneSnapshot, ZoneState, Durability)} with {@link Durability#SOON}, without
   * waiting for it: for a version already served that the primaries still have, a secondary's
   * first, which a restart before the write would transfer again. A store that commits callers'
   * work together (SQLite) queues it for its next commit, within a few tens of milliseconds, or
   * writes it before returning when many writes are queued already; any other store writes it
   * before returning. Reads and writes that come after it see it.
   *
   * @return completes when written, or exceptionally with the {@link StoreException} that says why
   *     it was not; maybe on the thread that committed it, which must not be held up: what follows
   *     should only hand the outcome on
   * @throws IllegalArgumentException as {@link #replace(ZoneSnapshot, ZoneState, Durability)}
   */
  default CompletionStage<@Nullable Void> replaceLater(ZoneSnapshot contents, ZoneState state) {
    try {
      replace(contents, state, Durability.SOON);
      return CompletableFuture.completedStage(null);
    } catch (StoreException e) {
      return CompletableFuture.failedStage(e);
    }
  }

  /**
   * Records one change (an IXFR delta, an UPDATE) that takes the zone from {@code step.from()} to
   * {@code step.to()} and saves the state, in one transaction. Costs in proportion to the change,
   * not the zone.
   *
   * @throws IllegalArgumentException if the state is for another zone or its serial is not {@code
   *     step.to()}, or the change does not lead to {@code step.to()} (the serial of the apex SOA it
   *     adds, or {@code step.from()} if it adds none)
   * @throws StoreException if the zone has no stored contents or they are not at {@code
   *     step.from()}
   */
  void append(Name zone, JournalStep step, ZoneState state, Durability durability);

  /** {@link #append(Name, JournalStep, ZoneState, Durability)}, on disk when it returns. */
  default void append(Name zone, JournalStep step, ZoneState state) {
    append(zone, step, state, Durability.NOW);
  }

  /**
   * Saves the state alone (timers, last attempt and error), creating the zone if new.
   *
   * @throws IllegalArgumentException if the state's serial is not that of the stored contents (-1
   *     if there are none): contents change only by {@link #replace} and {@link #append}
   */
  void saveState(ZoneState state, Durability durability);

  /** {@link #saveState(ZoneState, Durability)}, on disk when it returns. */
  default void saveState(ZoneState state) {
    saveState(state, Durability.NOW);
  }

  /** How many journal entries {@link #compact(ZoneSnapshot)} keeps per zone, the newest. */
  int JOURNAL_KEPT = 1000;

  /**
   * Rewrites the base from {@code current} so that reading the zone back no longer replays the
   * journal; the newest {@code keep} journal entries are kept (IXFR out is served from them), older
   * ones deleted, so the journal stays bounded.
   *
   * @throws StoreException if the zone has no stored contents or they are at another serial
   */
  void compact(ZoneSnapshot current, int keep);

  /** {@link #compact(ZoneSnapshot, int)} keeping the newest {@link #JOURNAL_KEPT} entries. */
  default void compact(ZoneSnapshot current) {
    compact(current, JOURNAL_KEPT);
  }

  /**
   * A zone's settings (where its contents came from, who may transfer it, ...), by name; empty if
   * none or the zone is not stored.
   */
  Map<String, String> settings(Name zone);

  /**
   * Saves one setting of a stored zone, or removes it if {@code value} is null.
   *
   * @throws StoreException if the zone is not stored
   */
  void saveSetting(Name zone, String setting, @Nullable String value);

  /**
   * Saves several settings of a stored zone at once (a null value removes one): all of them or, if
   * the store fails, none.
   *
   * @throws StoreException if the zone is not stored or the write fails
   */
  default void saveSettings(Name zone, Map<String, @Nullable String> values) {
    values.forEach((setting, value) -> saveSetting(zone, setting, value));
  }

  /**
   * Every stored zone's value of one setting, by zone; zones without it are left out. One read,
   * however many zones (a catalog's members at start).
   */
  Map<Name, String> settingOfAll(String setting);

  /**
   * Every stored zone's settings whose names start with {@code prefix}, by zone; zones with none
   * are left out. One read however many zones (a search through every zone's RRset comments); by
   * default, a read a zone.
   */
  default Map<Name, Map<String, String>> settingsStartingWith(String prefix) {
    Map<Name, Map<String, String>> out = new java.util.HashMap<>();
    for (ZoneState z : zones()) {
      Map<String, String> mine = new java.util.TreeMap<>(settings(z.zone()));
      mine.keySet().removeIf(name -> !name.startsWith(prefix));
      if (!mine.isEmpty()) {
        out.put(z.zone(), mine);
      }
    }
    return out;
  }

  /** The mark that asks {@link #changedZones} for every stored zone. */
  long EVERY_ZONE = -1;

  /**
   * The zones written since {@code mark} (a {@link ZoneChanges#mark()} this store returned), with
   * each one's value of {@code setting}, and those deleted since, read as of one moment: what a
   * node sharing the store with others takes in every second. {@link #EVERY_ZONE}, or a store that
   * does not keep track (the default), reads every stored zone instead.
   */
  default ZoneChanges changedZones(long mark, String setting) {
    return new ZoneChanges(zones(), settingOfAll(setting), Set.of(), true, EVERY_ZONE);
  }

  /**
   * What {@link #changedZones} read.
   *
   * @param zones the zones written since the mark (every stored zone if {@code complete})
   * @param setting the setting asked for of each of {@code zones} that has it
   * @param deleted zones deleted since the mark and not stored again when read (empty if {@code
   *     complete}: then a zone missing from {@code zones} is not stored)
   * @param complete whether {@code zones} holds every stored zone
   * @param mark what to pass next time to read only what was written after this read
   */
  record ZoneChanges(
      List<ZoneState> zones,
      Map<Name, String> setting,
      Set<Name> deleted,
      boolean complete,
      long mark) {}

  /**
   * A zone to create with {@link #createAll}.
   *
   * @param state its state (serial -1: no contents yet)
   * @param settings its settings
   */
  record NewZone(ZoneState state, Map<String, String> settings) {
    public NewZone {
      if (state.serial() != -1) {
        throw new IllegalArgumentException(
            "a new zone has no contents yet, so its serial is -1, not " + state.serial());
      }
      settings = Map.copyOf(settings);
    }
  }

  /**
   * Creates zones, each with its state and settings, in one transaction (a catalog's new members: a
   * thousand at once cost one commit). A zone stored already is first removed whole, as {@link
   * #delete} removes it.
   */
  void createAll(List<NewZone> zones);

  /**
   * {@code items} in the order of their zones' keys in the store as text, the order SQLite's
   * indexes by name keep (and PostgreSQL's under the C collation): many new zones created in it,
   * then transferred in it, change a few neighbouring index pages per commit instead of about one
   * page per zone. A catalog's 100,000 new members in the order its map gave them: 1.16 GB written
   * to the log and the database file while they arrived, 85-90% of each commit's pages those of the
   * two indexes by name; in this order 0.23 GB, and all served a second sooner
   * (docs/benchmarks.md).
   *
   * @param zone the zone of an item
   */
  static <T> List<T> inKeyOrder(Collection<T> items, Function<T, Name> zone) {
    record Keyed<T>(String key, T item) {}
    List<Keyed<T>> keyed = new ArrayList<>(items.size());
    for (T item : items) {
      keyed.add(new Keyed<>(ZoneRows.key(zone.apply(item)), item));
    }
    keyed.sort(Comparator.comparing(Keyed::key));
    List<T> out = new ArrayList<>(keyed.size());
    for (Keyed<T> k : keyed) {
      out.add(k.item());
    }
    return out;
  }

  /** Removes zones as {@link #delete} does, all in one transaction. */
  void deleteAll(List<Name> zones);

  /** The journal entries of a zone, oldest first. */
  List<JournalStep> journal(Name zone);

  /** Removes a zone: state, contents, journal and settings. */
  void delete(Name zone);

  /**
   * The control plane's objects of one kind (TSIG keys, peers, ACLs, API keys), JSON by name, in
   * name order. The store keeps the text as given; its shape is the control plane's.
   */
  Map<String, String> objects(String kind);

  /** One object, if stored. */
  Optional<String> object(String kind, String name);

  /** Creates or replaces one object. */
  void saveObject(String kind, String name, String json);

  /** Removes one object; false if there was none. */
  boolean deleteObject(String kind, String name);

  /**
   * Saves {@code json} as the object only if its body is {@code expected} now (null: only if there
   * is none), in one statement: of nodes sharing the store that race to change it, exactly one
   * does. False if the body was something else (a lease held by another node, say).
   */
  boolean replaceObject(String kind, String name, @Nullable String expected, String json);

  /** How many transfers {@link #recordTransfer} keeps per zone, the newest. */
  int TRANSFERS_KEPT = 200;

  /**
   * Records a transfer of a zone, in or out; the oldest beyond {@link #TRANSFERS_KEPT} go. A store
   * may return before the record is written (it joins the next commit; one that fails is logged),
   * but its own reads that follow see it; it is on disk as {@link Durability#SOON} says.
   */
  void recordTransfer(Transfer transfer);

  /** A zone's transfers, newest first, at most {@code limit}. */
  List<Transfer> transfers(Name zone, int limit);

  /** How many entries {@link #recordAudit} keeps, the newest. */
  int AUDIT_KEPT = 100_000;

  /**
   * Records an entry of the audit log, with the next sequence number; the oldest beyond {@link
   * #AUDIT_KEPT} go.
   */
  default void recordAudit(AuditEntry entry) {
    recordAudit(entry, AUDIT_KEPT);
  }

  /**
   * Records an entry of the audit log, with the next sequence number, and keeps the newest {@code
   * kept} entries (a bound other than {@link #AUDIT_KEPT} is for tests).
   */
  void recordAudit(AuditEntry entry, int kept);

  /** Audit log entries matching {@code query}, newest first. */
  List<AuditEntry> audit(AuditEntry.Query query);

  /**
   * Which store this is, for logs and messages: the database and where it is ({@code SQLite file
   * /var/lib/tandem/tandem.db}, {@code PostgreSQL postgresql://tandem@db1:5432/tandem}), never a
   * password.
   */
  default String describe() {
    return getClass().getSimpleName();
  }

  @Override
  void close();
}
