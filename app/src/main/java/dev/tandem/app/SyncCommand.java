package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem sync add|plan|apply|status|conflicts|resolve|set|remove}: primary/primary sync,
 * another provider's primary kept equal to a zone served here, through the running server's REST
 * API.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Primary/primary sync: keeps another provider's primary equal to a zone served here",
      "(RFC 2136 UPDATE with TSIG, the PowerDNS API, or another Tandem's API). Add a target,",
      "see its plan, apply it; changes then follow the journal."
    },
    subcommands = {
      SyncCommand.Add.class,
      SyncCommand.Plan.class,
      SyncCommand.Apply.class,
      SyncCommand.Status.class,
      SyncCommand.Conflicts.class,
      SyncCommand.Resolve.class,
      SyncCommand.Set.class,
      SyncCommand.Remove.class
    })
final class SyncCommand {
  private SyncCommand() {}

  static String path(String zone) {
    return zonePath(zone) + "/sync";
  }

  static String path(String zone, String name) {
    return path(zone) + "/" + ApiClient.segment(name);
  }

  private static String zonePath(String zone) {
    return ClientCommand.zonePath(zone);
  }

  /** The two parameters of every command about one target: its zone and its name. */
  static final class Target {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Parameters(index = "1", paramLabel = "NAME")
    String name = "";

    String path() {
      return SyncCommand.path(zone, name);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a sync target to ZONE. Nothing is pushed before 'tandem sync apply'.",
        "  --rfc2136 ADDR:PORT@KEY   RFC 2136 UPDATE signed with TSIG key KEY (read back by AXFR)",
        "  --powerdns URL --api-key KEY [--server-id ID]   the PowerDNS HTTP API",
        "  --tandem URL --api-key KEY   another Tandem's REST API",
        "Here --api-key is the target's key; this server's comes from $TANDEM_API_KEY or --data."
      })
  static final class Add extends JsonCommand {
    @Mixin Target target = new Target();

    @ArgGroup(multiplicity = "1")
    Kind kind = new Kind();

    static final class Kind {
      @Option(names = "--rfc2136", paramLabel = "ADDR:PORT@KEY", description = "RFC 2136 target")
      @Nullable String rfc2136;

      @Option(names = "--powerdns", paramLabel = "URL", description = "PowerDNS API base URL")
      @Nullable String powerdns;

      @Option(names = "--tandem", paramLabel = "URL", description = "Tandem API base URL")
      @Nullable String tandem;
    }

    /**
     * The target's API key: {@code --api-key}, which in this command names the target's key (the
     * server's own comes from $TANDEM_API_KEY or its data directory).
     */
    @Nullable String apiKey;

    @Option(names = "--server-id", paramLabel = "ID", description = "PowerDNS server id")
    @Nullable String serverId;

    @Mixin Settings settings = new Settings();

    @Override
    void check() {
      apiKey = client.apiKey;
      client.apiKey = null;
      if (kind.rfc2136 != null && apiKey != null) {
        throw usage("--api-key is for --powerdns and --tandem; --rfc2136 takes ADDR:PORT@KEY");
      }
      if (kind.rfc2136 == null && apiKey == null) {
        throw usage("--powerdns and --tandem need --api-key");
      }
    }

    @Override
    int run(ApiClient api) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", target.name);
      if (kind.rfc2136 != null) {
        body.put("kind", "rfc2136");
        int at = kind.rfc2136.lastIndexOf('@');
        if (at > 0) {
          body.put("endpoint", kind.rfc2136.substring(0, at));
          body.put("key", kind.rfc2136.substring(at + 1));
        } else {
          body.put("endpoint", kind.rfc2136);
        }
      } else {
        body.put("kind", kind.powerdns != null ? "powerdns" : "tandem");
        body.put("endpoint", kind.powerdns != null ? kind.powerdns : kind.tandem);
        body.put("apiKey", apiKey);
      }
      Settings.put(body, "serverId", serverId);
      settings.into(body);
      return show(
          api.post(path(target.zone), body),
          t ->
              out()
                  .printf(
                      "sync target %s of %s added (%s %s); see 'tandem sync plan %s %s', then"
                          + " apply%n",
                      target.name,
                      target.zone,
                      t.path("kind").asText(),
                      t.path("endpoint").asText(),
                      target.zone,
                      target.name));
    }
  }

  /** A target's settings, as {@code add} and {@code set} take them. */
  static final class Settings {
    @Option(
        names = "--policy",
        paramLabel = "POLICY",
        description = "On a change made there: report (default), ours-wins, adopt-theirs")
    @Nullable String policy;

    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        description = "Read the target back every SECONDS (default 60)")
    @Nullable Long interval;

    @Option(
        names = "--exclude",
        paramLabel = "'NAME [TYPE]'",
        description = "Leave alone at the target: NAME, 'NAME TYPE' or '* TYPE' (repeatable)")
    @Nullable List<String> exclude;

    @Option(
        names = "--apex-ns",
        paramLabel = "union|ours",
        description = "Apex NS pushed: ours plus the target's own (union, default) or ours")
    @Nullable String apexNs;

    /** The settings given, as the API's fields; those not given are left out. */
    void into(Map<String, Object> body) {
      put(body, "policy", policy);
      put(body, "intervalSeconds", interval);
      put(body, "apexNs", apexNs);
      put(body, "exclude", exclude);
    }

    static void put(Map<String, Object> body, String field, @Nullable Object value) {
      if (value != null) {
        body.put(field, value);
      }
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Changes a sync target's settings; its position is kept.")
  static final class Set extends JsonCommand {
    @Mixin Target target = new Target();

    @Mixin Settings settings = new Settings();

    @Override
    int run(ApiClient api) {
      Map<String, Object> body = new LinkedHashMap<>();
      settings.into(body);
      if (body.isEmpty()) {
        throw usage("nothing to change: give --policy, --interval, --exclude or --apex-ns");
      }
      return show(
          api.patch(target.path(), body),
          t ->
              out()
                  .printf(
                      "sync target %s of %s: policy %s%n",
                      target.name, target.zone, t.path("policy").asText()));
    }
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description =
          "Shows what applying would change at the target now: add N, change M, delete K.")
  static final class Plan extends JsonCommand {
    @Mixin Target target = new Target();

    @Override
    int run(ApiClient api) {
      return show(api.get(target.path() + "/plan"), p -> difference(p, out(), "at " + target.name));
    }
  }

  static void difference(JsonNode p, PrintWriter out, String where) {
    out.printf("%s: %s (our serial %s)%n", where, p.path("summary").asText(), p.path("serial"));
    section(out, "add", p.path("add"), false);
    section(out, "change", p.path("change"), true);
    section(out, "delete", p.path("delete"), true);
  }

  private static void section(PrintWriter out, String word, JsonNode entries, boolean theirs) {
    for (JsonNode e : entries) {
      out.printf("  %s %s %s%n", word, e.path("name").asText(), e.path("type").asText());
      if (theirs) {
        e.path("theirs").forEach(l -> out.printf("    - %s%n", l.asText()));
      }
      e.path("ours").forEach(l -> out.printf("    + %s%n", l.asText()));
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Pushes the whole difference to the target now (then changes follow the journal);",
        "with --adopt-theirs, makes this zone equal to the target's instead (SOA excluded)."
      })
  static final class Apply extends JsonCommand {
    @Mixin Target target = new Target();

    @Option(names = "--adopt-theirs", description = "Make our zone equal to theirs")
    boolean adoptTheirs;

    @Override
    int run(ApiClient api) {
      return show(
          api.post(target.path() + "/apply", Map.of("adoptTheirs", adoptTheirs)),
          p ->
              difference(
                  p,
                  out(),
                  adoptTheirs ? "adopted from " + target.name : "applied at " + target.name));
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Shows each sync target of ZONE: its state (new, in-sync, pushing, behind, conflict,",
        "unreachable, failing), position, how far behind, the last error, conflicts, refusals."
      })
  static final class Status extends JsonCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Override
    int run(ApiClient api) {
      return show(
          api.get(path(zone)),
          list -> {
            ClientCommand.Table t =
                new ClientCommand.Table(
                    "NAME", "KIND", "ENDPOINT", "STATE", "POSITION", "BEHIND", "LAST ERROR");
            for (JsonNode s : list) {
              long behind = s.path("behind").asLong();
              t.row(
                  s.path("name").asText(),
                  s.path("kind").asText(),
                  s.path("endpoint").asText(),
                  s.path("state").asText(),
                  s.path("position").asText(),
                  behind < 0
                      ? "unknown"
                      : behind
                          + (s.path("oldestBehind").isTextual()
                              ? " (oldest " + ClientCommand.time(s.path("oldestBehind")) + ")"
                              : ""),
                  ClientCommand.cell(s.path("lastError")));
            }
            t.print(out());
            for (JsonNode s : list) {
              for (JsonNode c : s.path("conflicts")) {
                conflict(out(), s.path("name").asText() + ": conflict at ", c);
              }
              for (JsonNode r : s.path("refused")) {
                out()
                    .printf(
                        "%s: refused %s: %s%n",
                        s.path("name").asText(),
                        r.path("rrset").asText(),
                        r.path("error").asText());
              }
            }
          });
    }
  }

  /** One conflict: its RRset, then both sides' records. */
  static void conflict(PrintWriter out, String prefix, JsonNode c) {
    out.printf("%s%s %s%n", prefix, c.path("name").asText(), c.path("type").asText());
    c.path("ours").forEach(l -> out.printf("    ours:   %s%n", l.asText()));
    c.path("theirs").forEach(l -> out.printf("    theirs: %s%n", l.asText()));
  }

  @Command(
      name = "conflicts",
      mixinStandardHelpOptions = true,
      description = "Lists the RRsets changed at the target outside Tandem, both sides.")
  static final class Conflicts extends JsonCommand {
    @Mixin Target target = new Target();

    @Override
    int run(ApiClient api) {
      return show(
          api.get(target.path() + "/conflicts"),
          list -> {
            for (JsonNode c : list) {
              conflict(out(), "", c);
            }
            if (list.isEmpty()) {
              out().println("no conflicts");
            }
          });
    }
  }

  @Command(
      name = "resolve",
      mixinStandardHelpOptions = true,
      description =
          "Resolves conflicts (all, or one RRset): --ours pushes ours, --theirs takes theirs.")
  static final class Resolve extends JsonCommand {
    @Mixin Target target = new Target();

    @Parameters(index = "2", arity = "0..1", paramLabel = "OWNER")
    @Nullable String owner;

    @Parameters(index = "3", arity = "0..1", paramLabel = "TYPE")
    @Nullable String type;

    @Option(names = "--theirs", description = "Take the target's RRsets as ours")
    boolean theirs;

    @Option(names = "--ours", description = "Push ours over the target's (default)")
    boolean ours;

    @Override
    int run(ApiClient api) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (owner != null) {
        body.put("name", owner);
      }
      if (type != null) {
        body.put("type", type);
      }
      body.put("take", theirs ? "theirs" : "ours");
      return show(
          api.post(target.path() + "/conflicts", body),
          list ->
              out()
                  .printf(
                      "%d conflicts resolved with %s%n", list.size(), theirs ? "theirs" : "ours"));
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Removes a sync target: nothing more is pushed there; what it holds stays.")
  static final class Remove extends ClientCommand {
    @Mixin Target target = new Target();

    @Override
    int run(ApiClient api) {
      api.delete(target.path());
      out().printf("sync target %s of %s removed%n", target.name, target.zone);
      return 0;
    }
  }
}
