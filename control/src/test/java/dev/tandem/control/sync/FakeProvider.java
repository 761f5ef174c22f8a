package dev.tandem.control.sync;

import dev.tandem.control.sync.adapter.SyncAdapter;
import dev.tandem.control.sync.adapter.SyncException;
import dev.tandem.control.sync.adapter.SyncRrSet;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Another provider in memory: its RRsets, the change sets it took (to see what was sent and how
 * often), a switch that makes it unreachable, and types it refuses as a provider's API would.
 */
final class FakeProvider implements SyncAdapter {
  final Map<SyncRrSet.Key, SyncRrSet> rrsets = new TreeMap<>();
  final List<List<Replacement>> applied = new ArrayList<>();
  volatile boolean down;

  /** Applies the change set, then fails as a connection lost before the answer would. */
  volatile boolean loseAnswer;

  Set<Integer> refusedTypes = Set.of();

  synchronized List<String> records(SyncRrSet.Key k) {
    SyncRrSet r = rrsets.get(k);
    return r == null ? List.of() : r.records();
  }

  void put(SyncRrSet r) {
    rrsets.put(r.key(), r);
  }

  @Override
  public synchronized List<SyncRrSet> list() throws SyncException {
    if (down) {
      throw SyncException.unreachable("connection refused", new ConnectException());
    }
    return List.copyOf(rrsets.values());
  }

  @Override
  public synchronized void apply(List<Replacement> changes) throws SyncException {
    if (down) {
      throw SyncException.unreachable("connection refused", new ConnectException());
    }
    for (Replacement c : changes) {
      if (refusedTypes.contains(c.key().type())) {
        throw SyncException.refused("422: type " + c.key().type() + " is not supported");
      }
    }
    applied.add(List.copyOf(changes));
    for (Replacement c : changes) {
      if (c.after().absent()) {
        rrsets.remove(c.key());
      } else {
        rrsets.put(c.key(), c.after());
      }
    }
    if (loseAnswer) {
      throw SyncException.unreachable("connection reset", new ConnectException());
    }
  }

  @Override
  public String describe() {
    return "memory";
  }
}
