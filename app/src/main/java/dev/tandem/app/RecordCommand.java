package dev.tandem.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem record add|delete|replace}: edits a primary zone of the running server. Each
 * command is one change: one new serial, journaled, NOTIFYed. Names are relative to the zone unless
 * they end with a dot; {@code @} is the apex.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = "Edits records of a primary zone of the running server.",
    subcommands = {
      RecordCommand.Add.class,
      RecordCommand.Delete.class,
      RecordCommand.Replace.class
    })
final class RecordCommand {

  /** ZONE NAME TTL TYPE RDATA... */
  abstract static class WithData extends ZoneCommand.Common implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Parameters(index = "1", paramLabel = "NAME")
    String name = "";

    @Parameters(index = "2", paramLabel = "TTL")
    long ttl;

    @Parameters(index = "3", paramLabel = "TYPE")
    String type = "";

    @Parameters(index = "4..*", arity = "1..*", paramLabel = "RDATA")
    List<String> rdata = new ArrayList<>();

    abstract String op();

    @Override
    public Integer call() {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("zone", zone);
      args.put("op", op());
      args.put("name", name);
      args.put("ttl", ttl);
      args.put("type", type);
      args.put("rdata", String.join(" ", rdata));
      return run("record", args);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Adds a record (ZONE NAME TTL TYPE RDATA...), e.g. 'www 300 A 192.0.2.1'.")
  static final class Add extends WithData {
    @Override
    String op() {
      return "add";
    }
  }

  @Command(
      name = "replace",
      mixinStandardHelpOptions = true,
      description =
          "Replaces the records of NAME and TYPE with this one (ZONE NAME TTL TYPE RDATA...).")
  static final class Replace extends WithData {
    @Override
    String op() {
      return "replace";
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes the records of NAME and TYPE, or only the one with RDATA if given.")
  static final class Delete extends ZoneCommand.Common implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone = "";

    @Parameters(index = "1", paramLabel = "NAME")
    String name = "";

    @Parameters(index = "2", paramLabel = "TYPE")
    String type = "";

    @Parameters(index = "3..*", arity = "0..*", paramLabel = "RDATA")
    List<String> rdata = new ArrayList<>();

    @Override
    public Integer call() {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("zone", zone);
      args.put("op", "delete");
      args.put("name", name);
      args.put("type", type);
      args.put("rdata", String.join(" ", rdata));
      return run("record", args);
    }
  }
}
