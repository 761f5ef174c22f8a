package dev.tandem.control.zone;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * How a secondary zone came from a catalog this server follows (RFC 9432): the catalog zone itself,
 * or one of its members, with the member node's label (section 4.1: a changed label resets the
 * zone, section 5.4) and the group property that chose its configuration (section 4.4.2). Such a
 * zone is configured, changed and deleted through its catalog, not the API.
 *
 * @param catalog the catalog zone
 * @param label the member node label ({@code <unique-N>}); null for the catalog zone itself
 * @param group the group whose template configured the member, or null
 */
public record CatalogPart(Name catalog, @Nullable String label, @Nullable String group) {

  /** The catalog zone itself. */
  public static CatalogPart catalog(Name catalog) {
    return new CatalogPart(catalog, null, null);
  }

  public boolean isMember() {
    return label != null;
  }

  /** Who configures the zone, in words for a refusal to delete it elsewhere. */
  public String owner() {
    return isMember()
        ? "catalog " + catalog + " (it is removed when the catalog no longer lists it)"
        : "the catalogs this server follows (stop following it: DELETE /api/catalogs/"
            + catalog
            + ")";
  }
}
