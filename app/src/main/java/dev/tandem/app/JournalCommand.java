package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem journal ZONE} (also {@code tandem zone journal ZONE}): a primary zone's kept
 * changes, oldest first, each with the records it removed (-) and added (+): what IXFR out is
 * answered from (like Knot's kjournalprint).
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Prints a primary zone's journal: its kept changes, oldest first.")
final class JournalCommand extends ZoneCommand.OneZone {
  @Option(names = "--json", description = "Print the API's JSON")
  boolean json;

  @Override
  int run(ApiClient api) {
    JsonNode entries = api.get(zonePath(zone) + "/journal");
    if (json) {
      printJson(entries);
      return 0;
    }
    if (entries.isEmpty()) {
      out().println(absolute(zone) + ": no changes kept");
    }
    for (JsonNode e : entries) {
      out()
          .printf(
              "serial %s -> %s at %s: %d removed, %d added%n",
              e.path("fromSerial").asText(),
              e.path("toSerial").asText(),
              e.path("at").asText(),
              e.path("removed").size(),
              e.path("added").size());
      e.path("removed").forEach(r -> out().println("  - " + r.asText()));
      e.path("added").forEach(r -> out().println("  + " + r.asText()));
    }
    return 0;
  }
}
