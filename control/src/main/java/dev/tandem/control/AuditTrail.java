package dev.tandem.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.store.AuditEntry;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Writes the audit log: one entry per change asked for (through the REST API, the PowerDNS API, the
 * CLI, or an RFC 2136 UPDATE), after it was made or refused, with who asked, what it was (the
 * records or settings before and after; never a secret) and how it ended. Kept in the store, so
 * every node sharing it sees one log; bounded ({@link ZoneStore#AUDIT_KEPT}). A log that cannot be
 * written does not undo the change: it is logged as a warning.
 */
public final class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a change ended. */
  public static final String OK = "ok";

  private final ZoneStore store;
  private final Clock clock;

  public AuditTrail(ZoneStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Records one change.
   *
   * @param detail what it was, written as JSON (lists and maps of strings and numbers)
   * @param outcome {@link #OK}, or "refused: WHY", "failed: WHY"
   */
  public void record(
      String actor,
      String via,
      String action,
      @Nullable Name zone,
      String target,
      Map<String, ?> detail,
      String outcome) {
    String json;
    try {
      json = JSON.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      json = "{\"unwritable\": \"" + e.getOriginalMessage() + "\"}";
    }
    AuditEntry e =
        new AuditEntry(
            0,
            clock.instant(),
            actor,
            via,
            action,
            zone == null ? null : zone.toString(),
            target,
            json,
            outcome);
    try {
      store.recordAudit(e);
    } catch (StoreException | IllegalStateException failure) {
      log.warn(
          "audit log: could not record {} {} by {}: {}",
          action,
          zone == null ? target : zone + " " + target,
          actor,
          failure.getMessage());
    }
  }

  /** Entries matching {@code query}, newest first. */
  public List<AuditEntry> read(AuditEntry.Query query) {
    return store.audit(query);
  }
}
