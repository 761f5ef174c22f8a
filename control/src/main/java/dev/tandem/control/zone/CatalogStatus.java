package dev.tandem.control.zone;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A zone's part in a catalog zone (RFC 9432), as its status shows it.
 *
 * @param role a catalog this server follows, one of its members, or a catalog this server makes
 * @param catalog the catalog zone (the zone itself, for a catalog)
 * @param group the group property the member was configured by (section 4.4.2), or null
 * @param members for a catalog: its members served here
 * @param problem for a catalog: why its last version is not acted on (a broken catalog, section
 *     5.1), or which members it lists that cannot be served here (a name clash, section 5.2); null
 *     if none
 */
public record CatalogStatus(
    Role role, Name catalog, @Nullable String group, int members, @Nullable String problem) {

  /** What the zone is to the catalog. */
  public enum Role {
    /** A catalog zone this server follows (a catalog consumer, RFC 9432 section 1). */
    CONSUMER,
    /** A member zone of a catalog this server follows. */
    MEMBER,
    /** A catalog zone this server makes of its own zones (a catalog producer). */
    PRODUCER;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A member of {@code catalog}, configured by {@code group} (null if by none). */
  public static CatalogStatus member(Name catalog, @Nullable String group) {
    return new CatalogStatus(Role.MEMBER, catalog, group, 0, null);
  }
}
