package dev.tandem.dns.zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

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

  /** Loads the zone {@code origin} from {@code file}, following {@code $INCLUDE}s. */
  public static Result load(Name origin, Path file) {
    List<ZoneFinding> findings = new ArrayList<>();
    ZoneBuilder builder = new ZoneBuilder(origin, sizeOf(file));
    ZoneProblem syntax = null;
    try (ZoneFileReader reader = ZoneFileReader.open(file, origin, false, true)) {
      int ordinal = 0;
      for (Record r = reader.next(); r != null; r = reader.next(), ordinal++) {
        if (r.getDClass() != DClass.IN) {
          findings.add(
              ZoneFinding.ofRecord(
                  ZoneProblem.Severity.ERROR,
                  ordinal,
                  "class " + DClass.string(r.getDClass()) + " record in an IN zone"));
        } else if (!builder.add(r)) {
          findings.add(
              ZoneFinding.ofRecord(
                  ZoneProblem.Severity.WARNING,
                  ordinal,
                  "ignoring out-of-zone data (" + r.getName() + ")"));
        }
      }
    } catch (ZoneFileException e) {
      syntax = e.toProblem();
    }
    if (syntax != null) {
      List<ZoneProblem> problems = locate(findings, origin, file);
      problems.add(syntax);
      return new Result(null, sorted(problems));
    }
    ZoneSnapshot zone = builder.build();
    findings.addAll(builder.warnings());
    findings.addAll(ZoneValidator.validate(zone));
    List<ZoneProblem> problems = findings.isEmpty() ? List.of() : locate(findings, origin, file);
    boolean failed = problems.stream().anyMatch(ZoneProblem::isError);
    return new Result(failed ? null : zone, sorted(problems));
  }

  private static long sizeOf(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      return 0; // the reader reports it
    }
  }

  private static List<ZoneProblem> sorted(List<ZoneProblem> problems) {
    List<ZoneProblem> out = new ArrayList<>(problems);
    out.sort(
        Comparator.comparing((ZoneProblem p) -> p.file() == null ? "" : p.file().toString())
            .thenComparingInt(ZoneProblem::line));
    return out;
  }

  /**
   * Finds file and line for each finding by reading the file again, this time tracking lines (see
   * {@link ZoneFileReader} for why this is a second pass).
   */
  private static List<ZoneProblem> locate(List<ZoneFinding> findings, Name origin, Path file) {
    Path[] files = new Path[findings.size()];
    int[] lines = new int[findings.size()];
    Map<Integer, List<Integer>> byOrdinal = new HashMap<>();
    Map<Name, List<Integer>> byOwner = new HashMap<>();
    for (int i = 0; i < findings.size(); i++) {
      ZoneFinding f = findings.get(i);
      if (f.ordinal() >= 0) {
        byOrdinal.computeIfAbsent(f.ordinal(), k -> new ArrayList<>()).add(i);
      } else if (f.owner() != null) {
        byOwner.computeIfAbsent(f.owner(), k -> new ArrayList<>()).add(i);
      }
    }
    int unresolved = 0;
    for (List<Integer> l : byOrdinal.values()) {
      unresolved += l.size();
    }
    for (List<Integer> l : byOwner.values()) {
      unresolved += l.size();
    }
    if (unresolved > 0) {
      try (ZoneFileReader reader = ZoneFileReader.open(file, origin, true, true)) {
        int ordinal = 0;
        for (Record r = reader.next(); r != null && unresolved > 0; r = reader.next(), ordinal++) {
          List<Integer> hits = new ArrayList<>(byOrdinal.getOrDefault(ordinal, List.of()));
          for (int i : byOwner.getOrDefault(r.getName(), List.of())) {
            ZoneFinding f = findings.get(i);
            if ((f.type() < 0 || f.type() == r.getType()) && f.matchesRdata(r)) {
              hits.add(i);
            }
          }
          for (int i : hits) {
            if (files[i] == null) {
              files[i] = reader.recordFile();
              lines[i] = reader.recordLine();
              unresolved--;
            }
          }
        }
      } catch (ZoneFileException e) {
        // The first pass read this far without error; anything unlocated stays file-level.
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
}
