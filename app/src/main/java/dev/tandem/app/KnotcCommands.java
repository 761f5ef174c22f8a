package dev.tandem.app;

import picocli.CommandLine.Command;

/**
 * Top-level commands as knotc names them, for hands used to Knot: {@code status} and {@code
 * zone-status [ZONE]}, {@code zone-refresh}, {@code zone-retransfer} and {@code zone-notify ZONE}
 * ({@code zone-reload} is {@link ReloadCommand}'s alias). Each is its {@code tandem zone ...}
 * counterpart.
 */
final class KnotcCommands {
  private KnotcCommands() {}

  @Command(
      name = "status",
      aliases = "zone-status",
      description = "The zones' status (as 'tandem zone status')")
  static final class Status extends ZoneCommand.Status {}

  @Command(
      name = "zone-refresh",
      description = "Refreshes a secondary zone now (as 'tandem zone refresh')")
  static final class Refresh extends ZoneCommand.Refresh {}

  @Command(
      name = "zone-retransfer",
      description = "Transfers a secondary zone whole now (as 'tandem zone retransfer')")
  static final class Retransfer extends ZoneCommand.Retransfer {}

  @Command(
      name = "zone-notify",
      description = "Sends NOTIFY for a zone now (as 'tandem zone notify')")
  static final class Notify extends ZoneCommand.Notify {}
}
