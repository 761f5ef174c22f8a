package dev.tandem.api;

import dev.tandem.control.service.ZoneService;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.BiFunction;
import org.xbill.DNS.Name;

/**
 * The actions: on one zone ({@code refresh}, {@code retransfer}, {@code notify}), queued and
 * answered 202 with what was queued; and {@code /api/reload} of the configured zone files.
 */
final class ActionResource {
  private final ApiServices s;

  ActionResource(ApiServices s) {
    this.s = s;
  }

  /** What an action queued. */
  record Accepted(String message) {}

  /** What a reload did, one line per zone. */
  record Reloaded(boolean ok, List<String> lines) {}

  void refresh(Context ctx) {
    queue(ctx, ZoneService::refresh);
  }

  void retransfer(Context ctx) {
    queue(ctx, ZoneService::retransfer);
  }

  void notifyNow(Context ctx) {
    queue(ctx, ZoneService::notifyNow);
  }

  private void queue(Context ctx, BiFunction<ZoneService, Name, String> action) {
    Json.send(ctx, 202, new Accepted(action.apply(s.zones(), Params.zone(ctx))));
  }

  void reload(Context ctx) {
    ApiServices.Reloader.Result r = s.reloader().reload();
    Json.send(ctx, r.ok() ? 200 : 422, new Reloaded(r.ok(), r.lines()));
  }
}
