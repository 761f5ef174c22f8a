package dev.tandem.control.catalog;

import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.zone.CatalogStatus;
import dev.tandem.control.zone.Change;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.control.zone.ZoneRegistry;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneState;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

/**
 * A catalog zone this server makes of its zones (a catalog producer, RFC 9432 schema version 2): a
 * primary zone whose contents are written here, so that it is served, journaled, transferred by
 * IXFR and NOTIFYed like any primary zone.
 *
 * <p>Whenever zones are added or removed here (the API, the CLI, a zone file, another node sharing
 * the store, a catalog followed), the catalog is made anew from the zones served and taken in as
 * one journaled change (changes within {@link #SETTLE} of each other make one). Each member zone is
 * listed under a label of its own, the hex of the first 64 bits of the SHA-256 of its name (so that
 * it is the same in every catalog and after every restart, as Knot's are), with its group property
 * when it has a group. A zone whose group moves it to another catalog made here stays listed in
 * this one with a {@code coo} property naming the other (section 4.4.1), under the same label, so
 * that consumers take it over with its state; it leaves this catalog when it is deleted or comes
 * back.
 */
final class CatalogProducer {
  private static final Logger log = LoggerFactory.getLogger(CatalogProducer.class);

  /** Changes this close together make one new version. */
  static final Duration SETTLE = Duration.ofMillis(200);

  /** The store setting marking the zone as made here. */
  static final String MADE = "catalog-producer";

  private static final Name INVALID = Name.fromConstantString("invalid.");

  private final ProducedCatalog config;
  private final Catalogs catalogs;
  private final ZoneRegistry registry;
  private final ZoneContext ctx;
  private final PrimaryZone zone;
  private final AtomicBoolean due = new AtomicBoolean();

  CatalogProducer(
      ProducedCatalog config,
      Catalogs catalogs,
      ZoneRegistry registry,
      ZoneContext ctx,
      Predicate<InetSocketAddress> self) {
    this.config = config;
    this.catalogs = catalogs;
    this.registry = registry;
    this.ctx = ctx;
    PrimaryConfig pc =
        PrimaryConfig.of(config.catalog(), null)
            .withAccess(config.allowTransfer(), config.alsoNotify(), List.of())
            .withNotifyNs(false);
    this.zone = new PrimaryZone(pc, ctx, self, null);
  }

  Name catalog() {
    return config.catalog();
  }

  ProducedCatalog config() {
    return config;
  }

  PrimaryZone zone() {
    return zone;
  }

  /** Serves the catalog (from the store, or anew), then makes it of the zones served. */
  String start() {
    Name c = catalog();
    String what;
    boolean stored =
        ctx.store().state(c).isPresent() && MADE.equals(ctx.store().settings(c).get("created"));
    if (stored) {
      what = zone.start();
    } else {
      ZoneSnapshot first = contents(Map.of(), 1);
      ctx.store().replace(first, ZoneState.primary(c, first.serial(), ctx.clock().instant()));
      ctx.store().saveSetting(c, "created", MADE);
      zone.startCreated(first);
      what = "a new catalog, serial " + first.serial();
    }
    registry.add(zone);
    sync();
    return what;
  }

  /** Zones came or went: make the catalog anew soon (changes close together make one). */
  void changed() {
    if (due.compareAndSet(false, true)) {
      ctx.timers()
          .at(
              ctx.clock().instant().plus(SETTLE),
              () -> {
                try {
                  ctx.workers().execute(this::sync);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                  // shutting down
                }
              });
    }
  }

  /** Makes the catalog of the zones served now and takes it in as one change, if it differs. */
  synchronized void sync() {
    due.set(false);
    ZoneSnapshot now = zone.current();
    if (now == null) {
      return;
    }
    Map<Name, CatalogZone.Member> wanted = new TreeMap<>();
    for (ManagedZone z : registry.zones()) {
      Name name = z.name();
      if (catalogs.isCatalog(name)) {
        continue;
      }
      String group = catalogs.groupOf(name);
      ProducedCatalog target = catalogs.producerFor(group);
      if (target == null) {
        continue;
      }
      if (target.catalog().equals(catalog())) {
        wanted.put(name, new CatalogZone.Member(name, label(name), groups(group), null));
      } else if (listed(now, name)) {
        // Moving to another catalog made here: listed with coo until it is gone (section 4.4.1)
        wanted.put(
            name, new CatalogZone.Member(name, label(name), groups(group), target.catalog()));
      }
    }
    ZoneSnapshot next = contents(wanted, now.serial());
    Change c = zone.importZone(next);
    if (!c.ok()) {
      log.error("{}: the catalog could not be updated: {}", catalog(), c.message());
    } else if (c.toSerial() != c.fromSerial()) {
      log.info("{}: {} members, serial {}", catalog(), wanted.size(), c.toSerial());
    }
    zone.describeCatalog(
        new CatalogStatus(
            CatalogStatus.Role.PRODUCER,
            catalog(),
            null,
            wanted.size(),
            c.ok() ? null : c.message()));
  }

  /** Whether {@code member} is listed in the catalog's version {@code z}. */
  private boolean listed(ZoneSnapshot z, Name member) {
    try {
      Name node = Name.concatenate(Name.fromConstantString(label(member) + ".zones"), catalog());
      return !z.recordsAt(node).isEmpty();
    } catch (NameTooLongException e) {
      return false;
    }
  }

  private static List<String> groups(@Nullable String group) {
    return group == null ? List.of() : List.of(group);
  }

  /** The member node label of {@code zone}: the same in every catalog and after every restart. */
  static String label(Name zone) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  zone.toString(true)
                      .toLowerCase(java.util.Locale.ROOT)
                      .getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The catalog listing {@code members}, at {@code serial} (the zone's policy moves it on). */
  private ZoneSnapshot contents(Map<Name, CatalogZone.Member> members, long serial) {
    Name c = catalog();
    ZoneBuilder b = new ZoneBuilder(c);
    // RFC 9432 section 4.1: SOA and NS as any zone; "invalid." as the NS is recommended.
    b.add(new SOARecord(c, DClass.IN, 0, INVALID, INVALID, serial, 3600, 600, 2419200, 0));
    b.add(new NSRecord(c, DClass.IN, 0, INVALID));
    try {
      b.add(
          new TXTRecord(
              Name.concatenate(Name.fromConstantString("version"), c), DClass.IN, 0, "2"));
      for (CatalogZone.Member m : members.values()) {
        Name node = Name.concatenate(Name.fromConstantString(m.label() + ".zones"), c);
        b.add(new PTRRecord(node, DClass.IN, 0, m.zone()));
        for (String g : m.groups()) {
          b.add(
              new TXTRecord(
                  Name.concatenate(Name.fromConstantString("group"), node), DClass.IN, 0, g));
        }
        Name coo = m.coo();
        if (coo != null) {
          b.add(
              new PTRRecord(
                  Name.concatenate(Name.fromConstantString("coo"), node), DClass.IN, 0, coo));
        }
      }
    } catch (NameTooLongException e) {
      throw new StoreException(
          "catalog " + c + ": a member node name is too long: " + e.getMessage());
    }
    return b.build();
  }
}
