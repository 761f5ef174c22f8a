package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem zone check ZONE} and {@code tandem audit DOMAIN...}: the cross-provider checks of
 * the running server, through its REST API.
 */
final class ConsistencyCommands {
  private ConsistencyCommands() {}

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Checks the zone's servers at every provider now and prints the matrix: each server",
        "(address, NS name, provider), its serial and lag, whether it serves our NS set, its",
        "state (ok, lagging, drifted, lame, unreachable); then the findings, with since when",
        "and the evidence. With --json: GET /api/zones/ZONE/consistency's JSON."
      })
  static final class Check extends JsonCommand {
    @Parameters(paramLabel = "ZONE")
    String zone = "";

    @Override
    int run(ApiClient api) {
      return show(api.post(zonePath(zone) + "/check", null), r -> matrix(r, out()));
    }
  }

  static void matrix(JsonNode r, PrintWriter out) {
    out.printf(
        "%s %s since %s (serial here %s, newest %s; checked %s in %s ms)%n",
        r.path("zone").asText(),
        r.path("state").asText(),
        ClientCommand.time(r.path("since")),
        ClientCommand.cell(r.path("serial")),
        ClientCommand.cell(r.path("referenceSerial")),
        ClientCommand.time(r.path("checkedAt")),
        r.path("tookMillis").asText());
    Map<String, List<String>> kindsByServer = new LinkedHashMap<>();
    for (JsonNode f : r.path("findings")) {
      kindsByServer
          .computeIfAbsent(f.path("server").asText("zone"), k -> new ArrayList<>())
          .add(f.path("kind").asText());
    }
    ClientCommand.Table t =
        new ClientCommand.Table("SERVER", "NAME", "PROVIDER", "SERIAL", "LAG", "NS SET", "STATE");
    for (JsonNode s : r.path("servers")) {
      String address = s.path("address").asText();
      List<String> kinds = kindsByServer.getOrDefault(address, List.of());
      String ns =
          s.path("nsSet").isArray() ? kinds.contains("ns-set-differs") ? "differs" : "same" : "-";
      JsonNode lag = s.path("lagSeconds");
      t.row(
          address + (s.path("own").asBoolean() ? " (here)" : ""),
          ClientCommand.cell(s.path("name")),
          s.path("provider").asText(),
          ClientCommand.cell(s.path("serial")),
          lag.isNumber() ? lag.asLong() + " s" : "-",
          ns,
          s.path("state").asText());
    }
    t.print(out);
    JsonNode d = r.path("delegation");
    if (d.isObject()) {
      out.printf(
          "delegation (%s at %s): %s%s%n",
          d.path("state").asText(),
          ClientCommand.cell(d.path("parent")),
          ClientCommand.cells(d.path("ns")),
          d.path("error").isTextual() ? "; " + d.path("error").asText() : "");
    }
    if (r.path("findings").isEmpty()) {
      out.println("no findings");
      return;
    }
    out.println("findings:");
    for (JsonNode f : r.path("findings")) {
      out.printf(
          "  %s %s since %s: %s%n",
          f.path("kind").asText(),
          f.path("server").isTextual() ? f.path("server").asText() : "(zone)",
          ClientCommand.time(f.path("since")),
          f.path("detail").asText());
      for (JsonNode e : f.path("evidence")) {
        out.printf("      %s%n", e.asText());
      }
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = {
        "Audits domains, served here or not, from the root: the delegation, each server and",
        "its provider, whether it answers, and whether the domain survives the loss of any one",
        "provider (it does when two or more providers answer for it). With --json: the API's",
        "JSON. Exit 1 if any domain depends on one provider."
      })
  static final class Audit extends JsonCommand {
    @Parameters(arity = "1..*", paramLabel = "DOMAIN")
    List<String> domains = new ArrayList<>();

    @Override
    int run(ApiClient api) {
      JsonNode answer = api.post("/api/audit", Map.of("domains", domains));
      show(answer, a -> audit(a, out()));
      for (JsonNode d : answer) {
        if (!d.path("survivesLossOfAnyProvider").asBoolean()) {
          return 1;
        }
      }
      return 0;
    }
  }

  static void audit(JsonNode answer, PrintWriter out) {
    for (JsonNode d : answer) {
      out.printf("%s: %s%n", d.path("domain").asText(), d.path("verdict").asText());
      if (d.path("parent").isTextual()) {
        out.printf(
            "  delegated by %s to %s%n",
            d.path("parent").asText(), ClientCommand.cells(d.path("ns")));
      }
      ClientCommand.Table t =
          new ClientCommand.Table("  NAME", "ADDRESS", "PROVIDER", "ANSWERS", "SERIAL", "PROBLEM");
      for (JsonNode s : d.path("servers")) {
        t.row(
            "  " + s.path("name").asText(),
            ClientCommand.cell(s.path("address")),
            s.path("provider").asText(),
            s.path("authoritative").asBoolean()
                ? "yes"
                : s.path("answers").asBoolean() ? "not authoritatively" : "no",
            ClientCommand.cell(s.path("serial")),
            ClientCommand.cell(s.path("error")));
      }
      if (d.path("servers").size() > 0) {
        t.print(out);
      }
    }
  }
}
