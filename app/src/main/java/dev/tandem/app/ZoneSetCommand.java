package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem zone set ZONE ...}: changes a zone's settings at run time, all at once ({@code
 * PATCH /api/zones/ZONE}); the zone keeps serving. Each list given replaces the zone's; {@code
 * --clear} empties one.
 */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description = {
      "Changes a zone's settings at run time, all at once; the zone keeps serving.",
      "Each list given replaces the zone's list (repeat the option for several items);",
      "--clear LIST empties one. A secondary asks its (new) primaries at once."
    })
final class ZoneSetCommand extends JsonCommand {
  @Parameters(paramLabel = "ZONE")
  String zone = "";

  @Mixin ZoneSettingOptions settings = new ZoneSettingOptions();

  @Option(
      names = "--journal-max-changes",
      paramLabel = "N",
      description = "Primary: changes kept for IXFR out")
  @Nullable Integer journalChanges;

  @Option(
      names = "--journal-max-records",
      paramLabel = "N",
      description = "Primary: records kept for IXFR out")
  @Nullable Long journalRecords;

  @Option(
      names = "--journal-max-age",
      paramLabel = "SECONDS",
      description = "Primary: how long a change is kept for IXFR out")
  @Nullable Long journalAge;

  @Option(
      names = "--clear",
      paramLabel = "LIST",
      description =
          "Empties a list: allow-transfer, notify, allow-notify, allow-update; repeatable")
  List<String> clear = new ArrayList<>();

  @Override
  void check() {
    for (String c : clear) {
      if (!List.of("allow-transfer", "notify", "allow-notify", "allow-update").contains(c)) {
        throw usage(
            "--clear " + c + ": not a list (allow-transfer, notify, allow-notify, allow-update)");
      }
    }
    if (body().isEmpty()) {
      throw usage("nothing to change: give at least one setting");
    }
  }

  private Map<String, Object> body() {
    Map<String, Object> b = new LinkedHashMap<>();
    list(b, "primaries", settings.primaries, null);
    list(b, "allowTransfer", settings.allowTransfer, "allow-transfer");
    list(b, "notify", settings.notify, "notify");
    list(b, "allowNotify", settings.allowNotify, "allow-notify");
    list(b, "allowUpdate", settings.allowUpdate, "allow-update");
    if (settings.serialPolicy != null) {
      b.put("serialPolicy", settings.serialPolicy);
    }
    Map<String, Object> journal = new LinkedHashMap<>();
    if (journalChanges != null) {
      journal.put("maxChanges", journalChanges);
    }
    if (journalRecords != null) {
      journal.put("maxRecords", journalRecords);
    }
    if (journalAge != null) {
      journal.put("maxAgeSeconds", journalAge);
    }
    if (!journal.isEmpty()) {
      b.put("journal", journal);
    }
    return b;
  }

  private void list(
      Map<String, Object> b, String field, List<String> given, @Nullable String name) {
    if (!given.isEmpty()) {
      b.put(field, given);
    } else if (name != null && clear.contains(name)) {
      b.put(field, List.of());
    }
  }

  @Override
  int run(ApiClient api) {
    return show(api.patch(zonePath(zone), body()), s -> print(this, s));
  }

  static void print(ClientCommand c, JsonNode s) {
    c.out().printf("%-15s %s (%s)%n", "zone", s.path("zone").asText(), s.path("kind").asText());
    for (String f : List.of("primaries", "allowNotify", "notify", "allowTransfer", "allowUpdate")) {
      if (s.path(f).size() > 0) {
        c.out().printf("%-15s %s%n", f, cells(s.path(f)));
      }
    }
    if (s.path("serialPolicy").isTextual()) {
      c.out().printf("%-15s %s%n", "serialPolicy", s.path("serialPolicy").asText());
    }
    JsonNode j = s.path("journal");
    if (j.isObject()) {
      c.out()
          .printf(
              "%-15s %d changes, %d records, %d s%n",
              "journal",
              j.path("maxChanges").asLong(),
              j.path("maxRecords").asLong(),
              j.path("maxAgeSeconds").asLong());
    }
  }
}
