package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.conflict;
import static dev.tandem.control.service.ServiceException.invalid;
import static dev.tandem.control.service.ServiceException.notFound;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.Remote;
import dev.tandem.control.catalog.CatalogTemplate;
import dev.tandem.control.catalog.Catalogs;
import dev.tandem.control.catalog.ConsumedCatalog;
import dev.tandem.store.StoreException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The use cases of catalog zones (RFC 9432), as the REST API calls them: catalogs followed and made
 * here, the templates that configure a followed catalog's members by group, and the group of a zone
 * for the catalogs made here. Every method checks its request first and throws a {@link
 * ServiceException} naming the problem; a refused request changes nothing.
 */
public final class CatalogService {
  private final ControlPlane plane;
  private final ControlObjects objects;

  CatalogService(ControlPlane plane, ControlObjects objects) {
    this.plane = plane;
    this.objects = objects;
  }

  private Catalogs catalogs() {
    return plane.catalogs();
  }

  /** Every catalog, followed or made here. */
  public List<Catalogs.View> list() {
    return catalogs().views();
  }

  /** One catalog. */
  public Catalogs.View get(Name catalog) {
    Catalogs.View v = catalogs().view(catalog);
    if (v == null) {
      throw notFound("no catalog " + catalog + " here");
    }
    return v;
  }

  /**
   * The member zones served here from a catalog followed here, in DNS order, those after {@code
   * after} (all if null).
   */
  public List<Name> members(Name catalog, @Nullable Name after) {
    List<Name> m = catalogs().members(catalog);
    if (m == null) {
      throw notFound("catalog " + catalog + " is not followed here");
    }
    return ZoneService.after(m, after);
  }

  /**
   * Follows a catalog: transferred from {@code primaries} (addresses or peers' names), its members
   * served as secondary zones.
   */
  public Catalogs.View follow(Name catalog, List<String> primaries, List<String> allowNotify) {
    List<Remote> from = objects.remotes(primaries, "primaries");
    if (from.isEmpty()) {
      throw invalid("primaries", "a catalog needs at least one primary");
    }
    ConsumedCatalog c =
        new ConsumedCatalog(catalog, from, objects.aclRules(allowNotify, "allowNotify"));
    try {
      return catalogs().follow(c);
    } catch (IllegalArgumentException e) {
      throw conflict(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException(
          "could not store catalog " + catalog + ": " + e.getMessage(), e);
    }
  }

  /** Stops following a catalog made through the API; its members are removed. */
  public void unfollow(Name catalog) {
    boolean gone;
    try {
      gone = catalogs().unfollow(catalog);
    } catch (IllegalArgumentException e) {
      throw conflict(String.valueOf(e.getMessage()));
    }
    if (!gone) {
      throw notFound("catalog " + catalog + " is not followed here");
    }
  }

  /** Every template. */
  public List<CatalogTemplate> templates() {
    return catalogs().templateList();
  }

  /** One template. */
  public CatalogTemplate template(String group) {
    return templates().stream()
        .filter(t -> t.group().equals(group))
        .findFirst()
        .orElseThrow(() -> notFound("no catalog template for group " + group));
  }

  /** Whether the template of {@code group} comes from the configuration. */
  public boolean isConfigured(String group) {
    return catalogs().isConfiguredTemplate(group);
  }

  /**
   * Creates or replaces the template of {@code group}; the members of that group are configured by
   * it at once.
   */
  public CatalogTemplate putTemplate(
      String group,
      List<String> primaries,
      List<String> allowTransfer,
      List<String> notify,
      List<String> allowNotify) {
    if (group.isBlank() || group.length() > 255) {
      throw invalid("group", "a group is a non-empty TXT value of up to 255 characters");
    }
    CatalogTemplate t =
        new CatalogTemplate(
            group,
            objects.remotes(primaries, "primaries"),
            objects.aclRules(allowTransfer, "allowTransfer"),
            objects.remotes(notify, "notify"),
            objects.aclRules(allowNotify, "allowNotify"));
    try {
      catalogs().putTemplate(t);
    } catch (IllegalArgumentException e) {
      throw conflict(String.valueOf(e.getMessage()));
    }
    return t;
  }

  /** Removes the template of {@code group}. */
  public void deleteTemplate(String group) {
    boolean gone;
    try {
      gone = catalogs().deleteTemplate(group);
    } catch (IllegalArgumentException e) {
      throw conflict(String.valueOf(e.getMessage()));
    }
    if (!gone) {
      throw notFound("no catalog template for group " + group);
    }
  }

  /**
   * The group of a zone about to be created (then kept with {@link #setGroup}): the catalogs made
   * here list it with its group from the start.
   */
  public void expectGroup(Name zone, String group) {
    checkGroup(group);
    catalogs().expectGroup(zone, group);
  }

  /** Forgets the group of a zone whose creation failed. */
  public void forgetGroup(Name zone) {
    catalogs().expectGroup(zone, null);
  }

  private static void checkGroup(@Nullable String group) {
    if (group != null && (group.isBlank() || group.length() > 255)) {
      throw invalid("group", "a group is a non-empty TXT value of up to 255 characters");
    }
  }

  /**
   * Sets the group of a zone served here (null to clear it), which decides the catalog made here
   * that lists it and its group property there.
   */
  public void setGroup(Name zone, @Nullable String group) {
    if (plane.zone(zone).isEmpty()) {
      throw notFound("no zone " + zone + " here");
    }
    checkGroup(group);
    try {
      catalogs().setGroup(zone, group);
    } catch (StoreException e) {
      throw conflict("zone " + zone + " is not stored yet; try again: " + e.getMessage());
    }
  }
}
