package dev.tandem.control.sync;

import dev.tandem.control.sync.adapter.SyncRrSet;
import java.util.List;
import org.xbill.DNS.Type;

/**
 * What a push would change at a target (or did change, or found changed there): RRsets to add,
 * change and delete there, each with both sides in zone file lines.
 *
 * @param target the target's name
 * @param serial our serial compared
 * @param summary "add N, change M, delete K"
 * @param add RRsets we have and the target lacks
 * @param change RRsets both have, differently
 * @param delete RRsets the target has and we lack
 */
public record SyncPlan(
    String target,
    long serial,
    String summary,
    List<Entry> add,
    List<Entry> change,
    List<Entry> delete) {

  /**
   * One RRset, both sides.
   *
   * @param name the owner
   * @param type the type
   * @param ours our records, as zone file lines (none: we have none)
   * @param theirs the target's
   */
  public record Entry(String name, String type, List<String> ours, List<String> theirs) {
    static Entry of(Difference.Pair p) {
      SyncRrSet.Key k = p.key();
      return new Entry(
          k.name().toString(), Type.string(k.type()), lines(p.ours()), lines(p.theirs()));
    }

    private static List<String> lines(SyncRrSet r) {
      return r.absent() ? List.of() : r.lines();
    }
  }

  static SyncPlan of(String target, long serial, Difference d) {
    return new SyncPlan(
        target,
        serial,
        d.summary(),
        d.add().stream().map(Entry::of).toList(),
        d.change().stream().map(Entry::of).toList(),
        d.delete().stream().map(Entry::of).toList());
  }
}
