package dev.tandem.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tandem} command. */
@Command(
    name = "tandem",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Authoritative DNS for multi-provider setups.",
    subcommands = {
      ServeCommand.class,
      CheckZoneCommand.class,
      ReloadCommand.class,
      ZoneCommand.class,
      RecordCommand.class,
      JournalCommand.class,
      SelftestCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failed, 2 usage error). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("tandem: " + e.getMessage());
          return 1;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"tandem " + (v == null ? "(development build)" : v)};
    }
  }
}
