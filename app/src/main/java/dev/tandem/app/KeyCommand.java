package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem key list|show|create|delete}: the server's TSIG keys. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = "TSIG keys of the running server (for transfers, NOTIFY and UPDATE).",
    subcommands = {
      KeyCommand.ListKeys.class,
      KeyCommand.Show.class,
      KeyCommand.Create.class,
      KeyCommand.Delete.class
    })
final class KeyCommand {
  private KeyCommand() {}

  static String path(String name) {
    return "/api/tsig-keys/" + ApiClient.segment(name);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the TSIG keys: name, algorithm, where each is defined.")
  static final class ListKeys extends JsonCommand {
    @Override
    int run(ApiClient api) {
      return show(
          api.get("/api/tsig-keys"),
          keys -> {
            Table t = new Table("NAME", "ALGORITHM", "SOURCE");
            for (JsonNode k : keys) {
              t.row(k.path("name").asText(), k.path("algorithm").asText(), cell(k.path("source")));
            }
            t.print(out());
          });
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one TSIG key, with its secret when the API key is an admin's.")
  static final class Show extends JsonCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Override
    int run(ApiClient api) {
      return show(api.get(path(name)), k -> print(this, k));
    }
  }

  static void print(ClientCommand c, JsonNode k) {
    c.out().printf("%-10s %s%n", "name", k.path("name").asText());
    c.out().printf("%-10s %s%n", "algorithm", k.path("algorithm").asText());
    if (k.path("secret").isTextual()) {
      c.out().printf("%-10s %s%n", "secret", k.path("secret").asText());
      c.out()
          .printf(
              "%-10s %s=%s:%s%n",
              "as --tsig",
              k.path("name").asText(),
              k.path("algorithm").asText(),
              k.path("secret").asText());
    }
    c.out().printf("%-10s %s%n", "source", ClientCommand.cell(k.path("source")));
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a TSIG key, with a random secret unless --secret is given.")
  static final class Create extends JsonCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Option(
        names = "--algorithm",
        paramLabel = "ALGORITHM",
        description = "hmac-sha256 (default), hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1")
    @Nullable String algorithm;

    @Option(names = "--secret", paramLabel = "BASE64", description = "The secret (default: random)")
    @Nullable String secret;

    @Override
    int run(ApiClient api) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      if (algorithm != null) {
        body.put("algorithm", algorithm);
      }
      if (secret != null) {
        body.put("secret", secret);
      }
      return show(api.post("/api/tsig-keys", body), k -> print(this, k));
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a TSIG key that no zone or peer uses.")
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Override
    int run(ApiClient api) {
      api.delete(path(name));
      out().println("TSIG key " + absolute(name) + " deleted");
      return 0;
    }
  }
}
