package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.conflict;
import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.Remote;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * Zones made and removed through the API: each request checked whole (its name, lists, keys, its
 * contents as a zone), then made by the registry, which stores the zone before it serves it. {@link
 * ZoneService} audits each.
 */
final class ZoneLifecycle {
  private final ControlPlane plane;
  private final ControlObjects objects;
  private final Clock clock;

  ZoneLifecycle(ControlPlane plane, ControlObjects objects, Clock clock) {
    this.plane = plane;
    this.objects = objects;
    this.clock = clock;
  }

  /**
   * Creates a primary zone from a zone file's text, or from records and name servers.
   *
   * @throws ServiceException if it exists, a field is invalid, or the zone has errors
   */
  ZoneStatus createPrimary(ZoneService.NewPrimary r) {
    Name zone = r.zone();
    checkZoneName(zone);
    if (plane.status(zone).isPresent()) {
      throw conflict("zone " + zone + " exists already");
    }
    List<Name> ns = new ArrayList<>();
    for (String n : r.nameservers()) {
      ns.add(ZoneText.name(n, zone, "nameservers"));
    }
    PrimaryConfig config =
        PrimaryConfig.of(zone, null)
            .withAccess(
                objects.aclRules(r.allowTransfer(), "allowTransfer"),
                objects.remotes(r.alsoNotify(), "notify"),
                ZoneSettings.updateRules(r.allowUpdate()));
    if (r.serialPolicy() != null) {
      config = config.withSerialPolicy(ZoneSettings.serialPolicy(r.serialPolicy()));
    }
    ZoneSnapshot contents;
    if (r.zoneFile() != null) {
      if (!r.records().isEmpty()) {
        throw invalid("records", "a zone is made of a zone file or of records, not both");
      }
      contents = ZoneText.zoneFile(zone, r.zoneFile(), plane.zoneLimits());
    } else {
      contents =
          NewZone.of(zone, ns, r.records(), config.serialPolicy(), clock.instant(), r.serial());
    }
    try {
      plane.createPrimary(config, contents);
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException("could not store zone " + zone + ": " + e.getMessage(), e);
    }
    return status(zone);
  }

  /**
   * Creates a secondary zone; it is served once its first transfer completes.
   *
   * @throws ServiceException if it exists, has no primary, or a field is invalid
   */
  ZoneStatus createSecondary(ZoneService.NewSecondary r) {
    checkZoneName(r.zone());
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
            objects.aclRules(r.allowTransfer(), "allowTransfer"),
            r.allowSerialReset(),
            null);
    try {
      plane.createSecondary(c);
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException(
          "could not store zone " + r.zone() + ": " + e.getMessage(), e);
    }
    return status(r.zone());
  }

  /** Stops serving a zone created here and removes it, contents and history. */
  void delete(Name zone) {
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

  private ZoneStatus status(Name zone) {
    return plane
        .status(zone)
        .orElseThrow(() -> ServiceException.notFound("no zone " + zone + " here"));
  }

  /**
   * A new zone's name, as every surface must give it ({@link ZoneText#zoneName}; a '/' is the
   * surface's to refuse, where its paths could not name the zone).
   */
  private static void checkZoneName(Name zone) {
    ZoneText.zoneName(zone.toString(), "zone", true);
  }
}
