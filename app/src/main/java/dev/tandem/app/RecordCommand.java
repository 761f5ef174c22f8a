package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem record list|add|delete|replace}: reads and edits a primary zone of the running
 * server. Each edit is one change: one new serial, journaled, NOTIFYed. Names are relative to the
 * zone unless they end with a dot; {@code @} is the apex.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = "Lists and edits records of a zone of the running server.",
    subcommands = {
      RecordCommand.ListRecords.class,
      RecordCommand.Add.class,
      RecordCommand.Delete.class,
      RecordCommand.Replace.class
    })
final class RecordCommand {
  private RecordCommand() {}

  /** Sends one edit to {@code POST /api/zones/ZONE/records} and prints what it did. */
  static int edit(
      ClientCommand c,
      ApiClient api,
      String zone,
      String op,
      String name,
      long ttl,
      String type,
      List<String> rdata) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("op", op);
    body.put("name", name);
    body.put("ttl", ttl);
    body.put("type", type);
    body.put("rdata", String.join(" ", rdata));
    JsonNode r = api.post(ClientCommand.zonePath(zone) + "/records", body);
    c.out().println(r.path("message").asText());
    return 0;
  }

  /** ZONE NAME TTL TYPE RDATA... */
  abstract static class WithData extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Parameters(index = "1", paramLabel = "NAME")
    String name = "";

    @Parameters(index = "2", paramLabel = "TTL")
    long ttl;

    @Parameters(index = "3", paramLabel = "TYPE")
    String type = "";

    @Parameters(index = "4..*", arity = "1..*", paramLabel = "RDATA")
    List<String> rdata = new ArrayList<>();

    abstract String op();

    @Override
    int run(ApiClient api) {
      return edit(this, api, zone, op(), name, ttl, type, rdata);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Adds a record (ZONE NAME TTL TYPE RDATA...), e.g. 'www 300 A 192.0.2.1'.")
  static final class Add extends WithData {
    @Override
    String op() {
      return "add";
    }
  }

  @Command(
      name = "replace",
      mixinStandardHelpOptions = true,
      description =
          "Replaces the records of NAME and TYPE with this one (ZONE NAME TTL TYPE RDATA...).")
  static final class Replace extends WithData {
    @Override
    String op() {
      return "replace";
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes the records of NAME and TYPE, or only the one with RDATA if given.")
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Parameters(index = "1", paramLabel = "NAME")
    String name = "";

    @Parameters(index = "2", paramLabel = "TYPE")
    String type = "";

    @Parameters(index = "3..*", arity = "0..*", paramLabel = "RDATA")
    List<String> rdata = new ArrayList<>();

    @Override
    int run(ApiClient api) {
      return edit(this, api, zone, "delete", name, 0, type, rdata);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists a zone's records as served, RRset by RRset (optionally one name/type).")
  static final class ListRecords extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "Only this name")
    @Nullable String name;

    @Parameters(index = "2", arity = "0..1", paramLabel = "TYPE", description = "Only this type")
    @Nullable String type;

    @Option(names = "--json", description = "Print the API's JSON")
    boolean json;

    @Override
    int run(ApiClient api) {
      StringBuilder query = new StringBuilder();
      if (name != null) {
        query.append("?name=").append(ApiClient.segment(name));
      }
      if (type != null) {
        query.append(query.isEmpty() ? '?' : '&').append("type=").append(ApiClient.segment(type));
      }
      JsonNode sets = api.get(zonePath(zone) + "/rrsets" + query);
      if (json) {
        printJson(sets);
        return 0;
      }
      for (JsonNode s : sets) {
        for (JsonNode data : s.path("records")) {
          out()
              .printf(
                  "%s\t%s\tIN\t%s\t%s%n",
                  s.path("name").asText(),
                  s.path("ttl").asText(),
                  s.path("type").asText(),
                  data.asText());
        }
      }
      return 0;
    }
  }
}
