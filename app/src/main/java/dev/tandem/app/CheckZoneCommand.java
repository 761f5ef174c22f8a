package dev.tandem.app;

import dev.tandem.dns.zone.ZoneLimits;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneProblem;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tandem check-zone ORIGIN FILE}: exit 0 if the zone would load, 1 if not. */
@Command(
    name = "check-zone",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a zone file as the server would load it.",
      "Prints every problem as FILE:LINE: error|warning: MESSAGE; exits 0 when the zone is valid"
          + " (warnings allowed), 1 when it has errors."
    })
final class CheckZoneCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "ORIGIN",
      description = "The zone's origin, e.g. example.com")
  String origin = "";

  @Parameters(index = "1", paramLabel = "FILE", description = "The zone file")
  Path file = Path.of("");

  @CommandLine.Option(
      names = "--max-records",
      paramLabel = "N",
      description =
          "Most records the zone may hold, as tandem serve's --transfer-max-records (default:"
              + " ${DEFAULT-VALUE})")
  long maxRecords = ZoneLimits.DEFAULT.maxRecords();

  @CommandLine.Option(
      names = "--max-bytes",
      paramLabel = "N",
      description =
          "Most bytes of records (wire form) the zone may hold, as tandem serve's"
              + " --transfer-max-bytes (default: ${DEFAULT-VALUE})")
  long maxBytes = ZoneLimits.DEFAULT.maxBytes();

  @Override
  public Integer call() {
    ZoneSource source;
    try {
      source = ZoneSource.parse(origin + "=" + file);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    ZoneLimits limits;
    try {
      limits = new ZoneLimits(maxRecords, maxBytes);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    ZoneLoader.Result r;
    try {
      r = ZoneLoader.load(source.origin(), source.file(), limits);
    } catch (OutOfMemoryError e) {
      // What was read is garbage now; say what happened instead of a stack trace.
      spec.commandLine()
          .getErr()
          .printf(
              "zone %s: not checked: %s needs more memory than this JVM has (%d MB); lower"
                  + " --max-records or give the JVM more (TANDEM_JAVA_OPTS=-Xmx...)%n",
              source.origin(), source.file(), Runtime.getRuntime().maxMemory() >> 20);
      return 1;
    }
    for (ZoneProblem p : r.problems()) {
      (p.isError() ? spec.commandLine().getErr() : spec.commandLine().getOut()).println(p);
    }
    ZoneSnapshot z = r.zone();
    if (z == null) {
      spec.commandLine()
          .getErr()
          .printf("zone %s: not valid (%d errors)%n", source.origin(), r.errors().size());
      return 1;
    }
    spec.commandLine()
        .getOut()
        .printf("zone %s: serial %d, %d records: OK%n", z.origin(), z.serial(), z.recordCount());
    return 0;
  }
}
