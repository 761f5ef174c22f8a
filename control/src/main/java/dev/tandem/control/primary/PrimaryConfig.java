package dev.tandem.control.primary;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.zone.JournalWindow;
import dev.tandem.dns.zone.RrSetLimits;
import dev.tandem.dns.zone.ZoneUpdate;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A primary zone as configured: where its contents start from, who may transfer and change it, whom
 * to NOTIFY, how its serial moves and how much of its history is kept.
 *
 * @param zone the zone's origin
 * @param file the zone file it is loaded from (and reloaded on SIGHUP), or null for a zone that
 *     lives only in the store (created with {@code tandem zone create})
 * @param allowTransfer who may transfer it (AXFR/IXFR out); nobody by default
 * @param alsoNotify secondaries to NOTIFY on every new serial
 * @param notifyNs whether the addresses of the zone's NS set are NOTIFYed too (port 53; our own
 *     addresses excepted): off unless asked for, as in Knot, so that a zone whose NS names point
 *     anywhere does not make this server send packets there
 * @param allowUpdate who may change it by RFC 2136 UPDATE; nobody by default
 * @param serialPolicy how the serial moves on each change
 * @param journal how much history is kept for IXFR out
 * @param rrsetLimits how large a change may make an RRset (records: {@code max-records-per-type})
 */
public record PrimaryConfig(
    Name zone,
    @Nullable Path file,
    List<AclRule> allowTransfer,
    List<Remote> alsoNotify,
    boolean notifyNs,
    List<UpdateRule> allowUpdate,
    SerialPolicy serialPolicy,
    JournalWindow.Limits journal,
    RrSetLimits rrsetLimits) {

  public PrimaryConfig {
    allowTransfer = List.copyOf(allowTransfer);
    alsoNotify = List.copyOf(alsoNotify);
    allowUpdate = List.copyOf(allowUpdate);
  }

  /** A zone file served as a primary zone: nobody may transfer or change it, nobody NOTIFYed. */
  public static PrimaryConfig of(Name zone, @Nullable Path file) {
    return new PrimaryConfig(
        zone,
        file,
        List.of(),
        List.of(),
        false,
        List.of(),
        SerialPolicy.INCREMENT,
        JournalWindow.Limits.DEFAULT,
        RrSetLimits.DEFAULT);
  }

  public PrimaryConfig withAccess(
      List<AclRule> moreTransfer, List<Remote> moreNotify, List<UpdateRule> moreUpdate) {
    return new PrimaryConfig(
        zone,
        file,
        concat(allowTransfer, moreTransfer),
        concat(alsoNotify, moreNotify),
        notifyNs,
        concat(allowUpdate, moreUpdate),
        serialPolicy,
        journal,
        rrsetLimits);
  }

  public PrimaryConfig withSerialPolicy(SerialPolicy policy) {
    return new PrimaryConfig(
        zone, file, allowTransfer, alsoNotify, notifyNs, allowUpdate, policy, journal, rrsetLimits);
  }

  public PrimaryConfig withJournal(JournalWindow.Limits limits) {
    return new PrimaryConfig(
        zone,
        file,
        allowTransfer,
        alsoNotify,
        notifyNs,
        allowUpdate,
        serialPolicy,
        limits,
        rrsetLimits);
  }

  public PrimaryConfig withNotifyNs(boolean on) {
    return new PrimaryConfig(
        zone, file, allowTransfer, alsoNotify, on, allowUpdate, serialPolicy, journal, rrsetLimits);
  }

  /** As this, with at most {@code maxRecords} records in an RRset after a change. */
  public PrimaryConfig withMaxRecordsPerType(int maxRecords) {
    return new PrimaryConfig(
        zone,
        file,
        allowTransfer,
        alsoNotify,
        notifyNs,
        allowUpdate,
        serialPolicy,
        journal,
        rrsetLimits.withMaxRecords(maxRecords));
  }

  /** Whether TSIG key {@code key} is named anywhere in this configuration. */
  public boolean usesKey(Name key) {
    return allowTransfer.stream().anyMatch(r -> key.equals(r.key()))
        || alsoNotify.stream().anyMatch(r -> key.equals(r.key()))
        || allowUpdate.stream().anyMatch(r -> key.equals(r.key()));
  }

  /**
   * What an UPDATE signed with {@code key} may change (RFC 2136 section 3.3 leaves the policy to
   * the server), or null if nothing: the union of the zone's rules for that key.
   */
  public ZoneUpdate.@Nullable Policy updatePolicy(Name key) {
    List<UpdateRule> rules = allowUpdate.stream().filter(r -> r.key().equals(key)).toList();
    if (rules.isEmpty()) {
      return null;
    }
    return (owner, type) -> rules.stream().anyMatch(r -> r.allows(key, owner, type));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<T> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
