package dev.tandem.app;

import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tandem} command. */
@Command(
    name = "tandem",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Authoritative DNS for multi-provider setups.",
      "",
      "Commands other than serve, check-zone and selftest ask a running server",
      "through its REST API: the one with --data DIR (default: tandem-data) on this",
      "machine, or --server URL with --api-key KEY (or TANDEM_SERVER, TANDEM_API_KEY).",
      ""
    })
public final class Main implements Runnable {
  /**
   * The subcommands, in the order help lists them. Added by {@link #commandLine}, not by the
   * annotation: picocli reads each one's options by reflection when it is added, and all of them
   * (with the client commands' mixins, and the classes they load) took 0.5 s of a pinned core
   * before {@code tandem serve} started anything; now a command line naming one builds only that
   * one.
   */
  private static final List<Class<?>> COMMANDS =
      List.of(
          ServeCommand.class,
          CheckZoneCommand.class,
          ReloadCommand.class,
          KnotcCommands.Status.class,
          ZoneCommand.class,
          RecordCommand.class,
          JournalCommand.class,
          KeyCommand.class,
          PeerCommand.class,
          AclCommand.class,
          ApiKeyCommand.class,
          KnotcCommands.Refresh.class,
          KnotcCommands.Retransfer.class,
          KnotcCommands.Notify.class,
          ConsistencyCommands.Audit.class,
          SyncCommand.class,
          SelftestCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failed, 2 usage error). */
  public static int run(String... args) {
    return commandLine(args).execute(args);
  }

  /** As {@link #run(String...)}, printing to {@code out} and {@code err}. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new Main());
    Class<?> named = args.length == 0 ? null : named(args[0]);
    for (Class<?> c : COMMANDS) {
      if (named == null || c == named) {
        cl.addSubcommand(c);
      }
    }
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getOut().flush();
          String message = e instanceof ClientException c ? c.describe() : e.getMessage();
          cmd.getErr().println("tandem: " + message);
          cmd.getErr().flush();
          return 1;
        });
    return cl;
  }

  /** The subcommand called {@code name} (or by one of its aliases), or null. */
  private static @Nullable Class<?> named(String name) {
    for (Class<?> c : COMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(name) || List.of(command.aliases()).contains(name)) {
        return c;
      }
    }
    return null;
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
