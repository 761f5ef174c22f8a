package dev.tandem.control.catalog;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Names;
import dev.tandem.control.access.Remote;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * How the members of a catalog that carry one group property (RFC 9432 section 4.4.2) are
 * configured here: their primaries (with key and TLS), who may transfer them on, whom to NOTIFY and
 * who else may NOTIFY them. A member with no group, or none with a template, is transferred from
 * its catalog's primaries with the catalog's key, as Knot's first {@code catalog-template} does.
 *
 * @param group the group property value it applies to
 * @param primaries the members' primaries, in order; empty for the catalog's own
 * @param allowTransfer who may transfer the members from here (AXFR/IXFR out)
 * @param alsoNotify downstream secondaries to NOTIFY of the members' new serials
 * @param allowNotify who besides the primaries may NOTIFY the members
 */
public record CatalogTemplate(
    String group,
    List<Remote> primaries,
    List<AclRule> allowTransfer,
    List<Remote> alsoNotify,
    List<AclRule> allowNotify) {

  public CatalogTemplate {
    if (group.isEmpty()) {
      throw new IllegalArgumentException("a catalog template needs a group");
    }
    primaries = List.copyOf(primaries);
    allowTransfer = List.copyOf(allowTransfer);
    alsoNotify = List.copyOf(alsoNotify);
    allowNotify = List.copyOf(allowNotify);
  }

  /**
   * Parses {@code GROUP=[ADDR:PORT[+tls[=NAME]][,...][@KEYNAME]][;allow-transfer=RULE]
   * [;notify=ADDR:PORT[@KEYNAME]][;allow-notify=RULE]}, each {@code ;} part repeatable.
   */
  public static CatalogTemplate parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "'" + spec + "' is not of the form GROUP=ADDR:PORT[,ADDR:PORT...][@KEYNAME][;...]");
    }
    String group = spec.substring(0, eq).trim();
    String[] parts = spec.substring(eq + 1).split(";");
    List<Remote> primaries = primaries(parts[0].trim());
    List<AclRule> allowTransfer = new ArrayList<>();
    List<Remote> notify = new ArrayList<>();
    List<AclRule> allowNotify = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int e = p.indexOf('=');
      if (e <= 0) {
        throw new IllegalArgumentException(
            "'" + p + "' in '" + spec + "' is not allow-transfer=, notify= or allow-notify=");
      }
      String v = p.substring(e + 1);
      switch (p.substring(0, e)) {
        case "allow-transfer" -> allowTransfer.add(AclRule.parse(v));
        case "notify" -> notify.add(Remote.parse(v));
        case "allow-notify" -> allowNotify.add(AclRule.parse(v));
        default ->
            throw new IllegalArgumentException(
                "'"
                    + p.substring(0, e)
                    + "' in '"
                    + spec
                    + "': expected allow-transfer,"
                    + " notify or allow-notify");
      }
    }
    return new CatalogTemplate(group, primaries, allowTransfer, notify, allowNotify);
  }

  /** {@code ADDR:PORT[+tls[=NAME]][,...][@KEYNAME]}, all with the key; empty for none. */
  static List<Remote> primaries(String text) {
    List<Remote> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    Name key = null;
    String rest = text;
    int at = rest.lastIndexOf('@');
    if (at >= 0 && !rest.substring(at + 1).matches("[0-9]+")) {
      key = Names.parse(rest.substring(at + 1), "key of '" + text + "'");
      rest = rest.substring(0, at);
    }
    for (String a : rest.split(",")) {
      out.add(Remote.withKey(a.trim(), key));
    }
    return out;
  }

  /** Whether the template names TSIG key {@code key}. */
  boolean usesKey(Name key) {
    return primaries.stream().anyMatch(r -> key.equals(r.key()))
        || alsoNotify.stream().anyMatch(r -> key.equals(r.key()))
        || allowTransfer.stream().anyMatch(r -> key.equals(r.key()))
        || allowNotify.stream().anyMatch(r -> key.equals(r.key()));
  }

  /** The template's primaries, or {@code fallback} (the catalog's) when it names none. */
  List<Remote> primariesOr(List<Remote> fallback) {
    return primaries.isEmpty() ? fallback : primaries;
  }

  /** Looks up the template of the first of {@code groups} that has one, or null. */
  static @Nullable CatalogTemplate first(List<CatalogTemplate> templates, List<String> groups) {
    for (String g : groups) {
      for (CatalogTemplate t : templates) {
        if (t.group().equals(g)) {
          return t;
        }
      }
    }
    return null;
  }
}
