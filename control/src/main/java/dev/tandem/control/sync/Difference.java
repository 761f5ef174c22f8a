package dev.tandem.control.sync;

import dev.tandem.control.sync.adapter.SyncAdapter.Replacement;
import dev.tandem.control.sync.adapter.SyncRrSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What differs between the RRsets Tandem would have at a target and those the target has: the
 * RRsets to add there (it has none), to change (it has others) and to delete (we have none). Each
 * entry holds both sides ({@linkplain SyncRrSet#absent() absent} where one has none), so the same
 * value is a plan, a conflict report and, read either way, a change set.
 *
 * @param add RRsets we have and the target lacks
 * @param change RRsets both have, differently
 * @param delete RRsets the target has and we lack
 */
record Difference(List<Pair> add, List<Pair> change, List<Pair> delete) {
  Difference {
    add = List.copyOf(add);
    change = List.copyOf(change);
    delete = List.copyOf(delete);
  }

  /**
   * One RRset on both sides.
   *
   * @param ours what we have (or would push)
   * @param theirs what the target has
   */
  record Pair(SyncRrSet ours, SyncRrSet theirs) {
    SyncRrSet.Key key() {
      return ours.key();
    }
  }

  /**
   * The difference between {@code ours} and {@code theirs}, leaving out the RRsets {@code ignored}
   * names ({@code NAME TYPE}).
   */
  static Difference between(
      Map<SyncRrSet.Key, SyncRrSet> ours,
      Map<SyncRrSet.Key, SyncRrSet> theirs,
      Set<String> ignored) {
    Set<SyncRrSet.Key> keys = new TreeSet<>(ours.keySet());
    keys.addAll(theirs.keySet());
    List<Pair> add = new ArrayList<>();
    List<Pair> change = new ArrayList<>();
    List<Pair> delete = new ArrayList<>();
    for (SyncRrSet.Key k : keys) {
      if (ignored.contains(k.toString())) {
        continue;
      }
      SyncRrSet o = ours.getOrDefault(k, SyncRrSet.absent(k));
      SyncRrSet t = theirs.getOrDefault(k, SyncRrSet.absent(k));
      if (o.absent() && t.absent()) {
        continue;
      }
      if (t.absent()) {
        add.add(new Pair(o, t));
      } else if (o.absent()) {
        delete.add(new Pair(o, t));
      } else if (!o.equals(t)) {
        change.add(new Pair(o, t));
      }
    }
    return new Difference(add, change, delete);
  }

  boolean isEmpty() {
    return add.isEmpty() && change.isEmpty() && delete.isEmpty();
  }

  /** Every differing RRset: additions, changes, deletions. */
  List<Pair> all() {
    List<Pair> out = new ArrayList<>(add);
    out.addAll(change);
    out.addAll(delete);
    return out;
  }

  /** The change set that makes the target equal to ours. */
  List<Replacement> toOurs() {
    return all().stream().map(p -> new Replacement(p.ours(), p.theirs())).toList();
  }

  /** In words: "add 12, change 3, delete 1". */
  String summary() {
    return "add " + add.size() + ", change " + change.size() + ", delete " + delete.size();
  }
}
