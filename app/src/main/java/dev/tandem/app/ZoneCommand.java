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

/** {@code tandem zone status|refresh}: asks the running server about its zones. */
@Command(
    name = "zone",
    mixinStandardHelpOptions = true,
    description = "Zone commands against the running server.",
    subcommands = {ZoneCommand.Status.class, ZoneCommand.Refresh.class})
final class ZoneCommand {

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
        if (z.has("primaries")) {
          java.util.List<String> primaries = new java.util.ArrayList<>();
          z.path("primaries").forEach(p -> primaries.add(p.asText()));
          out.printf("  %-15s %s%n", "primaries", String.join(", ", primaries));
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
