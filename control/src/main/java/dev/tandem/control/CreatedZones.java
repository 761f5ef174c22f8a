package dev.tandem.control;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.zone.JournalWindow;
import dev.tandem.store.ZoneStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The configuration of zones created through the API or the CLI (not in the configuration), kept as
 * the zone's settings in the store: one setting per list, one item per line, in the forms the
 * quick-start flags take.
 */
final class CreatedZones {
  private static final Logger log = LoggerFactory.getLogger(CreatedZones.class);

  static final String CREATED = "created";
  static final String ALLOW_TRANSFER = "allow-transfer";
  static final String NOTIFY = "notify";
  static final String ALLOW_UPDATE = "allow-update";
  static final String SERIAL_POLICY = "serial-policy";
  static final String PRIMARIES = "primaries";
  static final String ALLOW_NOTIFY = "allow-notify";
  static final String SECONDARY = "secondary";
  static final String JOURNAL = "journal";
  static final String ALLOW_SERIAL_RESET = "allow-serial-reset";

  private CreatedZones() {}

  /** Whether a zone whose {@link #CREATED} setting is {@code created} was made by the API/CLI. */
  static boolean byApi(@org.jspecify.annotations.Nullable String created) {
    return "cli".equals(created) || SECONDARY.equals(created);
  }

  /** Saves {@code c}'s settings for a zone just stored, or replaces them: all or none. */
  static void save(ZoneStore store, PrimaryConfig c) {
    Map<String, @Nullable String> s = new LinkedHashMap<>();
    s.put(ALLOW_TRANSFER, lines(c.allowTransfer(), AclRule::spec));
    s.put(NOTIFY, lines(c.alsoNotify(), Remote::spec));
    s.put(ALLOW_UPDATE, lines(c.allowUpdate(), UpdateRule::format));
    s.put(SERIAL_POLICY, c.serialPolicy().toString());
    s.put(
        JOURNAL,
        c.journal().equals(JournalWindow.Limits.DEFAULT)
            ? null
            : c.journal().steps()
                + " "
                + c.journal().records()
                + " "
                + c.journal().age().toSeconds());
    s.put(CREATED, "cli"); // a zone is "created" once all is saved
    store.saveSettings(c.zone(), s);
  }

  /** The configuration of a zone created through the CLI, or empty if it was not. */
  static Optional<PrimaryConfig> primary(ZoneStore store, Name zone) {
    Map<String, String> s = store.settings(zone);
    if (!"cli".equals(s.get(CREATED))) {
      return Optional.empty();
    }
    PrimaryConfig c =
        PrimaryConfig.of(zone, null)
            .withAccess(
                parse(zone, s.get(ALLOW_TRANSFER), AclRule::parse),
                parse(zone, s.get(NOTIFY), Remote::parse),
                parse(zone, s.get(ALLOW_UPDATE), UpdateRule::parse));
    String policy = s.get(SERIAL_POLICY);
    if (policy != null) {
      c = c.withSerialPolicy(SerialPolicy.parse(policy));
    }
    String journal = s.get(JOURNAL);
    if (journal != null) {
      try {
        String[] p = journal.trim().split("\\s+");
        c =
            c.withJournal(
                new JournalWindow.Limits(
                    Integer.parseInt(p[0]),
                    Long.parseLong(p[1]),
                    java.time.Duration.ofSeconds(Long.parseLong(p[2]))));
      } catch (RuntimeException e) {
        log.error("{}: stored journal limits '{}' ignored: {}", zone, journal, e.toString());
      }
    }
    return Optional.of(c);
  }

  /** Saves a secondary zone's configuration, or replaces it: all or none. */
  static void save(ZoneStore store, SecondaryConfig c) {
    Map<String, @Nullable String> s = new LinkedHashMap<>();
    s.put(PRIMARIES, lines(c.primaries(), Remote::spec));
    s.put(ALLOW_NOTIFY, lines(c.allowNotify(), AclRule::spec));
    s.put(NOTIFY, lines(c.downstream(), Remote::spec));
    s.put(ALLOW_TRANSFER, lines(c.allowTransfer(), AclRule::spec));
    s.put(ALLOW_SERIAL_RESET, c.allowSerialReset() ? "yes" : null);
    s.put(CREATED, SECONDARY); // last, as for a primary
    store.saveSettings(c.zone(), s);
  }

  /** The configuration of a secondary zone created through the API, or empty if it was not. */
  static Optional<SecondaryConfig> secondary(ZoneStore store, Name zone) {
    Map<String, String> s = store.settings(zone);
    if (!SECONDARY.equals(s.get(CREATED))) {
      return Optional.empty();
    }
    List<Remote> primaries = parse(zone, s.get(PRIMARIES), Remote::parse);
    if (primaries.isEmpty()) {
      log.error("{}: stored secondary zone has no primary; not served", zone);
      return Optional.empty();
    }
    return Optional.of(
        new SecondaryConfig(
            zone,
            primaries,
            parse(zone, s.get(ALLOW_NOTIFY), AclRule::parse),
            parse(zone, s.get(NOTIFY), Remote::parse),
            parse(zone, s.get(ALLOW_TRANSFER), AclRule::parse),
            "yes".equals(s.get(ALLOW_SERIAL_RESET)),
            null));
  }

  private static <T> String lines(List<T> items, Function<T, String> format) {
    return String.join("\n", items.stream().map(format).toList());
  }

  private static <T> List<T> parse(
      Name zone, @org.jspecify.annotations.Nullable String text, Function<String, T> parse) {
    List<T> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parse.apply(line.trim()));
      } catch (IllegalArgumentException e) {
        log.error("{}: stored setting '{}' ignored: {}", zone, line, e.getMessage());
      }
    }
    return out;
  }
}
