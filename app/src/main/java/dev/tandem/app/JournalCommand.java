package dev.tandem.app;

import picocli.CommandLine.Command;

/**
 * {@code tandem journal ZONE}: a primary zone's kept changes, oldest first, each with the records
 * it removed (-) and added (+): what IXFR out is answered from (like Knot's kjournalprint).
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Prints a primary zone's journal: its kept changes, oldest first.")
final class JournalCommand extends ZoneCommand.OneZone {
  @Override
  String command() {
    return "journal";
  }
}
