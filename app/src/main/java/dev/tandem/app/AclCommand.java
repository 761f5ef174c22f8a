package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem acl list|show|set|delete}: named access lists, usable by name wherever a zone takes
 * rules ({@code --allow-transfer}, {@code --allow-notify}).
 */
@Command(
    name = "acl",
    mixinStandardHelpOptions = true,
    description = "Named ACLs of the running server, usable by name in zones' access rules.",
    subcommands = {
      AclCommand.ListAcls.class,
      AclCommand.Show.class,
      AclCommand.Set.class,
      AclCommand.Delete.class
    })
final class AclCommand {
  private AclCommand() {}

  static String path(String name) {
    return "/api/acls/" + ApiClient.segment(name);
  }

  static String describe(JsonNode a) {
    return a.path("name").asText() + ": " + ClientCommand.cells(a.path("rules"));
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the ACLs.")
  static final class ListAcls extends JsonCommand {
    @Override
    int run(ApiClient api) {
      return show(
          api.get("/api/acls"),
          acls -> {
            Table t = new Table("NAME", "RULES");
            for (JsonNode a : acls) {
              t.row(a.path("name").asText(), cells(a.path("rules")));
            }
            t.print(out());
          });
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one ACL.")
  static final class Show extends JsonCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Override
    int run(ApiClient api) {
      return show(api.get(path(name)), a -> out().println(describe(a)));
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Creates or replaces an ACL. Each RULE is PREFIX[@KEYNAME] (192.0.2.0/24,"
              + " 2001:db8::1@xfr) or 'any'.")
  static final class Set extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "RULE")
    List<String> rules = new ArrayList<>();

    @Override
    int run(ApiClient api) {
      JsonNode a = api.put(path(name), Map.of("rules", rules));
      out().println("ACL " + describe(a));
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes an ACL.")
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name = "";

    @Override
    int run(ApiClient api) {
      api.delete(path(name));
      out().println("ACL " + name + " deleted");
      return 0;
    }
  }
}
