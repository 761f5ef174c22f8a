package dev.tandem.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * A command that asks the running server through its REST API. It finds the server with the {@link
 * ClientOptions}; a failure is a {@link ClientException} that the command line prints.
 */
abstract class ClientCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ClientOptions client = new ClientOptions();

  @Override
  public final Integer call() throws Exception {
    check();
    try (ApiClient api = client.connect()) {
      int code = run(api);
      out().flush();
      return code;
    }
  }

  /**
   * Checks the arguments before the server is asked.
   *
   * @throws CommandLine.ParameterException if they do not fit together (a usage error, exit 2)
   */
  void check() {}

  /** A usage error: exit 2 with the command's usage. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Does the command's work against {@code api}; returns the exit code. */
  abstract int run(ApiClient api) throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints {@code json} indented, as {@code --json} does. */
  void printJson(JsonNode json) {
    try {
      out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }

  /** {@code /api/zones/ZONE}. */
  static String zonePath(String zone) {
    return "/api/zones/" + ApiClient.segment(zone);
  }

  /** The zone as the server names it: absolute. */
  static String absolute(String zone) {
    return zone.endsWith(".") ? zone : zone + ".";
  }

  /** A JSON value as a table cell: "-" for null or missing. */
  static String cell(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }

  /** A list of strings as one cell. */
  static String cells(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out.isEmpty() ? "-" : String.join(", ", out);
  }

  /** An instant in whole seconds, for tables. */
  static String time(JsonNode n) {
    if (!n.isTextual()) {
      return "-";
    }
    try {
      return Instant.parse(n.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return n.asText();
    }
  }

  /** Columns padded to their widest cell, two spaces apart. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
      rows.add(headers);
    }

    Table row(String... cells) {
      rows.add(cells);
      return this;
    }

    void print(PrintWriter out) {
      int columns = rows.get(0).length;
      int[] width = new int[columns];
      for (String[] r : rows) {
        for (int i = 0; i < columns; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns; i++) {
          sb.append(r[i]);
          if (i < columns - 1) {
            sb.append(" ".repeat(width[i] - r[i].length() + 2));
          }
        }
        out.println(sb.toString().stripTrailing());
      }
    }
  }
}
