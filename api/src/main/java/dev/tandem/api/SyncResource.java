package dev.tandem.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.sync.SyncPlan;
import dev.tandem.control.sync.SyncStatus;
import dev.tandem.control.sync.SyncTarget;
import dev.tandem.control.sync.SyncTargets;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Primary/primary sync targets of a zone: list, add, show, remove; the plan (what applying would
 * change there), apply (or adopt theirs), and the conflicts found there (listed, resolved one way).
 * In a server without sync, each answers 503. A target that does not answer while the caller waits
 * is a 502 with its error.
 */
final class SyncResource {
  private final ApiServices s;

  SyncResource(ApiServices s) {
    this.s = s;
  }

  private SyncTargets sync() {
    SyncTargets t = s.sync();
    if (t == null) {
      throw new ApiError(503, "primary/primary sync does not run in this server");
    }
    return t;
  }

  /**
   * A sync target as the API shows it (never its key).
   *
   * @param state new, in-sync, pushing, behind, conflict, unreachable or failing
   * @param position the serial of ours last applied there (-1 before the first apply)
   * @param behind changes not yet there (-1: unknown, a full comparison follows)
   */
  record StatusJson(
      String name,
      String kind,
      String endpoint,
      String policy,
      String state,
      long position,
      long serial,
      long behind,
      @Nullable String oldestBehind,
      @Nullable String lastError,
      @Nullable String lastPush,
      @Nullable String lastCheck,
      List<SyncPlan.Entry> conflicts,
      List<SyncStatus.Refusal> refused,
      List<EventJson> history) {
    static StatusJson of(SyncStatus t) {
      return new StatusJson(
          t.name(),
          t.kind(),
          t.endpoint(),
          t.policy(),
          t.state().word(),
          t.position(),
          t.serial(),
          t.behind(),
          text(t.oldestBehind()),
          t.lastError(),
          text(t.lastPush()),
          text(t.lastCheck()),
          t.conflicts(),
          t.refused(),
          t.history().stream().map(e -> new EventJson(e.at().toString(), e.what())).toList());
    }
  }

  /** One thing that happened to a target. */
  record EventJson(String at, String what) {}

  private static @Nullable String text(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }

  /** The body of {@code POST /api/zones/{zone}/sync}. */
  record NewTargetBody(
      String name,
      String kind,
      String endpoint,
      @Nullable String key,
      @Nullable String apiKey,
      @Nullable String serverId,
      @Nullable String policy,
      @Nullable Long intervalSeconds,
      @Nullable List<String> exclude,
      @Nullable String apexNs) {
    SyncTarget toTarget(Name zone) {
      SyncTarget.Kind k =
          switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "rfc2136" -> SyncTarget.Kind.RFC2136;
            case "powerdns" -> SyncTarget.Kind.POWERDNS;
            case "tandem" -> SyncTarget.Kind.TANDEM;
            default ->
                throw ApiError.invalid("kind", "'" + kind + "' is not rfc2136, powerdns or tandem");
          };
      boolean union = apexNs == null || unionNs(apexNs);
      String secret = k == SyncTarget.Kind.RFC2136 ? key : apiKey;
      return new SyncTarget(
          zone,
          name,
          k,
          endpoint,
          secret,
          serverId == null ? "localhost" : serverId,
          policy == null ? SyncTarget.Policy.REPORT : SyncTarget.Policy.parse(policy),
          Duration.ofSeconds(intervalSeconds == null ? 60 : intervalSeconds),
          exclude == null ? List.of() : exclude,
          union,
          List.of(),
          false,
          -1,
          Map.of());
    }

    static NewTargetBody read(ObjectNode o) {
      Json.only(o, NewTargetBody.class);
      long interval = Json.number(o, "intervalSeconds", 60);
      return new NewTargetBody(
          Json.text(o, "name"),
          Json.text(o, "kind"),
          Json.text(o, "endpoint"),
          Json.optionalText(o, "key"),
          Json.optionalText(o, "apiKey"),
          Json.optionalText(o, "serverId"),
          Json.optionalText(o, "policy"),
          interval,
          Json.texts(o, "exclude"),
          Json.optionalText(o, "apexNs"));
    }
  }

  /** The body of {@code PATCH /api/zones/{zone}/sync/{name}}: each given replaces the target's. */
  record SettingsBody(
      @Nullable String policy,
      @Nullable Long intervalSeconds,
      @Nullable List<String> exclude,
      @Nullable String apexNs) {}

  void reconfigure(Context ctx) {
    Name zone = zone(ctx);
    ObjectNode o = Json.object(ctx);
    Json.only(o, SettingsBody.class);
    String policy = Json.optionalText(o, "policy");
    String apexNs = Json.optionalText(o, "apexNs");
    Boolean union = apexNs == null ? null : unionNs(apexNs);
    Json.ok(
        ctx,
        StatusJson.of(
            sync()
                .reconfigure(
                    zone,
                    ctx.pathParam("name"),
                    policy == null ? null : SyncTarget.Policy.parse(policy),
                    o.has("intervalSeconds")
                        ? Duration.ofSeconds(Json.number(o, "intervalSeconds", 60))
                        : null,
                    o.has("exclude") ? Json.texts(o, "exclude") : null,
                    union)));
  }

  static boolean unionNs(String apexNs) {
    return switch (apexNs.trim().toLowerCase(Locale.ROOT)) {
      case "union" -> true;
      case "ours" -> false;
      default -> throw ApiError.invalid("apexNs", "'" + apexNs + "' is not union or ours");
    };
  }

  /** The body of {@code POST .../apply}: push ours (default), or make theirs ours. */
  record ApplyBody(@Nullable Boolean adoptTheirs) {}

  /** The body of {@code POST .../conflicts}: which conflicts (all if no name), and whose side. */
  record ResolveBody(@Nullable String name, @Nullable String type, String take) {}

  void list(Context ctx) {
    Name zone = zone(ctx);
    Json.ok(ctx, sync().list(zone).stream().map(StatusJson::of).toList());
  }

  void add(Context ctx) {
    Name zone = zone(ctx);
    SyncTarget t = NewTargetBody.read(Json.object(ctx)).toTarget(zone);
    Json.send(ctx, 201, StatusJson.of(sync().add(t)));
  }

  void get(Context ctx) {
    Json.ok(ctx, StatusJson.of(sync().status(zone(ctx), ctx.pathParam("name"))));
  }

  void remove(Context ctx) {
    sync().remove(zone(ctx), ctx.pathParam("name"));
    ctx.status(204);
  }

  void plan(Context ctx) {
    Name zone = zone(ctx);
    Json.ok(ctx, waited(() -> sync().plan(zone, ctx.pathParam("name"))));
  }

  void apply(Context ctx) {
    Name zone = zone(ctx);
    boolean adopt = false;
    if (!ctx.body().isBlank()) {
      ObjectNode o = Json.object(ctx);
      Json.only(o, ApplyBody.class);
      adopt = Json.bool(o, "adoptTheirs", false);
    }
    boolean adoptTheirs = adopt;
    Json.ok(ctx, waited(() -> sync().apply(zone, ctx.pathParam("name"), adoptTheirs)));
  }

  void conflicts(Context ctx) {
    Json.ok(ctx, sync().status(zone(ctx), ctx.pathParam("name")).conflicts());
  }

  void resolve(Context ctx) {
    Name zone = zone(ctx);
    ObjectNode o = Json.object(ctx);
    Json.only(o, ResolveBody.class);
    String take = Json.text(o, "take").trim().toLowerCase(Locale.ROOT);
    if (!take.equals("ours") && !take.equals("theirs")) {
      throw ApiError.invalid("take", "'" + take + "' is not ours or theirs");
    }
    String owner = Json.optionalText(o, "name");
    String type = Json.optionalText(o, "type");
    Json.ok(
        ctx,
        waited(
            () -> sync().resolve(zone, ctx.pathParam("name"), owner, type, take.equals("ours"))));
  }

  private Name zone(Context ctx) {
    Name zone = Params.zone(ctx);
    s.zones().zone(zone); // 404 if not served here
    return zone;
  }

  private static <T> T waited(Supplier<T> call) {
    try {
      return call.get();
    } catch (SyncTargets.TargetUnavailable e) {
      throw new ApiError(502, String.valueOf(e.getMessage()));
    } catch (ServiceException e) {
      throw e;
    }
  }
}
