package dev.tandem.control.sync;

import dev.tandem.control.sync.SyncStatus.State;
import dev.tandem.control.sync.adapter.SyncAdapter;
import dev.tandem.control.sync.adapter.SyncAdapter.Replacement;
import dev.tandem.control.sync.adapter.SyncException;
import dev.tandem.control.sync.adapter.SyncRrSet;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * Keeps one target equal to one zone: the engine, written once for every adapter.
 *
 * <p><b>The journal is the outbox.</b> The target's position is the serial of ours it last took.
 * When the zone serves another serial, the RRsets the journal's changes since then touch are pushed
 * as replacements, each with its value now (so a hundred edits of one RRset are one replacement,
 * and the target goes from one consistent version of ours to the next); deletions go first. Only
 * once the target has taken them is the new position saved. A crash between the two (kill -9)
 * pushes the same replacements again at start, which changes nothing there: nothing is lost and
 * nothing applied twice. When the journal no longer reaches back to the position (compacted, or the
 * zone replaced whole), the target is read and the whole difference pushed.
 *
 * <p><b>Failures.</b> Unreachable or failing, the push is tried again after a backoff doubling from
 * one second to {@link #MAX_BACKOFF}; the position stays, so the changes made meanwhile go in the
 * same push. A change set the target refuses is halved until the refused RRsets are found: those
 * are reported with its error, the rest applied.
 *
 * <p><b>Drift.</b> When the target has every change, it is read back every interval and compared
 * with what it should have; an RRset changed there outside Tandem is a conflict, reported (policy
 * report), overwritten with ours (ours-wins) or taken as ours (adopt-theirs).
 *
 * <p>One runner's steps run one at a time (its methods are synchronized): the scheduler's step and
 * an operator's plan, apply or resolve never overlap, and the adapter is used by one thread.
 */
final class TargetRunner {
  private static final Logger log = LoggerFactory.getLogger(TargetRunner.class);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
  private static final int CHUNK = 200;

  private final SyncAdapter adapter;
  private final OurZones ours;
  private final Consumer<SyncTarget> save;
  private final Clock clock;
  private volatile SyncTarget target;
  private volatile State state;
  private volatile @Nullable String lastError;
  private volatile @Nullable Instant lastPush;
  private volatile @Nullable Instant lastCheck;
  private volatile List<Difference.Pair> conflicts = List.of();
  private final SyncHistory history;
  private @Nullable Instant nextAttempt;
  private int failures;
  private volatile long pushedRrSets;
  private volatile boolean closed;

  TargetRunner(
      SyncTarget target,
      SyncAdapter adapter,
      OurZones ours,
      Consumer<SyncTarget> save,
      SyncHistory history,
      Clock clock) {
    this.target = target;
    this.adapter = adapter;
    this.ours = ours;
    this.save = save;
    this.history = history;
    this.clock = clock;
    this.state = target.applied() ? State.BEHIND : State.NEW;
  }

  SyncTarget target() {
    return target;
  }

  long pushedRrSets() {
    return pushedRrSets;
  }

  void close() {
    closed = true;
    history.close();
  }

  /**
   * The alert due now, if any: the state it stands in has held for {@code grace} and is not the one
   * last alerted. Marks it alerted.
   */
  synchronized @Nullable SyncAlert alertDue(Duration grace) {
    SyncHistory.Due d = closed ? null : history.due(grace, clock.instant());
    if (d == null) {
      return null;
    }
    State s = d.to();
    SyncTarget t = target;
    return new SyncAlert(
        t.objectName() + "/" + d.since().toEpochMilli() + "/" + s.word(),
        t.zone(),
        t.name(),
        t.kind().word(),
        adapter.describe(),
        d.from(),
        s,
        d.since(),
        s == State.UNREACHABLE || s == State.FAILING ? lastError : null,
        s == State.CONFLICT ? conflicts.stream().map(SyncPlan.Entry::of).toList() : List.of());
  }

  /** Notes the state the last step left, for the alerts. */
  private void stand() {
    history.stand(state, clock.instant());
  }

  /**
   * Takes up the target as another node sharing the store left it (its position, settings and what
   * it refused), when this node starts pushing to it or sees it changed there.
   */
  synchronized void takeUp(SyncTarget stored) {
    target = stored;
    lastCheck = null;
    nextAttempt = null;
    // Pushed there up to its position by the node that saved it.
    state = stored.applied() ? State.IN_SYNC : State.NEW;
  }

  /** As {@link #takeUp}, this node now pushing to it: its history and alerts as last stored too. */
  synchronized void takeOver(SyncTarget stored) {
    takeUp(stored);
    history.reload();
  }

  /** Takes new settings (policy, interval, exclusions, apex NS), its progress kept. */
  synchronized void reconfigure(java.util.function.UnaryOperator<SyncTarget> change) {
    target = saved(change.apply(target));
    lastCheck = null; // read back at the next step, under the new settings
    event(
        "settings: policy "
            + target.policy().word()
            + ", interval "
            + target.interval().toSeconds()
            + " s, exclusions "
            + target.exclusions()
            + (target.unionNs() ? ", apex NS union" : ", apex NS ours"));
  }

  /** One turn of the scheduler: push what is pending, or read back if due. */
  synchronized void step() {
    SyncTarget t = target;
    if (closed || !t.applied()) {
      return;
    }
    Instant now = clock.instant();
    if (nextAttempt != null && now.isBefore(nextAttempt)) {
      return;
    }
    ZoneSnapshot snap = ours.current(t.zone());
    if (snap == null) {
      return;
    }
    try {
      if (t.position() != snap.serial()) {
        state = State.PUSHING;
        // Not read back after each push: a zone changed every second would be read whole every
        // second. The read-back keeps its interval.
        push(snap);
      } else if (lastCheck == null || !now.isBefore(lastCheck.plus(t.interval()))) {
        readBack(snap);
      }
      recovered();
    } catch (SyncException e) {
      failed(e);
    } catch (RuntimeException e) {
      log.warn("sync {} of zone {}: {}", t.name(), t.zone(), e.toString(), e);
      failed(SyncException.failed(String.valueOf(e.getMessage())));
    }
    stand();
  }

  private void recovered() {
    if (failures > 0) {
      event("reachable again after " + failures + " failed attempts");
    }
    failures = 0;
    nextAttempt = null;
    lastError = null;
    state = conflicts.isEmpty() ? State.IN_SYNC : State.CONFLICT;
  }

  private void failed(SyncException e) {
    failures++;
    long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(failures - 1, 20));
    nextAttempt = clock.instant().plusMillis(backoff);
    String was = lastError;
    lastError = e.getMessage();
    state = e.kind() == SyncException.Kind.UNREACHABLE ? State.UNREACHABLE : State.FAILING;
    if (!String.valueOf(e.getMessage()).equals(was)) {
      event(state.word() + ": " + e.getMessage());
      log.warn("sync {} of zone {}: {}", target.name(), target.zone(), e.getMessage());
    }
  }

  /** Pushes what the target lacks to take it to {@code snap}, then saves the position. */
  private void push(ZoneSnapshot snap) throws SyncException {
    SyncTarget t = target;
    SyncView view = new SyncView(t);
    List<ZoneDiff> since = ours.changes(t.zone(), t.position(), snap.serial());
    List<Replacement> changes = new ArrayList<>();
    if (since == null) {
      Difference d =
          Difference.between(view.desired(snap), view.theirs(adapter.list()), refusedKeys());
      changes.addAll(d.toOurs());
      event(
          "the journal does not reach back to serial "
              + t.position()
              + ": compared whole zones, "
              + d.summary());
    } else {
      for (SyncRrSet.Key k : view.touched(since)) {
        SyncRrSet after = view.desired(snap, k);
        SyncRrSet before = view.before(snap, k, since);
        if (!after.equals(before)) {
          changes.add(new Replacement(after, before));
        }
      }
    }
    int applied = applyAll(changes);
    target = saved(target.at(snap.serial()));
    lastPush = clock.instant();
    if (!changes.isEmpty()) {
      event(
          "pushed serial "
              + t.position()
              + " → "
              + snap.serial()
              + ": "
              + applied
              + " RRsets"
              + (applied < changes.size() ? ", " + (changes.size() - applied) + " refused" : ""));
    }
  }

  /**
   * Applies a change set, deletions first, in chunks; RRsets the target refuses are found by
   * halving and recorded with its error. Returns how many were applied.
   */
  private int applyAll(List<Replacement> changes) throws SyncException {
    List<Replacement> sorted = new ArrayList<>(changes);
    sorted.sort(
        Comparator.comparing((Replacement r) -> !r.after().absent())
            .thenComparing(Replacement::key));
    Map<String, String> refused = new TreeMap<>(target.refused());
    List<Replacement> held = new ArrayList<>();
    for (Replacement r : sorted) {
      if (adapter.cannotHold().contains(r.key().type()) && !r.after().absent()) {
        refused.put(r.key().toString(), "the provider cannot hold " + Type.string(r.key().type()));
      } else {
        held.add(r);
      }
    }
    int applied = 0;
    for (int i = 0; i < held.size(); i += CHUNK) {
      applied += applyFinding(held.subList(i, Math.min(held.size(), i + CHUNK)), refused);
    }
    if (!refused.equals(target.refused())) {
      target = saved(target.withRefused(refused));
    }
    pushedRrSets += applied;
    return applied;
  }

  private int applyFinding(List<Replacement> part, Map<String, String> refused)
      throws SyncException {
    try {
      adapter.apply(part);
      part.forEach(r -> refused.remove(r.key().toString()));
      return part.size();
    } catch (SyncException e) {
      if (e.kind() != SyncException.Kind.REFUSED) {
        throw e;
      }
      if (part.size() == 1) {
        String key = part.getFirst().key().toString();
        if (!String.valueOf(e.getMessage()).equals(refused.get(key))) {
          event("refused " + key + ": " + e.getMessage());
        }
        refused.put(key, String.valueOf(e.getMessage()));
        return 0;
      }
      int half = part.size() / 2;
      return applyFinding(part.subList(0, half), refused)
          + applyFinding(part.subList(half, part.size()), refused);
    }
  }

  private Set<String> refusedKeys() {
    return target.refused().keySet();
  }

  /** Reads the target back and compares it with what it should have; applies the policy. */
  private void readBack(ZoneSnapshot snap) throws SyncException {
    SyncTarget t = target;
    SyncView view = new SyncView(t);
    Difference d =
        Difference.between(view.desired(snap), view.theirs(adapter.list()), refusedKeys());
    lastCheck = clock.instant();
    if (d.isEmpty()) {
      if (!conflicts.isEmpty()) {
        event("conflicts gone: the target has our RRsets again");
      }
      conflicts = List.of();
      return;
    }
    switch (t.policy()) {
      case REPORT -> {
        if (!d.all().equals(conflicts)) {
          event("conflict: changed at the target outside Tandem: " + keys(d.all()));
        }
        conflicts = d.all();
      }
      case OURS_WINS -> {
        applyAll(d.toOurs());
        conflicts = List.of();
        event("ours-wins: pushed ours again over " + keys(d.all()));
      }
      case ADOPT_THEIRS -> {
        adopt(d.all(), snap);
        conflicts = List.of();
      }
    }
  }

  /**
   * Makes their side of {@code pairs} ours. When the target had every change before, it has the new
   * serial too: its position moves there, so the change is not pushed back.
   */
  private long adopt(List<Difference.Pair> pairs, ZoneSnapshot snap) {
    SyncTarget t = target;
    SyncRrSet.Key apexNs = new SyncRrSet.Key(t.zone(), Type.NS);
    List<SyncRrSet> theirs = new ArrayList<>();
    for (Difference.Pair p : pairs) {
      // The apex NS pushed is ours plus theirs: theirs is not made ours as well.
      if (!(t.unionNs() && p.key().equals(apexNs))) {
        theirs.add(p.theirs());
      }
    }
    long serial = theirs.isEmpty() ? snap.serial() : ours.adopt(t.zone(), theirs, t.name());
    if (t.applied() && t.position() == snap.serial()) {
      target = saved(target.at(serial));
    }
    event("adopt-theirs: took " + keys(pairs) + " as ours (serial " + serial + ")");
    return serial;
  }

  /** The difference a push would make now. Reads the target; learns its own apex NS first. */
  synchronized SyncPlan plan() throws SyncException {
    ZoneSnapshot snap = current();
    List<SyncRrSet> listed = adapter.list();
    return SyncPlan.of(target.name(), snap.serial(), difference(snap, listed));
  }

  private Difference difference(ZoneSnapshot snap, List<SyncRrSet> listed) {
    if (!target.applied()) {
      target = saved(target.withTheirNs(new SyncView(target).apexNsOf(listed)));
    }
    SyncView view = new SyncView(target);
    return Difference.between(view.desired(snap), view.theirs(listed), refusedKeys());
  }

  /**
   * Pushes the whole difference now, or makes theirs ours ({@code adoptTheirs}, our SOA kept); from
   * then on the target follows the journal.
   */
  synchronized SyncPlan apply(boolean adoptTheirs) throws SyncException {
    ZoneSnapshot snap = current();
    Difference d = difference(snap, adapter.list());
    if (adoptTheirs) {
      target = saved(target.at(adopt(d.all(), snap)));
    } else {
      int applied = applyAll(d.toOurs());
      target = saved(target.at(snap.serial()));
      lastPush = clock.instant();
      event("applied: " + d.summary() + (applied < d.all().size() ? " (some refused)" : ""));
    }
    conflicts = List.of();
    lastCheck = clock.instant();
    recovered();
    stand();
    return SyncPlan.of(target.name(), snap.serial(), d);
  }

  /** Resolves conflicts (all, or those at {@code name} and {@code type}) one way. */
  synchronized List<SyncPlan.Entry> resolve(
      @Nullable String name, @Nullable String type, boolean takeOurs) throws SyncException {
    List<Difference.Pair> chosen = new ArrayList<>();
    for (Difference.Pair p : conflicts) {
      boolean nameOk = name == null || p.key().name().toString().equalsIgnoreCase(absolute(name));
      boolean typeOk = type == null || Type.string(p.key().type()).equalsIgnoreCase(type);
      if (nameOk && typeOk) {
        chosen.add(p);
      }
    }
    if (takeOurs) {
      applyAll(chosen.stream().map(p -> new Replacement(p.ours(), p.theirs())).toList());
      event("resolved with ours: " + keys(chosen));
    } else {
      adopt(chosen, current());
    }
    List<Difference.Pair> left = new ArrayList<>(conflicts);
    left.removeAll(chosen);
    conflicts = List.copyOf(left);
    state = conflicts.isEmpty() ? State.IN_SYNC : State.CONFLICT;
    stand();
    return chosen.stream().map(SyncPlan.Entry::of).toList();
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  private ZoneSnapshot current() throws SyncException {
    ZoneSnapshot snap = ours.current(target.zone());
    if (snap == null) {
      throw SyncException.failed("zone " + target.zone() + " has nothing served yet");
    }
    return snap;
  }

  SyncStatus status() {
    SyncTarget t = target;
    ZoneSnapshot snap = ours.current(t.zone());
    long serial = snap == null ? -1 : snap.serial();
    long behind = 0;
    Instant oldest = null;
    if (t.applied() && serial != t.position()) {
      behind = -1;
      List<JournalStep> journal = ours.journal(t.zone());
      for (int i = 0; i < journal.size(); i++) {
        if (journal.get(i).from() == t.position()) {
          behind = journal.size() - i;
          oldest = journal.get(i).at();
          break;
        }
      }
    }
    State s = state;
    if (s == State.IN_SYNC && t.applied() && serial != t.position()) {
      s = State.BEHIND;
    }
    List<SyncStatus.Refusal> refused =
        t.refused().entrySet().stream()
            .map(e -> new SyncStatus.Refusal(e.getKey(), e.getValue()))
            .toList();
    List<SyncStatus.Event> events = history.events();
    return new SyncStatus(
        t.name(),
        t.kind().word(),
        adapter.describe(),
        t.policy().word(),
        s,
        t.applied() ? t.position() : -1,
        serial,
        behind,
        oldest,
        s == State.UNREACHABLE || s == State.FAILING ? lastError : null,
        lastPush,
        lastCheck,
        conflicts.stream().map(SyncPlan.Entry::of).toList(),
        refused,
        events);
  }

  private SyncTarget saved(SyncTarget t) {
    save.accept(t);
    return t;
  }

  private void event(String what) {
    history.add(new SyncStatus.Event(clock.instant(), what));
    log.info("sync {} of zone {}: {}", target.name(), target.zone(), what);
  }

  private static String keys(List<Difference.Pair> pairs) {
    List<String> out = pairs.stream().map(p -> p.key().toString()).limit(10).toList();
    return String.join(", ", out)
        + (pairs.size() > 10 ? " and " + (pairs.size() - 10) + " more" : "");
  }
}
