package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * A client command that prints what the API answered: for people, or as JSON with {@code --json}.
 */
abstract class JsonCommand extends ClientCommand {
  @Option(names = "--json", description = "Print the API's JSON")
  boolean json;

  /** Prints {@code answer} as JSON with {@code --json}, else as {@code human} writes it; exit 0. */
  final int show(JsonNode answer, Consumer<JsonNode> human) {
    if (json) {
      printJson(answer);
    } else {
      human.accept(answer);
    }
    return 0;
  }
}
