package dev.tandem.control.access;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Who may change a primary zone by RFC 2136 UPDATE, and what: requests signed with {@code key} may
 * change records at {@code names} (or anywhere in the zone when null) of {@code types} (or any type
 * when empty). BIND's {@code update-policy} in its simplest forms: {@code grant KEY subdomain NAME
 * TYPES} and {@code grant KEY zonesub ANY}.
 *
 * @param key the TSIG key the UPDATE must be signed with (unsigned UPDATEs are always refused)
 * @param names the name at or below which changes are allowed, or null for the whole zone
 * @param types the record types that may be changed, or empty for any
 */
public record UpdateRule(Name key, @Nullable Name names, Set<Integer> types) {

  public UpdateRule {
    types = Set.copyOf(types);
  }

  /** Everything in the zone, for requests signed with {@code key}. */
  public static UpdateRule anything(Name key) {
    return new UpdateRule(key, null, Set.of());
  }

  /**
   * Parses {@code KEYNAME[:NAME[:TYPE,TYPE...]]}, e.g. {@code
   * acme:_acme-challenge.example.com.:TXT} (NAME {@code *} for the whole zone).
   */
  public static UpdateRule parse(String text) {
    String[] parts = text.split(":", 3);
    Name key = Names.parse(parts[0], "key name in '" + text + "'");
    Name names =
        parts.length < 2 || parts[1].equals("*")
            ? null
            : Names.parse(parts[1], "name in '" + text + "'");
    Set<Integer> types = new TreeSet<>();
    if (parts.length == 3) {
      for (String t : parts[2].split(",")) {
        int type = Type.value(t.trim().toUpperCase(Locale.ROOT));
        if (type < 0) {
          throw new IllegalArgumentException("'" + t + "' in '" + text + "' is not a record type");
        }
        types.add(type);
      }
    }
    return new UpdateRule(key, names, types);
  }

  /** Whether a request signed with {@code signedWith} may change {@code type} at {@code owner}. */
  public boolean allows(Name signedWith, Name owner, int type) {
    Name scope = names;
    return key.equals(signedWith)
        && (scope == null || owner.subdomain(scope))
        && (types.isEmpty() || types.contains(type));
  }

  /** The form {@link #parse} reads. */
  public String format() {
    Name scope = names;
    if (scope == null && types.isEmpty()) {
      return key.toString();
    }
    StringBuilder b = new StringBuilder(key.toString()).append(':');
    b.append(scope == null ? "*" : scope.toString());
    if (!types.isEmpty()) {
      b.append(':');
      b.append(String.join(",", types.stream().map(Type::string).toList()));
    }
    return b.toString();
  }
}
