package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.control.zone.JournalWindow;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A zone's settings as an operator reads and changes them at run time: who it transfers from (with
 * which key), who may NOTIFY, transfer and UPDATE it, whom it NOTIFYs, how its serial moves and how
 * much history it keeps. A change is checked whole (every address, rule and key), then made all at
 * once by the registry ({@link ControlPlane#reconfigure(PrimaryConfig)}): stored, then swapped into
 * the running zone, which keeps serving what it serves. Lists take the forms of the configuration
 * file and may name peers and ACLs, as at creation.
 */
public final class ZoneSettings {
  private final ControlPlane plane;
  private final ControlObjects objects;

  ZoneSettings(ControlPlane plane, ControlObjects objects) {
    this.plane = plane;
    this.objects = objects;
  }

  /** How much history a primary zone keeps for IXFR out. */
  public record Journal(int maxChanges, long maxRecords, long maxAgeSeconds) {
    /** The default: the last 1000 changes, 500,000 records, 14 days. */
    public static final Journal DEFAULT = of(JournalWindow.Limits.DEFAULT);

    static Journal of(JournalWindow.Limits l) {
      return new Journal(l.steps(), l.records(), l.age().toSeconds());
    }

    JournalWindow.Limits limits() {
      try {
        return new JournalWindow.Limits(maxChanges, maxRecords, Duration.ofSeconds(maxAgeSeconds));
      } catch (IllegalArgumentException e) {
        throw invalid("journal", String.valueOf(e.getMessage()));
      }
    }
  }

  /**
   * A zone's settings; the lists a kind of zone does not have are empty, its values null.
   *
   * @param configured whether they come from the configuration (then they are changed there)
   * @param primaries a secondary's primaries in order, {@code ADDR:PORT[@KEY]}
   * @param alsoNotify whom it NOTIFYs of each new serial
   * @param allowUpdate a primary's UPDATE rules, {@code KEY[:NAME[:TYPE,...]]}
   * @param keys every TSIG key the settings name
   */
  public record View(
      Name zone,
      ZoneKind kind,
      boolean configured,
      List<String> primaries,
      List<String> allowNotify,
      List<String> alsoNotify,
      List<String> allowTransfer,
      List<String> allowUpdate,
      @Nullable String serialPolicy,
      @Nullable Journal journal,
      List<Name> keys) {}

  /** A change of settings: each value given replaces the zone's; null leaves it as it is. */
  public record Change(
      @Nullable List<String> primaries,
      @Nullable List<String> allowNotify,
      @Nullable List<String> alsoNotify,
      @Nullable List<String> allowTransfer,
      @Nullable List<String> allowUpdate,
      @Nullable String serialPolicy,
      @Nullable Journal journal) {
    public static final Change NONE = new Change(null, null, null, null, null, null, null);

    public Change withPrimaries(List<String> v) {
      return new Change(
          v, allowNotify, alsoNotify, allowTransfer, allowUpdate, serialPolicy, journal);
    }

    public Change withAllowTransfer(List<String> v) {
      return new Change(primaries, allowNotify, alsoNotify, v, allowUpdate, serialPolicy, journal);
    }

    public Change withAllowUpdate(List<String> v) {
      return new Change(
          primaries, allowNotify, alsoNotify, allowTransfer, v, serialPolicy, journal);
    }

    public Change withAlsoNotify(List<String> v) {
      return new Change(
          primaries, allowNotify, v, allowTransfer, allowUpdate, serialPolicy, journal);
    }

    public Change withSerialPolicy(String v) {
      return new Change(primaries, allowNotify, alsoNotify, allowTransfer, allowUpdate, v, journal);
    }
  }

  /** The settings of {@code zone}. */
  public View view(Name zone) {
    ManagedZone z = managed(zone);
    boolean configured = plane.isConfigured(zone);
    return switch (z) {
      case PrimaryZone p -> view(p.config(), configured);
      case SecondaryZone s -> view(s.config(), configured);
      default -> throw invalid("zone " + zone + " has no settings to show");
    };
  }

  /**
   * Changes {@code zone}'s settings at once; refused whole if any value is invalid, names an
   * undefined key, does not apply to the zone's kind, or the zone comes from the configuration.
   */
  public View change(Name zone, Change c, Actor actor) {
    return prepare(zone, c, actor).apply();
  }

  /** A checked change of settings, not yet made. */
  public interface Prepared {
    /** Makes the change (stored, then swapped in). */
    View apply();
  }

  /**
   * Checks a change of {@code zone}'s settings whole without making it, so that a request that
   * changes more than the settings can check all its parts before it makes any.
   */
  public Prepared prepare(Name zone, Change c, Actor actor) {
    View before = view(zone);
    try {
      Prepared p = prepare(zone, c);
      return () ->
          Audited.run(
              plane.audit(),
              actor,
              "zone.settings",
              zone,
              "settings",
              Map.of("before", describe(before)),
              after -> Map.of("after", describe(after)),
              p::apply);
    } catch (ServiceException e) {
      plane
          .audit()
          .record(
              actor.name(),
              actor.via(),
              "zone.settings",
              zone,
              "settings",
              Map.of("before", describe(before), "asked", c),
              "refused: " + e.getMessage());
      throw e;
    }
  }

  /** A zone's settings for the audit log. */
  private static Map<String, Object> describe(View v) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("primaries", v.primaries());
    m.put("allowNotify", v.allowNotify());
    m.put("notify", v.alsoNotify());
    m.put("allowTransfer", v.allowTransfer());
    m.put("allowUpdate", v.allowUpdate());
    if (v.serialPolicy() != null) {
      m.put("serialPolicy", v.serialPolicy());
    }
    if (v.journal() != null) {
      m.put("journal", v.journal());
    }
    return m;
  }

  private Prepared prepare(Name zone, Change c) {
    ManagedZone z = managed(zone);
    if (plane.isConfigured(zone)) {
      throw ServiceException.conflict(
          "zone "
              + zone
              + " comes from the configuration: change its settings there (a restart takes them)");
    }
    try {
      return switch (z) {
        case PrimaryZone p -> {
          notFor("a primary", c.primaries(), "primaries");
          notFor("a primary", c.allowNotify(), "allowNotify");
          PrimaryConfig next = primary(p.config(), c);
          plane.checkKeys(next);
          yield () -> view(stored(zone, () -> plane.reconfigure(next)).config(), false);
        }
        case SecondaryZone s -> {
          notFor("a secondary", c.allowUpdate(), "allowUpdate");
          notFor("a secondary", c.serialPolicy(), "serialPolicy");
          notFor("a secondary", c.journal(), "journal");
          SecondaryConfig next = secondary(s.config(), c);
          plane.checkKeys(next);
          yield () -> view(stored(zone, () -> plane.reconfigure(next)).config(), false);
        }
        default -> throw invalid("zone " + zone + " has no settings to change");
      };
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    }
  }

  /** Runs the registry's swap, its refusals as the service words them. */
  private static <T> T stored(Name zone, java.util.function.Supplier<T> reconfigure) {
    try {
      return reconfigure.get();
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException(
          "zone "
              + zone
              + ": the new settings could not be stored (nothing changed): "
              + e.getMessage(),
          e);
    }
  }

  private PrimaryConfig primary(PrimaryConfig now, Change c) {
    PrimaryConfig next =
        new PrimaryConfig(
            now.zone(),
            now.file(),
            c.allowTransfer() == null
                ? now.allowTransfer()
                : objects.aclRules(c.allowTransfer(), "allowTransfer"),
            c.alsoNotify() == null ? now.alsoNotify() : objects.remotes(c.alsoNotify(), "notify"),
            now.notifyNs(),
            c.allowUpdate() == null ? now.allowUpdate() : updateRules(c.allowUpdate()),
            now.serialPolicy(),
            c.journal() == null ? now.journal() : c.journal().limits(),
            now.rrsetLimits());
    return c.serialPolicy() == null ? next : next.withSerialPolicy(serialPolicy(c.serialPolicy()));
  }

  private SecondaryConfig secondary(SecondaryConfig now, Change c) {
    List<Remote> primaries =
        c.primaries() == null ? now.primaries() : objects.remotes(c.primaries(), "primaries");
    if (primaries.isEmpty()) {
      throw invalid("primaries", "a secondary zone needs at least one primary");
    }
    return new SecondaryConfig(
        now.zone(),
        primaries,
        c.allowNotify() == null
            ? now.allowNotify()
            : objects.aclRules(c.allowNotify(), "allowNotify"),
        c.alsoNotify() == null ? now.downstream() : objects.remotes(c.alsoNotify(), "notify"),
        c.allowTransfer() == null
            ? now.allowTransfer()
            : objects.aclRules(c.allowTransfer(), "allowTransfer"),
        now.allowSerialReset(),
        now.catalog());
  }

  private static View view(PrimaryConfig c, boolean configured) {
    Set<Name> keys = new LinkedHashSet<>();
    c.allowTransfer().forEach(r -> add(keys, r.key()));
    c.alsoNotify().forEach(r -> add(keys, r.key()));
    c.allowUpdate().forEach(r -> add(keys, r.key()));
    return new View(
        c.zone(),
        ZoneKind.PRIMARY,
        configured,
        List.of(),
        List.of(),
        specs(c.alsoNotify(), Remote::spec),
        specs(c.allowTransfer(), AclRule::spec),
        specs(c.allowUpdate(), UpdateRule::format),
        c.serialPolicy().toString(),
        Journal.of(c.journal()),
        List.copyOf(keys));
  }

  private static View view(SecondaryConfig c, boolean configured) {
    Set<Name> keys = new LinkedHashSet<>();
    c.primaries().forEach(r -> add(keys, r.key()));
    c.downstream().forEach(r -> add(keys, r.key()));
    c.allowNotify().forEach(r -> add(keys, r.key()));
    c.allowTransfer().forEach(r -> add(keys, r.key()));
    return new View(
        c.zone(),
        ZoneKind.SECONDARY,
        configured,
        specs(c.primaries(), Remote::spec),
        specs(c.allowNotify(), AclRule::spec),
        specs(c.downstream(), Remote::spec),
        specs(c.allowTransfer(), AclRule::spec),
        List.of(),
        null,
        null,
        List.copyOf(keys));
  }

  private static void add(Set<Name> keys, @Nullable Name key) {
    if (key != null) {
      keys.add(key);
    }
  }

  private static <T> List<String> specs(List<T> items, Function<T, String> spec) {
    List<String> out = new ArrayList<>(items.size());
    items.forEach(i -> out.add(spec.apply(i)));
    return out;
  }

  private static void notFor(String kind, @Nullable Object value, String field) {
    if (value != null) {
      throw invalid(field, "'" + field + "' is not a setting of " + kind + " zone");
    }
  }

  private ManagedZone managed(Name zone) {
    return plane
        .zone(zone)
        .orElseThrow(() -> ServiceException.notFound("no zone " + zone + " here"));
  }

  /** A serial policy as a request names it. */
  static SerialPolicy serialPolicy(String text) {
    try {
      return SerialPolicy.parse(text);
    } catch (IllegalArgumentException e) {
      throw invalid("serialPolicy", String.valueOf(e.getMessage()));
    }
  }

  /** UPDATE rules, {@code KEY[:NAME[:TYPE,...]]} each. */
  static List<UpdateRule> updateRules(List<String> specs) {
    List<UpdateRule> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      try {
        UpdateRule r = UpdateRule.parse(specs.get(i));
        out.add(r);
      } catch (IllegalArgumentException e) {
        throw invalid("allowUpdate[" + i + "]", String.valueOf(e.getMessage()));
      }
    }
    return out;
  }
}
