package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.control.transfer.NotifyOutcome;
import dev.tandem.control.zone.CatalogStatus;
import dev.tandem.control.zone.SignatureStatus;
import dev.tandem.control.zone.ZoneStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A zone's status as the REST API (and {@code tandem zone status --json}) shows it: the one place a
 * {@link ZoneStatus} becomes JSON. Serials unknown yet are null, times ISO-8601.
 *
 * @param signatures present only for a signed zone
 * @param warnings what is served but needs an operator's eye (an in-zone name server without an
 *     address record)
 */
record ZoneStatusJson(
    String zone,
    String kind,
    String state,
    @Nullable Long serial,
    @Nullable Long primarySerial,
    @Nullable String lastSuccess,
    @Nullable String lastAttempt,
    @Nullable String lastError,
    @Nullable String lastRefusedNotify,
    @Nullable String nextRefresh,
    @Nullable String expiresAt,
    List<String> primaries,
    List<Notified> notified,
    long refusedTransfers,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Signatures signatures,
    List<String> warnings,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Catalog catalog) {

  /** The zone's part in a catalog zone (RFC 9432). */
  record Catalog(
      String role,
      String catalog,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String group,
      int members,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String problem) {
    static @Nullable Catalog of(@Nullable CatalogStatus c) {
      return c == null
          ? null
          : new Catalog(
              c.role().word(), c.catalog().toString(), c.group(), c.members(), c.problem());
    }
  }

  /** The last NOTIFY to one secondary. */
  record Notified(
      String target, long serial, String state, int attempts, @Nullable String error, String at) {
    static Notified of(NotifyOutcome n) {
      return new Notified(
          n.target(), n.serial(), n.state().word(), n.attempts(), n.error(), n.at().toString());
    }
  }

  /** The freshness of a signed zone's RRSIGs. */
  record Signatures(String state, String earliestExpiry, String rrset, int count) {
    static Signatures of(SignatureStatus s) {
      return new Signatures(
          s.state().word(), s.earliestExpiry().toString(), s.rrset(), s.signatures());
    }
  }

  static ZoneStatusJson of(ZoneStatus s) {
    SignatureStatus sig = s.signatures();
    return new ZoneStatusJson(
        s.zone().toString(),
        s.kind().word(),
        s.state().word(),
        s.serial() < 0 ? null : s.serial(),
        s.primarySerial() < 0 ? null : s.primarySerial(),
        text(s.lastSuccess()),
        text(s.lastAttempt()),
        s.lastError(),
        s.lastRefusedNotify(),
        text(s.nextRefresh()),
        text(s.expiresAt()),
        s.primaries(),
        s.notified().stream().map(Notified::of).toList(),
        s.refusedTransfers(),
        sig == null ? null : Signatures.of(sig),
        s.warnings(),
        Catalog.of(s.catalog()));
  }

  private static @Nullable String text(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }
}
