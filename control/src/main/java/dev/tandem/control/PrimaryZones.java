package dev.tandem.control;

import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneUpdate;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneKind;
import dev.tandem.store.ZoneState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;

/**
 * The one service that edits primary zones, for the CLI now and the REST API later: create and
 * delete zones, replace their contents, change records (as RFC 2136 UPDATEs, so that every path has
 * the same rules), NOTIFY, and read back contents and journal. Every change is one new serial.
 */
public final class PrimaryZones {

  /**
   * What an operation did.
   *
   * @param ok whether it succeeded (a change that changed nothing succeeded)
   * @param message what happened, in words, for the person who asked
   * @param fromSerial the serial before
   * @param toSerial the serial after (equal when nothing changed)
   */
  public record Outcome(boolean ok, String message, long fromSerial, long toSerial) {
    static Outcome of(PrimaryZone.Change c) {
      String message =
          c.rcode() == Rcode.NOERROR ? c.message() : Rcode.string(c.rcode()) + ": " + c.message();
      return new Outcome(c.rcode() == Rcode.NOERROR, message, c.fromSerial(), c.toSerial());
    }

    static Outcome error(String message) {
      return new Outcome(false, message, -1, -1);
    }
  }

  /** One journal entry, for {@code tandem journal}. */
  public record Entry(long fromSerial, long toSerial, Instant at, ZoneDiff diff) {}

  private final ControlPlane plane;
  private final SecondaryContext ctx;
  private final Map<Name, PrimaryZone> zones;
  private final Function<PrimaryConfig, PrimaryZone> factory;

  PrimaryZones(
      ControlPlane plane,
      SecondaryContext ctx,
      Map<Name, PrimaryZone> zones,
      Function<PrimaryConfig, PrimaryZone> factory) {
    this.plane = plane;
    this.ctx = ctx;
    this.zones = zones;
    this.factory = factory;
  }

  /**
   * Creates a primary zone in the store and serves it: with {@code contents} (a zone file read by
   * the caller), or empty but for an SOA and the NS set {@code nameservers}.
   */
  public synchronized Outcome create(
      PrimaryConfig config, List<Name> nameservers, @Nullable ZoneSnapshot contents) {
    Name zone = config.zone();
    if (plane.status(zone).isPresent()) {
      return Outcome.error("zone " + zone + " already exists");
    }
    try {
      plane.checkKeysOf(config);
    } catch (IllegalArgumentException e) {
      return Outcome.error(String.valueOf(e.getMessage()));
    }
    ZoneSnapshot z = contents;
    if (z == null) {
      if (nameservers.isEmpty()) {
        return Outcome.error("an empty zone needs at least one name server (--ns)");
      }
      z = empty(zone, nameservers, config.serialPolicy().next(0, ctx.clock().instant()));
    } else if (!z.origin().equals(zone)) {
      return Outcome.error("the zone file is for " + z.origin() + ", not " + zone);
    }
    List<String> errors = ZoneLoader.errors(z);
    if (!errors.isEmpty()) {
      return Outcome.error("zone " + zone + " is invalid: " + errors.get(0));
    }
    try {
      if (ctx.store().state(zone).isPresent()) {
        ctx.store().delete(zone); // left behind by a zone removed from the configuration
      }
      Instant now = ctx.clock().instant();
      ctx.store()
          .replace(
              z, new ZoneState(zone, ZoneKind.PRIMARY, z.serial(), -1, now, now, null, null, null));
      CreatedZones.save(ctx.store(), config);
      PrimaryZone p = factory.apply(config);
      p.startCreated(z);
      zones.put(zone, p);
      p.notifySecondaries();
    } catch (StoreException e) {
      return Outcome.error("could not store zone " + zone + ": " + e.getMessage());
    }
    return new Outcome(
        true,
        "zone " + zone + " created at serial " + z.serial() + " (" + z.recordCount() + " records)",
        -1,
        z.serial());
  }

  private static ZoneSnapshot empty(Name zone, List<Name> nameservers, long serial) {
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

  /** Stops serving a zone created through the CLI and removes it from the store. */
  public synchronized Outcome delete(Name zone) {
    PrimaryZone p = zones.get(zone);
    if (p == null) {
      return Outcome.error("no primary zone " + zone + " here");
    }
    if (p.config().file() != null) {
      return Outcome.error(
          "zone "
              + zone
              + " comes from the configuration ("
              + p.config().file()
              + "): remove it there");
    }
    p.close(); // a change under way finishes first; none follows
    zones.remove(zone);
    ctx.publisher().remove(zone);
    ctx.notifier().forget(zone);
    try {
      ctx.store().delete(zone);
    } catch (StoreException e) {
      return Outcome.error(
          "zone " + zone + " no longer served, but not removed from the store: " + e.getMessage());
    }
    return new Outcome(true, "zone " + zone + " deleted", -1, -1);
  }

  /** Replaces a zone's contents: one journaled change. */
  public Outcome importZone(Name zone, ZoneSnapshot contents) {
    PrimaryZone p = zones.get(zone);
    if (p == null) {
      return Outcome.error("no primary zone " + zone + " here");
    }
    if (!contents.origin().equals(zone)) {
      return Outcome.error("the zone file is for " + contents.origin() + ", not " + zone);
    }
    List<String> errors = ZoneLoader.errors(contents);
    if (!errors.isEmpty()) {
      return Outcome.error("zone " + zone + " is invalid: " + errors.get(0));
    }
    return Outcome.of(p.importZone(contents));
  }

  /** The zone file was read again: see {@link PrimaryZone#reload}. */
  public Outcome reload(Name zone, ZoneSnapshot fromFile) {
    PrimaryZone p = zones.get(zone);
    if (p == null) {
      return Outcome.error("no primary zone " + zone + " here");
    }
    return Outcome.of(p.reload(fromFile));
  }

  /**
   * Applies a change written as an UPDATE message (RFC 2136: prerequisites and updates), with every
   * name and type allowed: the operator's own edits.
   */
  public Outcome edit(Name zone, Message update) {
    return edit(zone, update, "the command line");
  }

  /** As {@link #edit(Name, Message)}, saying in the log and journal who asked ({@code who}). */
  public Outcome edit(Name zone, Message update, String who) {
    PrimaryZone p = zones.get(zone);
    if (p == null) {
      return Outcome.error("no primary zone " + zone + " here");
    }
    return Outcome.of(p.update(update, ZoneUpdate.Policy.ANY, who));
  }

  /** The served contents of a primary zone. */
  public Optional<ZoneSnapshot> contents(Name zone) {
    PrimaryZone p = zones.get(zone);
    return p == null ? Optional.empty() : Optional.ofNullable(p.current());
  }

  /** NOTIFYs the zone's secondaries now. */
  public Outcome notifyNow(Name zone) {
    PrimaryZone p = zones.get(zone);
    if (p == null) {
      return Outcome.error("no primary zone " + zone + " here");
    }
    p.notifySecondaries();
    ZoneSnapshot z = p.current();
    long serial = z == null ? -1 : z.serial();
    return new Outcome(true, "NOTIFY for serial " + serial + " queued", serial, serial);
  }

  /** The zone's kept changes, oldest first (those IXFR out is answered from). */
  public Optional<List<Entry>> journal(Name zone) {
    PrimaryZone p = zones.get(zone);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(
        p.journal().stream().map(s -> new Entry(s.from(), s.to(), s.at(), s.diff())).toList());
  }
}
