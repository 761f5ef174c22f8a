package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem zone list|status|create|delete|import|export|refresh|retransfer|notify|transfers|
 * journal|check}: the running server's zones, through its REST API.
 */
@Command(
    name = "zone",
    mixinStandardHelpOptions = true,
    description = "Zone commands against the running server.",
    subcommands = {
      ZoneCommand.ListZones.class,
      ZoneCommand.Status.class,
      ZoneCommand.Create.class,
      ZoneCommand.Delete.class,
      ZoneCommand.Import.class,
      ZoneCommand.Export.class,
      ZoneCommand.Refresh.class,
      ZoneCommand.Retransfer.class,
      ZoneCommand.Notify.class,
      ZoneCommand.Transfers.class,
      JournalCommand.class,
      ConsistencyCommands.Check.class
    })
final class ZoneCommand {
  private ZoneCommand() {}

  /** A command whose one argument is a zone. */
  abstract static class OneZone extends ClientCommand {
    @Parameters(paramLabel = "ZONE")
    String zone = "";
  }

  /** A command that POSTs to {@code /api/zones/ZONE/ACTION} and prints the message. */
  abstract static class Action extends OneZone {
    abstract String action();

    @Override
    int run(ApiClient api) {
      JsonNode r = api.post(zonePath(zone) + "/" + action(), null);
      out().println(r.path("message").asText(absolute(zone) + ": " + action() + " queued"));
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the zones: kind, state and serial of each.")
  static final class ListZones extends ClientCommand {
    @Option(names = "--json", description = "Print the API's JSON")
    boolean json;

    @Override
    int run(ApiClient api) {
      JsonNode zones = api.get("/api/zones");
      if (json) {
        printJson(zones);
        return 0;
      }
      Table t = new Table("ZONE", "KIND", "STATE", "SERIAL", "LAST ERROR");
      for (JsonNode z : zones) {
        t.row(
            z.path("zone").asText(),
            z.path("kind").asText(),
            z.path("state").asText(),
            cell(z.path("serial")),
            cell(z.path("lastError")));
      }
      t.print(out());
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Each zone's state (ok, refreshing, expired, loading) and serials.",
        "Also the last refresh and its error, next refresh and expiry, the NOTIFYs sent and",
        "refused transfers. With --json: one line, {\"zones\": [...]}, each zone as",
        "GET /api/zones/ZONE shows it."
      })
  static class Status extends ClientCommand {
    @Parameters(arity = "0..1", paramLabel = "ZONE", description = "Only this zone")
    @Nullable String zone;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    int run(ApiClient api) throws IOException {
      String only = zone;
      ArrayNode zones = ApiClient.JSON.createArrayNode();
      if (only == null) {
        api.get("/api/zones").forEach(zones::add);
      } else {
        zones.add(api.get(zonePath(only)));
      }
      PrintWriter out = out();
      if (json) {
        ObjectNode root = ApiClient.JSON.createObjectNode();
        root.set("zones", zones);
        out.println(ApiClient.JSON.writeValueAsString(root));
        return 0;
      }
      for (JsonNode z : zones) {
        out.printf(
            "%s %s %s serial %s%n",
            z.path("zone").asText(),
            z.path("kind").asText(),
            z.path("state").asText(),
            z.path("serial").asText("-"));
        line(out, z, "primarySerial", "primary serial");
        line(out, z, "lastSuccess", "last success");
        line(out, z, "lastAttempt", "last attempt");
        line(out, z, "lastError", "last error");
        line(out, z, "lastRefusedNotify", "refused NOTIFY");
        line(out, z, "nextRefresh", "next refresh");
        line(out, z, "expiresAt", "expires at");
        if (z.path("primaries").size() > 0) {
          out.printf("  %-15s %s%n", "primaries", cells(z.path("primaries")));
        }
        for (JsonNode n : z.path("notified")) {
          out.printf(
              "  %-15s %s serial %s %s after %s attempt(s)%s%n",
              "notify",
              n.path("target").asText(),
              n.path("serial").asText(),
              n.path("state").asText(),
              n.path("attempts").asText(),
              n.path("error").isTextual() ? ": " + n.path("error").asText() : "");
        }
        if (z.path("refusedTransfers").asLong() > 0) {
          out.printf("  %-15s %s%n", "refused xfrs", z.path("refusedTransfers").asText());
        }
        JsonNode sig = z.path("signatures");
        if (sig.isObject()) {
          out.printf(
              "  %-15s %s, first to expire %s (%s)%n",
              "signatures",
              sig.path("state").asText(),
              sig.path("earliestExpiry").asText(),
              sig.path("rrset").asText());
        }
      }
      return 0;
    }

    private static void line(PrintWriter out, JsonNode z, String field, String label) {
      JsonNode v = z.path(field);
      if (!v.isMissingNode() && !v.isNull()) {
        out.printf("  %-15s %s%n", label, v.asText());
      }
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a primary or secondary zone and serves it.",
        "A primary zone: from a zone file (--file, read here and sent to the server), or empty",
        "but for an SOA and the NS set (--ns). A secondary zone (--secondary): follows its",
        "primaries (--primary), and is served once its first transfer is in."
      })
  static final class Create extends ClientCommand {
    @Parameters(paramLabel = "ZONE")
    String zone = "";

    @Option(names = "--ns", paramLabel = "NAME", description = "Primary: a name server; repeatable")
    List<String> ns = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Primary: initial contents")
    @Nullable Path file;

    @Option(
        names = "--allow-update",
        paramLabel = "KEYNAME[:NAME[:TYPE,...]]",
        description = "Primary: who may change it by UPDATE; repeatable")
    List<String> allowUpdate = new ArrayList<>();

    @Option(
        names = "--serial-policy",
        paramLabel = "POLICY",
        description = "Primary: increment (default), unixtime or dateserial")
    @Nullable String serialPolicy;

    @Option(names = "--secondary", description = "Create a secondary zone (needs --primary)")
    boolean secondary;

    @Option(
        names = "--primary",
        paramLabel = "ADDR[:PORT][@KEYNAME]|PEER",
        description =
            "Secondary: a primary to transfer from, in order of preference; repeatable (implies"
                + " --secondary)")
    List<String> primaries = new ArrayList<>();

    @Option(
        names = "--allow-notify",
        paramLabel = "PREFIX[@KEYNAME]",
        description = "Secondary: NOTIFY accepted from others than the primaries; repeatable")
    List<String> allowNotify = new ArrayList<>();

    @Option(
        names = "--allow-transfer",
        paramLabel = "PREFIX[@KEYNAME]",
        description = "Who may transfer it; repeatable")
    List<String> allowTransfer = new ArrayList<>();

    @Option(
        names = "--notify",
        paramLabel = "ADDR:PORT[@KEYNAME]",
        description = "A secondary to NOTIFY of each new serial; repeatable")
    List<String> notify = new ArrayList<>();

    @Option(
        names = "--allow-serial-reset",
        description =
            "Secondary: follow the primary when its serial goes backwards (by AXFR); off by"
                + " default")
    boolean allowSerialReset;

    private boolean isSecondary() {
      return secondary || !primaries.isEmpty();
    }

    @Override
    void check() {
      if (isSecondary()) {
        String primaryOnly =
            !ns.isEmpty()
                ? "--ns"
                : file != null
                    ? "--file"
                    : !allowUpdate.isEmpty()
                        ? "--allow-update"
                        : serialPolicy != null ? "--serial-policy" : null;
        if (primaryOnly != null) {
          throw usage(primaryOnly + " is for primary zones, not with --secondary");
        }
        if (primaries.isEmpty()) {
          throw usage("a secondary zone needs at least one --primary ADDR[:PORT][@KEYNAME]");
        }
      } else {
        if (!allowNotify.isEmpty() || allowSerialReset) {
          throw usage(
              (allowSerialReset ? "--allow-serial-reset" : "--allow-notify")
                  + " is for secondary zones (with --primary)");
        }
        if (file == null && ns.isEmpty()) {
          throw usage("give --file FILE or at least one --ns NAME (or --secondary --primary ..)");
        }
      }
    }

    @Override
    int run(ApiClient api) {
      boolean isSecondary = isSecondary();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("zone", zone);
      body.put("kind", isSecondary ? "secondary" : "primary");
      Path f = file;
      if (isSecondary) {
        body.put("primaries", primaries);
        body.put("allowNotify", allowNotify);
        if (allowSerialReset) {
          body.put("allowSerialReset", true);
        }
      } else {
        body.put("nameservers", ns);
        if (f != null) {
          body.put("zoneFile", readZoneFile(f));
        }
        body.put("allowUpdate", allowUpdate);
        if (serialPolicy != null) {
          body.put("serialPolicy", serialPolicy);
        }
      }
      body.put("allowTransfer", allowTransfer);
      body.put("notify", notify);
      JsonNode made;
      try {
        made = api.post("/api/zones", body);
      } catch (ClientException e) {
        throw f == null ? e : zoneFileErrors(e, f, err());
      }
      if (isSecondary) {
        out()
            .printf(
                "zone %s created: secondary of %s, %s%n",
                made.path("zone").asText(absolute(zone)),
                cells(made.path("primaries")),
                made.path("serial").isNumber()
                    ? "serving serial " + made.path("serial").asText()
                    : "first transfer under way");
      } else {
        out()
            .printf(
                "zone %s created at serial %s%n",
                made.path("zone").asText(absolute(zone)), cell(made.path("serial")));
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Deletes a zone created with 'zone create' (or the API).",
        "Stops serving it and removes it from the store."
      })
  static final class Delete extends OneZone {
    @Override
    int run(ApiClient api) {
      api.delete(zonePath(zone));
      out().println("zone " + absolute(zone) + " deleted");
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Replaces a primary zone's contents with a zone file's.",
        "The file is read here and sent to the server. One journaled change, so that",
        "secondaries follow by IXFR. The serial is the file's if newer, else the next one."
      })
  static final class Import extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Parameters(index = "1", paramLabel = "FILE")
    Path file = Path.of("");

    @Override
    int run(ApiClient api) {
      String text = readZoneFile(file);
      JsonNode r;
      try {
        r = api.putText(zonePath(zone) + "/import", text, "text/dns; charset=utf-8");
      } catch (ClientException e) {
        throw zoneFileErrors(e, file, err());
      }
      out().println(r.path("message").asText());
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Prints a zone as served, as a zone file.")
  static final class Export extends OneZone {
    @Override
    int run(ApiClient api) {
      out().print(api.getText(zonePath(zone) + "/export"));
      return 0;
    }
  }

  @Command(
      name = "notify",
      mixinStandardHelpOptions = true,
      description = "Sends NOTIFY for the zone's serial to its secondaries now.")
  static class Notify extends Action {
    @Override
    String action() {
      return "notify";
    }
  }

  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      description = "Refreshes a secondary zone from its primaries now (SOA check, then IXFR).")
  static class Refresh extends Action {
    @Override
    String action() {
      return "refresh";
    }
  }

  @Command(
      name = "retransfer",
      mixinStandardHelpOptions = true,
      description = "Transfers a secondary zone whole (AXFR) from its primaries now.")
  static class Retransfer extends Action {
    @Override
    String action() {
      return "retransfer";
    }
  }

  @Command(
      name = "transfers",
      mixinStandardHelpOptions = true,
      description = "The zone's transfers in and out, newest first.")
  static final class Transfers extends OneZone {
    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "At most N transfers (default: ${DEFAULT-VALUE})")
    int limit = 50;

    @Option(names = "--json", description = "Print the API's JSON")
    boolean json;

    @Override
    int run(ApiClient api) {
      JsonNode list = api.get(zonePath(zone) + "/transfers?limit=" + limit);
      if (json) {
        printJson(list);
        return 0;
      }
      if (list.isEmpty()) {
        out().println(absolute(zone) + ": no transfers yet");
        return 0;
      }
      Table t =
          new Table(
              "TIME", "DIR", "PEER", "TYPE", "SERIALS", "RECORDS", "BYTES", "MS", "RESULT",
              "ERROR");
      for (JsonNode x : list) {
        JsonNode from = x.path("fromSerial");
        String serials = (from.isNumber() ? from.asText() + " -> " : "") + cell(x.path("toSerial"));
        t.row(
            time(x.path("at")),
            x.path("direction").asText(),
            x.path("peer").asText(),
            x.path("type").asText(),
            serials,
            cell(x.path("records")),
            cell(x.path("bytes")),
            cell(x.path("millis")),
            x.path("result").asText(),
            x.path("error").isTextual() ? x.path("error").asText() : "");
      }
      t.print(out());
      return 0;
    }
  }

  // ---- zone files ----

  private static final String NOT_TAKEN = "the zone file was not taken: ";
  private static final Pattern PROBLEM = Pattern.compile("line (\\d+): (.*)", Pattern.DOTALL);

  /** A zone file's text, read here to be sent to the server. */
  static String readZoneFile(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ClientException("cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ClientException("cannot read " + file + ": permission denied");
    } catch (MalformedInputException e) {
      throw new ClientException("cannot read " + file + ": it is not UTF-8 text");
    } catch (IOException e) {
      throw new ClientException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * The API's verdict on an uploaded zone file, each problem printed as {@code FILE:LINE: error:
   * MESSAGE} (as check-zone prints them); other errors as they are.
   */
  static ClientException zoneFileErrors(ClientException e, Path file, PrintWriter err) {
    String m = String.valueOf(e.getMessage());
    if (!"zoneFile".equals(e.field()) || !m.startsWith(NOT_TAKEN)) {
      return e;
    }
    for (String problem : m.substring(NOT_TAKEN.length()).split("; (?=line \\d+: )")) {
      Matcher p = PROBLEM.matcher(problem);
      err.println(
          p.matches()
              ? file + ":" + p.group(1) + ": error: " + p.group(2)
              : file + ": error: " + problem);
    }
    err.flush();
    return new ClientException("the zone file was not taken: nothing changed");
  }
}
