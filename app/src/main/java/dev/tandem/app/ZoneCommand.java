package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem zone status|refresh|create|delete|import|export|notify}: asks the running server
 * about its zones, and edits its primary zones.
 */
@Command(
    name = "zone",
    mixinStandardHelpOptions = true,
    description = "Zone commands against the running server.",
    subcommands = {
      ZoneCommand.Status.class,
      ZoneCommand.Refresh.class,
      ZoneCommand.Create.class,
      ZoneCommand.Delete.class,
      ZoneCommand.Import.class,
      ZoneCommand.Export.class,
      ZoneCommand.Notify.class
    })
final class ZoneCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The options every zone subcommand shares. */
  static class Common {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--data",
        paramLabel = "DIR",
        description = "The running server's data directory (default: ${DEFAULT-VALUE})")
    Path data = DataDirectory.DEFAULT;

    ControlChannel.@org.jspecify.annotations.Nullable Reply send(String command) {
      return ControlChannel.sendToServer(data, command, spec.commandLine().getErr());
    }

    /** Sends {@code COMMAND {args}} and prints the reply: 0 if it succeeded, else 1. */
    int run(String command, java.util.Map<String, ?> args) {
      String line;
      try {
        line = command + " " + JSON.writeValueAsString(args);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      ControlChannel.Reply reply = send(line);
      if (reply == null) {
        return 1;
      }
      PrintWriter w = reply.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr();
      reply.lines().forEach(w::println);
      w.flush();
      return reply.ok() ? 0 : 1;
    }
  }

  /** A command whose one argument is a zone. */
  abstract static class OneZone extends Common implements Callable<Integer> {
    @Parameters(paramLabel = "ZONE")
    String zone = "";

    /** The control channel's command. */
    abstract String command();

    @Override
    public Integer call() {
      return run(command(), java.util.Map.of("zone", zone));
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a primary zone in the store and serves it: from a zone file (--file), or",
        "empty but for an SOA and the NS set (--ns)."
      })
  static final class Create extends Common implements Callable<Integer> {
    @Parameters(paramLabel = "ZONE")
    String zone = "";

    @Option(names = "--ns", paramLabel = "NAME", description = "A name server; repeatable")
    java.util.List<String> ns = new java.util.ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Initial contents")
    @org.jspecify.annotations.Nullable
    Path file;

    @Option(
        names = "--allow-transfer",
        paramLabel = "PREFIX[@KEYNAME]",
        description = "Who may transfer it; repeatable")
    java.util.List<String> allowTransfer = new java.util.ArrayList<>();

    @Option(
        names = "--notify",
        paramLabel = "ADDR:PORT[@KEYNAME]",
        description = "A secondary to NOTIFY; repeatable")
    java.util.List<String> notify = new java.util.ArrayList<>();

    @Option(
        names = "--allow-update",
        paramLabel = "KEYNAME[:NAME[:TYPE,...]]",
        description = "Who may change it by UPDATE; repeatable")
    java.util.List<String> allowUpdate = new java.util.ArrayList<>();

    @Option(
        names = "--serial-policy",
        paramLabel = "POLICY",
        description = "increment (default), unixtime or dateserial")
    @org.jspecify.annotations.Nullable
    String serialPolicy;

    @Override
    public Integer call() {
      java.util.Map<String, Object> args = new java.util.LinkedHashMap<>();
      args.put("zone", zone);
      args.put("ns", ns);
      Path f = file;
      if (f != null) {
        args.put("file", f.toAbsolutePath().toString());
      }
      args.put("allowTransfer", allowTransfer);
      args.put("notify", notify);
      args.put("allowUpdate", allowUpdate);
      if (serialPolicy != null) {
        args.put("serialPolicy", serialPolicy);
      }
      return run("zone-create", args);
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description =
          "Stops serving a zone created with 'zone create' and removes it from the store.")
  static final class Delete extends OneZone {
    @Override
    String command() {
      return "zone-delete";
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Replaces a primary zone's contents with a zone file's: one journaled change, so that",
        "secondaries follow by IXFR. The serial is the file's if newer, else the next one."
      })
  static final class Import extends Common implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Parameters(index = "1", paramLabel = "FILE")
    Path file = Path.of("");

    @Override
    public Integer call() {
      return run(
          "zone-import", java.util.Map.of("zone", zone, "file", file.toAbsolutePath().toString()));
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Prints a zone as served, as a zone file.")
  static final class Export extends OneZone {
    @Override
    String command() {
      return "zone-export";
    }
  }

  @Command(
      name = "notify",
      mixinStandardHelpOptions = true,
      description = "Sends NOTIFY for a primary zone's serial to its secondaries now.")
  static final class Notify extends OneZone {
    @Override
    String command() {
      return "zone-notify";
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Each zone's state (ok, refreshing, expired, loading), serials, last refresh and its",
        "error, next refresh and expiry."
      })
  static final class Status extends Common implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "ZONE", description = "Only this zone")
    @org.jspecify.annotations.Nullable
    String zone;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
      ControlChannel.Reply reply = send(zone == null ? "status" : "status " + zone);
      if (reply == null) {
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (!reply.ok() || json) {
        (reply.ok() ? out : spec.commandLine().getErr()).println(String.join("\n", reply.lines()));
        out.flush();
        return reply.ok() ? 0 : 1;
      }
      JsonNode root = new ObjectMapper().readTree(reply.lines().get(0));
      for (JsonNode z : root.path("zones")) {
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
          java.util.List<String> primaries = new java.util.ArrayList<>();
          z.path("primaries").forEach(p -> primaries.add(p.asText()));
          out.printf("  %-15s %s%n", "primaries", String.join(", ", primaries));
        }
        for (JsonNode n : z.path("notified")) {
          out.printf(
              "  %-15s %s serial %s %s after %s attempt(s)%s%n",
              "notify",
              n.path("target").asText(),
              n.path("serial").asText(),
              n.path("state").asText(),
              n.path("attempts").asText(),
              n.path("error").isNull() ? "" : ": " + n.path("error").asText());
        }
        if (z.path("refusedTransfers").asLong() > 0) {
          out.printf("  %-15s %s%n", "refused xfrs", z.path("refusedTransfers").asText());
        }
      }
      out.flush();
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
      name = "refresh",
      mixinStandardHelpOptions = true,
      description = "Refreshes a secondary zone from its primaries now.")
  static final class Refresh extends Common implements Callable<Integer> {
    @Parameters(paramLabel = "ZONE")
    String zone = "";

    @Override
    public Integer call() {
      ControlChannel.Reply reply = send("refresh " + zone);
      if (reply == null) {
        return 1;
      }
      (reply.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr())
          .println(String.join("\n", reply.lines()));
      return reply.ok() ? 0 : 1;
    }
  }
}
