package dev.tandem.app;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem journal ZONE}: a primary zone's kept changes, oldest first, each with the records
 * it removed (-) and added (+): what IXFR out is answered from (like Knot's kjournalprint).
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Prints a primary zone's journal: its kept changes, oldest first.")
final class JournalCommand extends ZoneCommand.Common implements Callable<Integer> {
  @Parameters(paramLabel = "ZONE")
  String zone = "";

  @Override
  public Integer call() {
    return run("journal", Map.of("zone", zone));
  }
}
