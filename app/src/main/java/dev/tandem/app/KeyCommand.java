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
  static final class ListKeys extends ClientCommand {
    @Option(names = "--json", description = "Print the API's JSON (secrets for admin keys)")
    boolean json;

    @Override
    int run(ApiClient api) {
      JsonNode keys = api.get("/api/tsig-keys");
      if (json) {
        printJson(keys);
        return 0;
      }
      Table t = new Table("NAME", "ALGORITHM", "SOURCE");
      for (JsonNode k : keys) {
        t.row(k.path("name").asText(), k.path("algorithm").asText(), cell(k.path("source")));
      }
      t.print(out());
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one TSIG key, with its secret when the API key is an admin's.")
  static final class Show extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Option(names = "--json", description = "Print the API's JSON")
    boolean json;

    @Override
    int run(ApiClient api) {
      JsonNode k = api.get(path(name));
      if (json) {
        printJson(k);
      } else {
        print(this, k);
      }
      return 0;
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
  static final class Create extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Option(
        names = "--algorithm",
        paramLabel = "ALGORITHM",
        description = "hmac-sha256 (default), hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1")
    @Nullable String algorithm;

    @Option(names = "--secret", paramLabel = "BASE64", description = "The secret (default: random)")
    @Nullable String secret;

    @Option(names = "--json", description = "Print the API's JSON")
    boolean json;

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
      JsonNode k = api.post("/api/tsig-keys", body);
      if (json) {
        printJson(k);
      } else {
        print(this, k);
      }
      return 0;
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
