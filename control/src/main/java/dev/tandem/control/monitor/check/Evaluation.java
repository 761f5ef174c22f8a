package dev.tandem.control.monitor.check;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Findings#evaluate} made of one round: the findings, and each server's state and lag.
 *
 * @param referenceSerial the serial every server should have (the primary's for a secondary zone
 *     here, ours otherwise), or -1 when none is known
 * @param servers by address
 * @param state the zone's: the worst of its servers' and of its own findings'
 */
public record Evaluation(
    long referenceSerial,
    List<Finding> findings,
    Map<InetSocketAddress, ServerState> servers,
    ConsistencyState state) {

  public Evaluation {
    findings = List.copyOf(findings);
    servers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(servers));
  }

  /** The standing of the server at {@code address}; ok with an unknown lag if it was not judged. */
  public ServerState server(InetSocketAddress address) {
    ServerState s = servers.get(address);
    return s != null ? s : new ServerState(ConsistencyState.OK, -1);
  }

  /**
   * One server's standing.
   *
   * @param lagSeconds how long it has been behind the reference serial (since the first serial it
   *     lacks was seen), 0 when current, -1 when unknown (no answer, or no serial to compare)
   */
  public record ServerState(ConsistencyState state, long lagSeconds) {}
}
