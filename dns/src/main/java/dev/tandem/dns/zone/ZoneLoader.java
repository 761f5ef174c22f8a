package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Loads a zone from a zone file: reads it, builds the snapshot, validates it, and reports every
 * problem with its file and line. A zone with errors yields no snapshot; the caller keeps serving
 * what it served before.
 */
public final class ZoneLoader {
  private ZoneLoader() {}

  /**
   * The outcome of a load.
   *
   * @param zone the zone, or null if there were errors
   * @param problems errors and warnings, in file order
   */
  public record Result(@Nullable ZoneSnapshot zone, List<ZoneProblem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return zone != null;
    }

    public List<ZoneProblem> errors() {
      return problems.stream().filter(ZoneProblem::isError).toList();
    }
  }

  /**
   * Loads the zone {@code origin} from {@code file}, following {@code $INCLUDE}s, within {@link
   * ZoneLimits#DEFAULT}.
   */
  public static Result load(Name origin, Path file) {
    return load(origin, file, ZoneLimits.DEFAULT);
  }

  /** Loads the zone {@code origin} from {@code file}, following {@code $INCLUDE}s. */
  public static Result load(Name origin, Path file, ZoneLimits limits) {
    return load(origin, file, true, limits);
  }

  /**
   * Loads a zone file that came from a client (an API upload) and was saved to {@code file}: as
   * {@link #load(Name, Path, ZoneLimits)}, but an {@code $INCLUDE} is an error, since it would read
   * a file of this server's choosing on the client's behalf, and so is a record outside the zone (a
   * zone file on disk only draws a warning for it, as BIND's does; a client that sends one has made
   * a mistake it should hear of).
   */
  public static Result loadUntrusted(Name origin, Path file, ZoneLimits limits) {
    return load(origin, file, false, limits);
  }

  /**
   * Reads the file whole, reporting every error in it (up to {@link ZoneFileIntake#MAX_ERRORS}) but
   * a limit reached, which stops the reading; then, if there was none, builds the zone and
   * validates it. A file with syntax errors is not validated: its missing records would make errors
   * of their own.
   */
  private static Result load(Name origin, Path file, boolean allowIncludes, ZoneLimits limits) {
    ZoneBuilder builder = new ZoneBuilder(origin, sizeOf(file));
    ZoneFileIntake intake = new ZoneFileIntake(builder, limits, !allowIncludes);
    try {
      ZoneFileReader.read(file, origin, allowIncludes, intake);
    } catch (ZoneFileException e) {
      intake.stoppedWith(e);
    }
    if (intake.failed()) {
      return new Result(null, intake.problems());
    }
    List<ZoneProblem> problems = new ArrayList<>(intake.problems());
    ZoneSnapshot zone = builder.build();
    List<ZoneFinding> findings = new ArrayList<>(builder.warnings());
    findings.addAll(ZoneValidator.validate(zone));
    if (!findings.isEmpty()) {
      problems.addAll(locate(findings, origin, file));
    }
    boolean failed = problems.stream().anyMatch(ZoneProblem::isError);
    return new Result(failed ? null : zone, sorted(problems));
  }

  /**
   * The errors in a zone that did not come from a file (a transfer): the checks of {@link #load}
   * without file and line, e.g. {@code "example.com./NS: ..."}. Empty if the zone may be served.
   */
  public static List<String> errors(ZoneSnapshot zone) {
    List<String> errors = new ArrayList<>();
    for (ZoneFinding f : ZoneValidator.validate(zone)) {
      if (f.severity() == ZoneProblem.Severity.ERROR) {
        Name owner = f.owner();
        errors.add(owner == null ? f.message() : owner + ": " + f.message());
      }
    }
    return errors;
  }

  /**
   * The RRsets of a zone that did not come from a file (a transfer) past {@link
   * RrSetLimits#DEFAULT}, as warnings in words: such a zone is served, the operator told.
   */
  public static List<String> oversizedRrsets(ZoneSnapshot zone) {
    List<ZoneFinding> found = ZoneValidator.oversized(zone);
    if (found.isEmpty()) {
      return List.of(); // nearly always, after every transfer: no stream built for nothing
    }
    return found.stream().map(ZoneFinding::message).toList();
  }

  /**
   * The errors in a zone built from records given through an API: the checks of {@link #load}, each
   * message as it reads for a zone file (where the line names the place), without the owner in
   * front that {@link #errors} adds; but an apex name server without an address record is no error
   * here (the client creates the zone, then adds the addresses; its status warns meanwhile).
   */
  public static List<String> recordErrors(ZoneSnapshot zone) {
    List<String> errors = new ArrayList<>();
    for (ZoneFinding f : ZoneValidator.validate(zone, false)) {
      if (f.severity() == ZoneProblem.Severity.ERROR) {
        errors.add(f.message());
      }
    }
    return errors;
  }

  private static long sizeOf(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      return 0; // the reader reports it
    }
  }

  /** {@code problems} by file, then line. */
  static List<ZoneProblem> sorted(List<ZoneProblem> problems) {
    List<ZoneProblem> out = new ArrayList<>(problems);
    out.sort(
        Comparator.comparing((ZoneProblem p) -> p.file() == null ? "" : p.file().toString())
            .thenComparingInt(ZoneProblem::line));
    return out;
  }

  /**
   * Finds file and line for findings about an owner (and type) by reading the file again: the first
   * record of that owner and type is where the problem shows. Problems are rare, so a second read
   * when there are some is cheaper than remembering every record's line.
   */
  private static List<ZoneProblem> locate(List<ZoneFinding> findings, Name origin, Path file) {
    Path[] files = new Path[findings.size()];
    int[] lines = new int[findings.size()];
    Map<String, List<Integer>> byOwner = new HashMap<>();
    for (int i = 0; i < findings.size(); i++) {
      Name owner = findings.get(i).owner();
      if (owner != null) {
        byOwner.computeIfAbsent(key(owner.toWireCanonical()), k -> new ArrayList<>()).add(i);
      }
    }
    if (!byOwner.isEmpty()) {
      byte[] lower = new byte[256];
      try {
        ZoneFileReader.read(
            file,
            origin,
            true,
            (from, line, owner, ownerLength, type, dclass, ttl, rd, rdOff, rdLen) -> {
              WireName.toLowerCase(owner, 0, lower, 0, ownerLength);
              List<Integer> hits = byOwner.get(key(Arrays.copyOf(lower, ownerLength)));
              if (hits == null) {
                return;
              }
              for (int i : hits) {
                if (files[i] == null && findings.get(i).matches(type, rd, rdOff, rdLen)) {
                  files[i] = from;
                  lines[i] = line;
                }
              }
            });
      } catch (ZoneFileException e) {
        // The first read got through; anything not located stays at file level.
      }
    }
    List<ZoneProblem> problems = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      ZoneFinding f = findings.get(i);
      Path where = files[i] != null ? files[i] : file;
      problems.add(new ZoneProblem(f.severity(), where, lines[i], f.message()));
    }
    return problems;
  }

  private static String key(byte[] lowerWire) {
    return new String(lowerWire, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /**
   * For a zone whose NSEC3 parameters ask for extra hash iterations, what to tell the operator (RFC
   * 9276); zone files get it as a warning, transferred zones in the log.
   */
  public static String nsec3IterationsAdvice(ZoneSnapshot zone) {
    return ZoneValidator.nsec3IterationsAdvice(zone);
  }
}
