package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem peer list|show|add|delete}: other providers' servers, named once and used by name
 * as a zone's primary, NOTIFY target or transfer client.
 */
@Command(
    name = "peer",
    mixinStandardHelpOptions = true,
    description = "Peers of the running server: other providers' servers, used by name in zones.",
    subcommands = {
      PeerCommand.ListPeers.class,
      PeerCommand.Show.class,
      PeerCommand.Add.class,
      PeerCommand.Delete.class
    })
final class PeerCommand {
  private PeerCommand() {}

  static String path(String name) {
    return "/api/peers/" + ApiClient.segment(name);
  }

  static String describe(JsonNode p) {
    return p.path("name").asText()
        + ": "
        + p.path("address").asText()
        + " port "
        + p.path("port").asText()
        + (p.path("key").isTextual() ? ", key " + p.path("key").asText() : ", no key")
        + (p.path("ixfr").asBoolean(true) ? ", IXFR" : ", AXFR only");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the peers.")
  static final class ListPeers extends JsonCommand {
    @Override
    int run(ApiClient api) {
      return show(
          api.get("/api/peers"),
          peers -> {
            Table t = new Table("NAME", "ADDRESS", "PORT", "KEY", "IXFR");
            for (JsonNode p : peers) {
              t.row(
                  p.path("name").asText(),
                  p.path("address").asText(),
                  p.path("port").asText(),
                  cell(p.path("key")),
                  p.path("ixfr").asBoolean(true) ? "yes" : "no");
            }
            t.print(out());
          });
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one peer.")
  static final class Show extends JsonCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Override
    int run(ApiClient api) {
      return show(api.get(path(name)), p -> out().println(describe(p)));
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Adds a peer, or replaces the one of that name.")
  static final class Add extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Option(
        names = "--address",
        required = true,
        paramLabel = "ADDR",
        description = "Its IP address")
    String address = "";

    @Option(names = "--port", paramLabel = "PORT", description = "Its DNS port (default: 53)")
    @Nullable Integer port;

    @Option(names = "--key", paramLabel = "KEYNAME", description = "The TSIG key to use with it")
    @Nullable String key;

    @Option(names = "--no-ixfr", description = "Always transfer from it by AXFR")
    boolean noIxfr;

    @Override
    int run(ApiClient api) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("address", address);
      if (port != null) {
        body.put("port", port);
      }
      if (key != null) {
        body.put("key", key);
      }
      body.put("ixfr", !noIxfr);
      JsonNode p = api.put(path(name), body);
      out().println("peer " + describe(p));
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a peer.")
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Override
    int run(ApiClient api) {
      api.delete(path(name));
      out().println("peer " + name + " deleted");
      return 0;
    }
  }
}
