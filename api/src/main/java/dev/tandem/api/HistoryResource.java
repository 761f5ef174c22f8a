package dev.tandem.api;

import dev.tandem.control.service.ZoneService;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import io.javalin.http.Context;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/zones/{zone}/journal} and {@code /transfers}: what a zone kept for IXFR out, and its
 * transfers in and out. The one place journal steps and transfers become JSON.
 */
final class HistoryResource {
  private static final int DEFAULT_LIMIT = 50;

  private final ZoneService zones;

  HistoryResource(ZoneService zones) {
    this.zones = zones;
  }

  /** One journaled change: the records it removed and added, as zone file lines. */
  record JournalStepJson(
      long fromSerial, long toSerial, String at, List<String> removed, List<String> added) {
    static JournalStepJson of(JournalStep e) {
      return new JournalStepJson(
          e.from(),
          e.to(),
          e.at().toString(),
          e.diff().removed().stream().map(Object::toString).toList(),
          e.diff().added().stream().map(Object::toString).toList());
    }
  }

  /** One transfer; serials unknown (a failure before the SOA) are null. */
  record TransferJson(
      String at,
      String direction,
      String peer,
      String type,
      @Nullable Long fromSerial,
      @Nullable Long toSerial,
      long records,
      long bytes,
      long millis,
      String result,
      @Nullable String error) {
    static TransferJson of(Transfer t) {
      return new TransferJson(
          t.at().toString(),
          t.direction().word(),
          t.peer(),
          t.kind().name(),
          t.fromSerial() < 0 ? null : t.fromSerial(),
          t.toSerial() < 0 ? null : t.toSerial(),
          t.records(),
          t.bytes(),
          t.millis(),
          t.result().word(),
          t.error());
    }
  }

  void journal(Context ctx) {
    Json.ok(ctx, zones.journal(Params.zone(ctx)).stream().map(JournalStepJson::of).toList());
  }

  void transfers(Context ctx) {
    int limit = (int) Params.number(ctx, "limit", DEFAULT_LIMIT, 1, Integer.MAX_VALUE);
    Json.ok(ctx, zones.transfers(Params.zone(ctx), limit).stream().map(TransferJson::of).toList());
  }
}
