package dev.tandem.control.catalog;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Names;
import dev.tandem.control.access.Remote;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A catalog zone this server makes of its own zones (a catalog producer, RFC 9432), served like any
 * primary zone (transfers, IXFR from its journal, NOTIFY).
 *
 * @param catalog the catalog zone
 * @param groups the zones it lists: those whose group is one of these; every zone when empty
 * @param allowTransfer who may transfer the catalog
 * @param alsoNotify whom to NOTIFY of its new serials
 */
public record ProducedCatalog(
    Name catalog, List<String> groups, List<AclRule> allowTransfer, List<Remote> alsoNotify) {
  public ProducedCatalog {
    groups = List.copyOf(groups);
    allowTransfer = List.copyOf(allowTransfer);
    alsoNotify = List.copyOf(alsoNotify);
  }

  /** Parses {@code CATALOG[=GROUP[,GROUP...]]} ({@code --produce-catalog}). */
  public static ProducedCatalog parse(String spec) {
    int eq = spec.indexOf('=');
    String name = eq < 0 ? spec : spec.substring(0, eq);
    List<String> groups = new ArrayList<>();
    if (eq >= 0) {
      for (String g : spec.substring(eq + 1).split(",")) {
        if (!g.isBlank()) {
          groups.add(g.trim());
        }
      }
      if (groups.isEmpty()) {
        throw new IllegalArgumentException("'" + spec + "': no group after '='");
      }
    }
    return new ProducedCatalog(
        Names.parse(name, "catalog '" + spec + "'"), groups, List.of(), List.of());
  }

  /** This catalog with who may transfer it and whom to NOTIFY added. */
  public ProducedCatalog withAccess(List<AclRule> moreTransfer, List<Remote> moreNotify) {
    List<AclRule> t = new ArrayList<>(allowTransfer);
    t.addAll(moreTransfer);
    List<Remote> n = new ArrayList<>(alsoNotify);
    n.addAll(moreNotify);
    return new ProducedCatalog(catalog, groups, t, n);
  }

  /** Whether a zone of group {@code group} (null for none) belongs in this catalog. */
  boolean lists(@org.jspecify.annotations.Nullable String group) {
    return groups.isEmpty() || (group != null && groups.contains(group));
  }
}
