package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.conflict;
import static dev.tandem.control.service.ServiceException.invalid;
import static dev.tandem.control.service.ServiceException.notFound;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneProblem;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneUpdate;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The use cases of the control plane, as the REST API, the PowerDNS-compatible API and the CLI call
 * them: zones (primary and secondary), their records, transfers and actions; TSIG keys, peers and
 * ACLs. Every method checks its whole request before it changes anything and throws a {@link
 * ServiceException} naming the problem; a refused request changes nothing.
 *
 * <p>Record changes are made as RFC 2136 UPDATEs through {@link PrimaryZone#edit}, so that an API
 * edit follows the same rules, serial increments, journal and NOTIFY as one from the network.
 */
public final class ZoneService {
  private final ControlPlane plane;
  private final ZoneStore store;
  private final ControlObjects objects;
  private final Clock clock;

  /**
   * @param configuredKeys the TSIG keys of the configuration (listed, not changed, by the API)
   */
  public ZoneService(
      ControlPlane plane, ZoneStore store, List<TsigKey> configuredKeys, Clock clock) {
    this.plane = plane;
    this.store = store;
    this.clock = clock;
    this.objects = new ControlObjects(store, plane);
    objects.configuredKeys(configuredKeys);
  }

  /** The TSIG keys, peers and ACLs. */
  public ControlObjects objects() {
    return objects;
  }

  // ---- zones ----

  /** Every zone's status, primaries then secondaries. */
  public List<ZoneStatus> zones() {
    return plane.status();
  }

  /** One zone's status. */
  public ZoneStatus zone(Name zone) {
    return plane.status(zone).orElseThrow(() -> noZone(zone));
  }

  /** A request for a new primary zone. Lists take the forms of the configuration file. */
  public record NewPrimary(
      Name zone,
      List<String> nameservers,
      @Nullable String zoneFile,
      List<String> allowTransfer,
      List<String> alsoNotify,
      List<String> allowUpdate,
      @Nullable String serialPolicy) {}

  /**
   * Creates a primary zone from a zone file's text, or with only an SOA and the NS set.
   *
   * @throws ServiceException if it exists, a field is invalid, or the zone file has errors
   */
  public ZoneStatus createPrimary(NewPrimary r) {
    Name zone = r.zone();
    if (plane.status(zone).isPresent()) {
      throw conflict("zone " + zone + " exists already");
    }
    List<Name> ns = new ArrayList<>();
    for (String n : r.nameservers()) {
      ns.add(absolute(n, zone, "nameservers"));
    }
    PrimaryConfig config =
        PrimaryConfig.of(zone, null)
            .withAccess(
                objects.aclRules(r.allowTransfer(), "allowTransfer"),
                objects.remotes(r.alsoNotify(), "notify"),
                updateRules(r.allowUpdate()));
    if (r.serialPolicy() != null) {
      try {
        config = config.withSerialPolicy(SerialPolicy.parse(r.serialPolicy()));
      } catch (IllegalArgumentException e) {
        throw invalid("serialPolicy", String.valueOf(e.getMessage()));
      }
    }
    ZoneSnapshot contents = r.zoneFile() == null ? null : parseZoneFile(zone, r.zoneFile());
    if (contents == null && ns.isEmpty()) {
      throw invalid("nameservers", "a zone without a zone file needs at least one name server");
    }
    ZoneSnapshot z =
        contents != null
            ? contents
            : emptyZone(zone, ns, config.serialPolicy().next(0, clock.instant()));
    if (!z.origin().equals(zone)) {
      throw invalid("zoneFile", "the zone file is for " + z.origin() + ", not " + zone);
    }
    List<String> errors = ZoneLoader.errors(z);
    if (!errors.isEmpty()) {
      throw invalid("zone " + zone + " is invalid: " + errors.get(0));
    }
    try {
      plane.createPrimary(config, z);
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException("could not store zone " + zone + ": " + e.getMessage(), e);
    }
    return zone(zone);
  }

  /** A request for a new secondary zone. */
  public record NewSecondary(
      Name zone,
      List<String> primaries,
      List<String> allowNotify,
      List<String> alsoNotify,
      List<String> allowTransfer) {}

  /**
   * Creates a secondary zone; it is served once its first transfer completes.
   *
   * @throws ServiceException if it exists, has no primary, or a field is invalid
   */
  public ZoneStatus createSecondary(NewSecondary r) {
    if (plane.status(r.zone()).isPresent()) {
      throw conflict("zone " + r.zone() + " exists already");
    }
    List<Remote> primaries = objects.remotes(r.primaries(), "primaries");
    if (primaries.isEmpty()) {
      throw invalid("primaries", "a secondary zone needs at least one primary");
    }
    SecondaryConfig c =
        new SecondaryConfig(
            r.zone(),
            primaries,
            objects.aclRules(r.allowNotify(), "allowNotify"),
            objects.remotes(r.alsoNotify(), "notify"),
            objects.aclRules(r.allowTransfer(), "allowTransfer"));
    try {
      plane.createSecondary(c);
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException(
          "could not store zone " + r.zone() + ": " + e.getMessage(), e);
    }
    return zone(r.zone());
  }

  /** Stops serving a zone created here and removes it, contents and history. */
  public void delete(Name zone) {
    zone(zone);
    try {
      plane.delete(zone);
    } catch (IllegalArgumentException e) {
      throw conflict(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException(
          "zone " + zone + " no longer served, but not removed from the store: " + e.getMessage(),
          e);
    }
  }

  /** How the zone gets its contents. */
  public ZoneKind kind(Name zone) {
    return zone(zone).kind();
  }

  /** What a change did. */
  public record Change(String message, long fromSerial, long toSerial) {}

  /**
   * Replaces a primary zone's contents with a zone file's: one journaled change, sent on by IXFR.
   *
   * @throws ServiceException with the file's errors (line numbers) if it does not load
   */
  public Change importZone(Name zone, String zoneFile) {
    PrimaryZone p = requirePrimary(zone);
    ZoneSnapshot contents = parseZoneFile(zone, zoneFile);
    List<String> errors = ZoneLoader.errors(contents);
    if (!errors.isEmpty()) {
      throw invalid("zone " + zone + " is invalid: " + errors.get(0));
    }
    return checked(p.importZone(contents));
  }

  /** The zone as a zone file, SOA first, then records in canonical order. */
  public String export(Name zone) {
    ZoneSnapshot z = served(zone);
    StringBuilder sb = new StringBuilder();
    sb.append("; ").append(zone).append(" serial ").append(z.serial()).append(", exported by");
    sb.append(" tandem\n$ORIGIN ").append(zone).append('\n');
    z.recordsAt(zone).stream()
        .filter(r -> r.getType() == Type.SOA)
        .forEach(r -> sb.append(r).append('\n'));
    z.forEachRecord(
        r -> {
          if (r.getType() != Type.SOA || !r.getName().equals(zone)) {
            sb.append(r).append('\n');
          }
        });
    return sb.toString();
  }

  /** The version of a zone being served. */
  public ZoneSnapshot served(Name zone) {
    ZoneSnapshot z = managed(zone).current();
    return Optional.ofNullable(z)
        .orElseThrow(
            () ->
                conflict(
                    "zone "
                        + zone
                        + " has no contents yet (its first transfer has not completed)"));
  }

  // ---- records ----

  /** An RRset as the API shows it: owner, type, TTL and each record's data in presentation form. */
  public record RrSet(Name name, String type, long ttl, List<String> records) {}

  /** A zone's RRsets, optionally only those of one owner and/or type (0 for any). */
  public List<RrSet> rrsets(Name zone, @Nullable Name owner, int type) {
    ZoneSnapshot z = served(zone);
    Map<String, List<Record>> sets = new LinkedHashMap<>();
    z.forEachRecord(
        r -> {
          if ((owner == null || owner.equals(r.getName())) && (type == 0 || type == r.getType())) {
            sets.computeIfAbsent(
                    r.getName().toString().toLowerCase(Locale.ROOT) + " " + r.getType(),
                    k -> new ArrayList<>())
                .add(r);
          }
        });
    List<RrSet> out = new ArrayList<>(sets.size());
    for (List<Record> rs : sets.values()) {
      Record first = rs.get(0);
      List<String> data = new ArrayList<>(rs.size());
      long ttl = first.getTTL();
      for (Record r : rs) {
        data.add(r.rdataToString());
        ttl = Math.min(ttl, r.getTTL());
      }
      out.add(new RrSet(first.getName(), Type.string(first.getType()), ttl, data));
    }
    return out;
  }

  /**
   * One change to one RRset.
   *
   * @param records the new records' data (REPLACE); ignored for DELETE
   * @param delete true to remove the RRset, false to replace it with {@code records}
   */
  public record RrSetChange(
      String name, String type, long ttl, List<String> records, boolean delete) {}

  /**
   * Applies several RRset changes as one: one new serial, one journal entry, or nothing if any of
   * them is invalid. A REPLACE with no records removes the RRset.
   */
  public Change change(Name zone, List<RrSetChange> changes) {
    PrimaryZone p = requirePrimary(zone);
    if (changes.isEmpty()) {
      throw invalid("rrsets", "no changes given");
    }
    Update u = new Update(zone);
    for (int i = 0; i < changes.size(); i++) {
      RrSetChange c = changes.get(i);
      String field = "rrsets[" + i + "]";
      Name name = absolute(c.name(), zone, field + ".name");
      int type = type(c.type(), field + ".type");
      if (type == Type.SOA && (c.delete() || c.records().isEmpty())) {
        throw invalid(field, "the SOA record cannot be deleted");
      }
      if (c.ttl() < 0 || c.ttl() > 0x7fffffffL) {
        throw invalid(field + ".ttl", "TTL " + c.ttl() + " is not between 0 and 2147483647");
      }
      if (type == Type.SOA) {
        // Replacing the SOA sets its timers; the serial is the zone's to choose (serial policy).
        u.add(record(name, type, c.ttl(), single(c.records(), field), zone, field));
        continue;
      }
      u.delete(name, type);
      if (!c.delete()) {
        for (String data : c.records()) {
          u.add(record(name, type, c.ttl(), data, zone, field + ".records"));
        }
      }
    }
    return checked(p.edit(u, ZoneUpdate.Policy.ANY, "the API"));
  }

  /** Adds, deletes or replaces single records, as {@code tandem record} does. */
  public Change record(Name zone, String op, String name, long ttl, String type, String data) {
    PrimaryZone p = requirePrimary(zone);
    Name owner = absolute(name, zone, "name");
    int t = type(type, "type");
    if (ttl < 0 || ttl > 0x7fffffffL) {
      throw invalid("ttl", "TTL " + ttl + " is not between 0 and 2147483647");
    }
    String rdata = data.trim();
    Update u = new Update(zone);
    switch (op) {
      case "add" -> u.add(record(owner, t, ttl, rdata, zone, "rdata"));
      case "replace" -> u.replace(record(owner, t, ttl, rdata, zone, "rdata"));
      case "delete" -> {
        if (rdata.isEmpty()) {
          u.delete(owner, t);
        } else {
          u.delete(record(owner, t, 0, rdata, zone, "rdata"));
        }
      }
      default -> throw invalid("op", "operation '" + op + "' is not add, delete or replace");
    }
    return checked(p.edit(u, ZoneUpdate.Policy.ANY, "the API"));
  }

  /** The changes kept for IXFR out, oldest first. */
  public List<JournalStep> journal(Name zone) {
    return requirePrimary(zone).journal();
  }

  /** The zone's transfers in and out, newest first, at most {@code limit}. */
  public List<Transfer> transfers(Name zone, int limit) {
    zone(zone);
    return plane.transfers(zone, Math.max(1, Math.min(limit, ZoneStore.TRANSFERS_KEPT)));
  }

  // ---- actions ----

  /** Asks a secondary zone's primaries for a newer serial now. */
  public String refresh(Name zone) {
    requireSecondary(zone, "refresh").refreshNow();
    return zone + ": refresh queued";
  }

  /** Transfers a secondary zone whole (AXFR) now. */
  public String retransfer(Name zone) {
    requireSecondary(zone, "retransfer").retransferNow();
    return zone + ": retransfer (AXFR) queued";
  }

  /** Sends NOTIFY for the served serial to the zone's secondaries now. */
  public String notifyNow(Name zone) {
    ManagedZone z = managed(zone);
    z.notifyNow();
    if (z.kind() == ZoneKind.SECONDARY) {
      return zone + ": NOTIFY to downstream secondaries queued";
    }
    ZoneSnapshot served = z.current();
    return "NOTIFY for serial " + (served == null ? -1 : served.serial()) + " queued";
  }

  // ---- metadata (PowerDNS-style, free-form per zone) ----

  private static final String META = "meta:";

  /** The zone's metadata, kind → values. */
  public Map<String, List<String>> metadata(Name zone) {
    zone(zone);
    Map<String, List<String>> out = new LinkedHashMap<>();
    store
        .settings(zone)
        .forEach(
            (k, v) -> {
              if (k.startsWith(META)) {
                out.put(k.substring(META.length()), List.of(v.split("\n", -1)));
              }
            });
    return out;
  }

  /** Sets (or with no values, removes) one kind of the zone's metadata. */
  public void setMetadata(Name zone, String kind, List<String> values) {
    zone(zone);
    if (!kind.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw invalid("kind", "metadata kind '" + kind + "' is not valid");
    }
    for (String v : values) {
      if (v.contains("\n")) {
        throw invalid("metadata", "a metadata value may not contain a line break");
      }
    }
    store.saveSetting(zone, META + kind, values.isEmpty() ? null : String.join("\n", values));
  }

  // ---- helpers ----

  private ManagedZone managed(Name zone) {
    return plane.zone(zone).orElseThrow(() -> noZone(zone));
  }

  private PrimaryZone requirePrimary(Name zone) {
    ManagedZone z = managed(zone);
    if (z instanceof PrimaryZone p) {
      return p;
    }
    throw invalid(
        "zone "
            + zone
            + " is a secondary here: change it at its primary ("
            + String.join(", ", z.status().primaries())
            + ")");
  }

  private SecondaryZone requireSecondary(Name zone, String what) {
    ManagedZone z = managed(zone);
    if (z instanceof SecondaryZone s) {
      return s;
    }
    throw invalid("zone " + zone + " is a primary here: there is nothing to " + what + " from");
  }

  private static ZoneSnapshot emptyZone(Name zone, List<Name> nameservers, long serial) {
    ZoneBuilder b = new ZoneBuilder(zone);
    Name admin;
    try {
      admin = Name.concatenate(Name.fromConstantString("hostmaster"), zone);
    } catch (org.xbill.DNS.NameTooLongException e) {
      admin = zone;
    }
    b.add(
        new SOARecord(
            zone, DClass.IN, 3600, nameservers.get(0), admin, serial, 3600, 900, 1209600, 300));
    for (Name ns : nameservers) {
      b.add(new NSRecord(zone, DClass.IN, 3600, ns));
    }
    return b.build();
  }

  private static ServiceException noZone(Name zone) {
    return notFound("no zone " + zone + " here");
  }

  private static Change checked(dev.tandem.control.zone.Change c) {
    if (!c.ok()) {
      throw invalid(Rcode.string(c.rcode()) + ": " + c.message());
    }
    return new Change(c.message(), c.fromSerial(), c.toSerial());
  }

  private static List<UpdateRule> updateRules(List<String> specs) {
    List<UpdateRule> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      try {
        out.add(UpdateRule.parse(specs.get(i)));
      } catch (IllegalArgumentException e) {
        throw invalid("allowUpdate[" + i + "]", String.valueOf(e.getMessage()));
      }
    }
    return out;
  }

  private static String single(List<String> records, String field) {
    if (records.size() != 1) {
      throw invalid(field, "a zone has exactly one SOA record");
    }
    return records.get(0);
  }

  private static int type(String text, String field) {
    int t = Type.value(text.trim().toUpperCase(Locale.ROOT));
    if (t < 0) {
      throw invalid(field, "'" + text + "' is not a record type");
    }
    if (t == Type.ANY || t == Type.AXFR || t == Type.IXFR || t == Type.OPT || t == Type.TSIG) {
      throw invalid(field, Type.string(t) + " is not a type of record a zone holds");
    }
    return t;
  }

  private static Record record(
      Name name, int type, long ttl, String rdata, Name zone, String field) {
    if (rdata.isBlank()) {
      throw invalid(field, "a " + Type.string(type) + " record needs its data");
    }
    try {
      return Record.fromString(name, type, DClass.IN, ttl, rdata, zone);
    } catch (IOException | RuntimeException e) {
      String why = String.valueOf(e.getMessage()).replaceFirst("^<none>:\\d+: ", "");
      throw invalid(field, "'" + rdata + "' is not valid " + Type.string(type) + " data: " + why);
    }
  }

  /** A name as typed: absolute with a trailing dot, {@code @} for the apex, else relative. */
  static Name absolute(String text, Name zone, String field) {
    String t = text.trim();
    if (t.equals("@")) {
      return zone;
    }
    if (t.isEmpty()) {
      throw invalid(field, "a name is required");
    }
    Name n;
    try {
      n = Name.fromString(t, zone);
    } catch (TextParseException e) {
      throw invalid(field, "'" + text + "' is not a domain name: " + e.getMessage());
    }
    if (!n.subdomain(zone) && !field.equals("nameservers")) {
      throw invalid(field, n + " is not in zone " + zone);
    }
    return n;
  }

  /** Reads a zone file given as text; its errors name their lines. */
  private static ZoneSnapshot parseZoneFile(Name zone, String text) {
    Path file = null;
    try {
      file = Files.createTempFile("tandem-upload-", ".zone");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      ZoneLoader.Result r = ZoneLoader.loadUntrusted(zone, file);
      ZoneSnapshot z = r.zone();
      if (z == null) {
        List<String> errors = new ArrayList<>();
        for (ZoneProblem p : r.errors()) {
          errors.add((p.line() > 0 ? "line " + p.line() + ": " : "") + p.message());
        }
        throw invalid(
            "zoneFile",
            "the zone file was not taken: "
                + String.join("; ", errors.isEmpty() ? List.of("it has errors") : errors));
      }
      return z;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the uploaded zone file for reading", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temp file left behind is harmless
        }
      }
    }
  }
}
