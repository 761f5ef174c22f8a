package dev.tandem.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem reload}: makes the running server re-read its zone files. */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the running server re-read its zone files (as SIGHUP does) and reports each zone.",
      "A zone whose file has errors keeps serving its previous version; the exit code is then 1."
    })
final class ReloadCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The running server's data directory (default: ${DEFAULT-VALUE})")
  Path data = DataDirectory.DEFAULT;

  @Override
  public Integer call() {
    ControlChannel.Reply reply =
        ControlChannel.sendToServer(data, "reload", spec.commandLine().getErr());
    if (reply == null) {
      return 1;
    }
    reply.lines().forEach(spec.commandLine().getOut()::println);
    return reply.ok() ? 0 : 1;
  }
}
