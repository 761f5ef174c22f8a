package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem key list|show|create|rotate|delete}: the server's TSIG keys. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = "TSIG keys of the running server (for transfers, NOTIFY and UPDATE).",
    subcommands = {
      KeyCommand.ListKeys.class,
      KeyCommand.Show.class,
      KeyCommand.Create.class,
      KeyCommand.Rotate.class,
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
    if (k.path("previousUntil").isTextual()) {
      c.out()
          .printf(
              "%-10s the old secret is accepted too until %s%n",
              "rollover", k.path("previousUntil").asText());
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Gives a TSIG key a new secret (random unless --secret is given). Requests signed with",
        "the old one are accepted for --overlap seconds more (default 3600), time to give the",
        "other side the new one; what Tandem signs itself uses the new one at once."
      })
  static final class Rotate extends JsonCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Option(names = "--secret", paramLabel = "BASE64", description = "The new secret")
    @Nullable String secret;

    @Option(names = "--algorithm", paramLabel = "ALGORITHM", description = "A new algorithm")
    @Nullable String algorithm;

    @Option(
        names = "--overlap",
        paramLabel = "SECONDS",
        description = "How long the old secret is still accepted (default 3600; 0: not at all)")
    @Nullable Long overlap;

    @Override
    int run(ApiClient api) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (secret != null) {
        body.put("secret", secret);
      }
      if (algorithm != null) {
        body.put("algorithm", algorithm);
      }
      if (overlap != null) {
        body.put("overlapSeconds", overlap);
      }
      return show(api.put(path(name), body), k -> print(this, k));
    }
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
