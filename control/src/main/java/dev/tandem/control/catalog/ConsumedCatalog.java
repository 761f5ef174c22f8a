package dev.tandem.control.catalog;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Names;
import dev.tandem.control.access.Remote;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.zone.CatalogPart;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A catalog zone this server follows (a catalog consumer, RFC 9432): transferred from its primaries
 * like any secondary zone, its members served as secondary zones configured by the templates of
 * their groups, or else from the catalog's primaries.
 *
 * @param catalog the catalog zone
 * @param primaries its primaries, in order (with key and TLS)
 * @param allowNotify who besides the primaries may NOTIFY the catalog
 */
public record ConsumedCatalog(Name catalog, List<Remote> primaries, List<AclRule> allowNotify) {
  public ConsumedCatalog {
    if (primaries.isEmpty()) {
      throw new IllegalArgumentException("catalog " + catalog + " has no primary");
    }
    primaries = List.copyOf(primaries);
    allowNotify = List.copyOf(allowNotify);
  }

  /** Parses {@code CATALOG=ADDR:PORT[+tls[=NAME]][,...][@KEYNAME]} ({@code --catalog}). */
  public static ConsumedCatalog parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException(
          "'" + spec + "' is not of the form CATALOG=ADDR:PORT[,ADDR:PORT...][@KEYNAME]");
    }
    Name catalog = Names.parse(spec.substring(0, eq), "catalog '" + spec + "'");
    return new ConsumedCatalog(
        catalog, CatalogTemplate.primaries(spec.substring(eq + 1).trim()), List.of());
  }

  /** The catalog zone's own configuration, as a secondary zone. */
  SecondaryConfig zoneConfig() {
    return new SecondaryConfig(
        catalog, primaries, allowNotify, List.of(), List.of(), false, CatalogPart.catalog(catalog));
  }
}
