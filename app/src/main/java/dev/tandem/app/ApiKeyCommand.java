package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem api-key list|create|delete}: who may use the REST API, and how far. */
@Command(
    name = "api-key",
    mixinStandardHelpOptions = true,
    description = "API keys of the running server (needs an admin key; the local one is).",
    subcommands = {
      ApiKeyCommand.ListKeys.class,
      ApiKeyCommand.Create.class,
      ApiKeyCommand.Delete.class
    })
final class ApiKeyCommand {
  private ApiKeyCommand() {}

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the stored API keys (never their secrets).")
  static final class ListKeys extends JsonCommand {
    @Override
    int run(ApiClient api) {
      return show(
          api.get("/api/api-keys"),
          keys -> {
            Table t = new Table("NAME", "SCOPE", "CREATED", "LIMITED TO");
            for (JsonNode k : keys) {
              String limits =
                  k.path("zones").size() + k.path("names").size() + k.path("types").size() == 0
                      ? "-"
                      : String.join(
                          " ",
                          cells(k.path("zones")),
                          cells(k.path("names")),
                          cells(k.path("types")));
              t.row(
                  k.path("name").asText(),
                  k.path("scope").asText(),
                  time(k.path("created")),
                  limits);
            }
            t.print(out());
          });
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates an API key and prints its secret, this once.",
        "Scopes: read (zones, records, status), write (also changes and actions) or admin",
        "(also TSIG keys, peers, ACLs and API keys)."
      })
  static final class Create extends JsonCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Option(
        names = "--scope",
        required = true,
        paramLabel = "SCOPE",
        description = "read, write or admin")
    String scope = "";

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        description = "Only this zone (repeatable; default: every zone)")
    List<String> zones = new ArrayList<>();

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "In those zones, only RRsets at or below this name (repeatable)")
    List<String> names = new ArrayList<>();

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "In those zones, only RRsets of this type (repeatable)")
    List<String> types = new ArrayList<>();

    @Override
    int run(ApiClient api) {
      return show(
          api.post(
              "/api/api-keys",
              Map.of("name", name, "scope", scope, "zones", zones, "names", names, "types", types)),
          k -> {
            out()
                .printf(
                    "API key %s (scope %s) created; its secret, shown this once:%n%s%n",
                    k.path("name").asText(), k.path("scope").asText(), k.path("secret").asText());
            if (!zones.isEmpty() || !names.isEmpty() || !types.isEmpty()) {
              out()
                  .printf(
                      "limited to zones %s, names %s, types %s%n",
                      cells(k.path("zones")), cells(k.path("names")), cells(k.path("types")));
            }
          });
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Revokes an API key.")
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Override
    int run(ApiClient api) {
      api.delete("/api/api-keys/" + ApiClient.segment(name));
      out().println("API key " + name + " revoked");
      return 0;
    }
  }
}
