package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.ConsistencyState;
import dev.tandem.control.monitor.check.Content;
import dev.tandem.control.monitor.check.Finding;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.monitor.lookup.Delegation;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A zone's consistency as of its last round of checks: the matrix of servers, the findings with
 * since-when, the parent's delegation, the recent transitions. What {@code GET
 * /api/zones/{zone}/consistency} and {@code tandem zone check} show.
 *
 * @param serial the serial served here, or -1
 * @param referenceSerial the serial every server should have, or -1
 * @param took how long the round took, in milliseconds
 * @param transitions the recent transitions, newest first
 */
public record ZoneReport(
    Name zone,
    ConsistencyState state,
    Instant stateSince,
    Instant checkedAt,
    long took,
    long serial,
    long referenceSerial,
    List<ServerReport> servers,
    List<FindingReport> findings,
    @Nullable Delegation delegation,
    List<Transition> transitions) {

  public ZoneReport {
    servers = List.copyOf(servers);
    findings = List.copyOf(findings);
    transitions = List.copyOf(transitions);
  }

  /**
   * One server's row.
   *
   * @param serial the serial it serves, or -1
   * @param lagSeconds how long it has been behind, 0 if current, -1 if unknown
   * @param latencyMicros its SOA answer's time over UDP, or -1
   * @param tcp whether it answered over TCP this round, null if not tried
   * @param expire the EDNS EXPIRE it gave, or -1
   * @param nsSet its apex NS RRset, null if not learnt
   * @param dnskeyTags the key tags of its DNSKEYs, null if not asked
   * @param signatureExpires its first signature expiry seen, or null
   * @param content how its contents compared this round, or null
   * @param propagationSeconds how long the last new serial took to reach it, or -1
   */
  public record ServerReport(
      Server server,
      ConsistencyState state,
      Instant stateSince,
      long serial,
      long lagSeconds,
      long latencyMicros,
      boolean udp,
      @Nullable Boolean tcp,
      boolean authoritative,
      long expire,
      @Nullable List<Name> nsSet,
      @Nullable List<Integer> dnskeyTags,
      @Nullable Instant signatureExpires,
      @Nullable Content content,
      long propagationSeconds) {}

  /** A finding with when it was first seen (in consecutive rounds). */
  public record FindingReport(Finding finding, Instant since) {}

  /** The row of the server at {@code label} ({@code 192.0.2.1:53}), if it is one. */
  public @Nullable ServerReport server(String label) {
    for (ServerReport s : servers) {
      if (s.server().label().equals(label)) {
        return s;
      }
    }
    return null;
  }
}
