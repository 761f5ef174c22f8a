package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * {@code tandem check-zone} on the Ferret data set's invalid zones
 * (InvalidZoneFileTests/FalseCond_K/ZoneFiles/N.txt: each zone breaks one condition of a
 * well-formed zone, K numbering Ferret's conditions: duplicate records, not exactly one SOA,
 * out-of-zone data, CNAME beside other data, two DNAMEs at a name, NS beside DNAME, data below a
 * DNAME, NS below a delegation, missing glue). Tandem's verdict (valid: exit 0, warnings allowed;
 * invalid: exit 1) is compared with the verdicts of the zone checkers of BIND (named-checkzone),
 * NSD, Knot and PowerDNS that Ferret recorded; Tandem's policy follows BIND's, and every
 * disagreement with BIND must be listed in {@code /ferret-invalid-zones-accepted.txt}.
 *
 * <p>The origin is the SOA owner, as Ferret's scripts take it. Zones without an SOA (some of
 * FalseCond_2) were skipped by Ferret, so no server has a verdict on them; they are checked with
 * the closest common ancestor of their owner names as origin and must be invalid.
 *
 * <p>Running 900 JVMs would take minutes, so the command runs in-process through {@link Main#run}
 * with standard output and error captured; a handful of zones also go through {@code bin/tandem} to
 * show that the real command prints and exits the same.
 */
class FerretInvalidZonesIT {
  private static final String ACCEPTED = "/ferret-invalid-zones-accepted.txt";
  private static final List<String> SERVERS = List.of("Bind", "Nsd", "Knot", "Powerdns");

  /** Problems that concern the zone as a whole and so carry no line number. */
  private static final Pattern WHOLE_ZONE =
      Pattern.compile("no SOA record at the zone apex .*|no NS records at the zone apex .*");

  /** Zones also run as a separate process: valid, invalid, and accepted disagreements. */
  private static final List<String> THROUGH_THE_COMMAND =
      List.of("FalseCond_1/0", "FalseCond_2/0", "FalseCond_3/0", "FalseCond_4/0", "FalseCond_9/8");

  @TempDir static Path work;

  /** One zone file and what the servers' checkers said about it. */
  record Zone(
      String key, Path file, Name origin, Map<String, Boolean> verdicts, List<String> bind) {
    @Nullable Boolean bindValid() {
      return verdicts.get("Bind");
    }
  }

  /** What check-zone did. */
  record Outcome(int exitCode, String out, String err) {
    boolean valid() {
      return exitCode == 0;
    }
  }

  @Test
  void checkZoneJudgesEveryInvalidFerretZoneAsBindDoesOrAsReviewed() throws IOException {
    List<Zone> zones = zones();
    assertThat(zones).as("Ferret invalid zones found").hasSizeGreaterThanOrEqualTo(900);
    Map<String, Integer> agree = new LinkedHashMap<>();
    SERVERS.forEach(s -> agree.put(s, 0));
    Map<String, String> differences = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    List<String> badOutput = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    int withVerdicts = 0;
    int noSoa = 0;
    int noSoaRejected = 0;
    int tandemValid = 0;
    for (Zone z : zones) {
      keys.add(z.key());
      Outcome o = checkInProcess(z);
      badOutput.addAll(outputProblems(z, o));
      tandemValid += o.valid() ? 1 : 0;
      Boolean bind = z.bindValid();
      if (bind == null) {
        noSoa++;
        noSoaRejected += o.valid() ? 0 : 1;
        continue;
      }
      withVerdicts++;
      for (String s : SERVERS) {
        if (Boolean.valueOf(o.valid()).equals(z.verdicts().get(s))) {
          agree.merge(s, 1, Integer::sum);
        }
      }
      if (bind != o.valid()) {
        differences.put(z.key(), category(z, o));
        details.put(
            z.key(),
            "  BIND: " + String.join(" | ", z.bind()) + "\n  Tandem: " + o.out() + o.err());
      }
    }

    Map<String, Integer> byCategory = new TreeMap<>();
    differences.values().forEach(c -> byCategory.merge(c, 1, Integer::sum));
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            "Ferret invalid zones: %d zones, Tandem finds %d valid; %d with the servers'"
                + " verdicts%n  Tandem's verdict agrees with:",
            zones.size(), tandemValid, withVerdicts));
    for (String s : SERVERS) {
      report.append(' ').append(s).append(' ').append(rate(agree.getOrDefault(s, 0), withVerdicts));
    }
    report.append(
        String.format(
            "%n  Zones without an SOA (no server verdict): %d, rejected by Tandem: %d%n",
            noSoa, noSoaRejected));
    report.append("  Disagreements with BIND by category:\n");
    byCategory.forEach((c, n) -> report.append(String.format("    %4d  %s%n", n, c)));
    System.out.print(report);

    ReviewedDifferences accepted = ReviewedDifferences.load(ACCEPTED);
    List<String> problems = accepted.problems(keys, differences);
    StringBuilder why = new StringBuilder(report);
    problems.stream()
        .limit(30)
        .forEach(p -> why.append(p).append('\n').append(details.getOrDefault(p.split(" ")[0], "")));
    assertThat(problems).as(why.toString()).isEmpty();
    assertThat(noSoaRejected).as("zones without an SOA are invalid").isEqualTo(noSoa);
    assertThat(badOutput).as("check-zone output that does not name FILE:LINE").isEmpty();
  }

  @Test
  void theCheckZoneCommandPrintsAndExitsAsTheInProcessCheck() throws Exception {
    Map<String, Zone> byKey = new LinkedHashMap<>();
    for (Zone z : zones()) {
      byKey.put(z.key(), z);
    }
    for (String key : THROUGH_THE_COMMAND) {
      Zone z = Objects.requireNonNull(byKey.get(key), key);
      Outcome inProcess = checkInProcess(z);
      TandemProcess.Result command =
          TandemProcess.run(work, "check-zone", z.origin().toString(), z.file().toString());
      assertThat(new Outcome(command.exitCode(), command.out(), command.err()))
          .as("bin/tandem check-zone on " + key)
          .isEqualTo(inProcess);
    }
  }

  /**
   * The category of a disagreement with BIND. Every one found so far is BIND refusing a zone whose
   * apex NS names a host inside the zone that cannot be reached (named-checkzone's integrity
   * checks); Tandem reports those as warnings, as it does missing glue.
   */
  private static String category(Zone z, Outcome tandem) {
    if (tandem.valid()) {
      String bind = String.join("\n", z.bind());
      if (bind.contains("has no address records")) {
        return "apex-ns-target-without-address";
      } else if (bind.contains("is a CNAME (illegal)")) {
        return "apex-ns-target-is-cname";
      } else if (bind.contains("is below a DNAME")) {
        return "apex-ns-target-below-dname";
      }
      return "bind-rejects";
    }
    return "tandem-rejects";
  }

  /**
   * Every problem line must name the file, and a line number unless the problem concerns the whole
   * zone; the summary must count the errors printed.
   */
  private static List<String> outputProblems(Zone z, Outcome o) {
    List<String> bad = new ArrayList<>();
    String file = z.file().toString();
    Pattern problem = Pattern.compile(Pattern.quote(file) + "(:(\\d+))?: (error|warning): (.*)");
    int errors = 0;
    for (String line : (o.out() + o.err()).lines().toList()) {
      if (!line.contains("error:") && !line.contains("warning:")) {
        continue;
      }
      Matcher m = problem.matcher(line);
      if (!m.matches()) {
        bad.add(z.key() + ": " + line);
        continue;
      }
      if (m.group(3).equals("error")) {
        errors++;
      }
      if (m.group(2) == null && !WHOLE_ZONE.matcher(m.group(4)).matches()) {
        bad.add(z.key() + ": no line number: " + line);
      }
    }
    if (o.valid() != (errors == 0)) {
      bad.add(z.key() + ": exit " + o.exitCode() + " with " + errors + " errors printed");
    }
    if (!o.valid() && !o.err().contains("not valid (" + errors + " errors)")) {
      bad.add(z.key() + ": the summary does not count " + errors + " errors: " + o.err());
    }
    return bad;
  }

  /** Runs {@code tandem check-zone ORIGIN FILE} in this JVM, capturing what it prints. */
  private static Outcome checkInProcess(Zone z) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      code = Main.run("check-zone", z.origin().toString(), z.file().toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Outcome(
        code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  private static List<Zone> zones() throws IOException {
    Path root = Peers.shared().resolve("conformance/ferret/InvalidZoneFileTests");
    List<Zone> zones = new ArrayList<>();
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path dir : dirs) {
      List<Path> files;
      try (Stream<Path> s = Files.list(dir.resolve("ZoneFiles"))) {
        files = s.sorted().toList();
      }
      for (Path file : files) {
        String n = file.getFileName().toString().replaceFirst("\\.txt$", "");
        Path verdict = dir.resolve("PreprocessorOutputs/" + n + ".json");
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        List<String> bind = new ArrayList<>();
        if (Files.exists(verdict)) {
          Object json = Json.parse(Files.readString(verdict));
          for (String s : SERVERS) {
            Object server = Json.member(json, s);
            verdicts.put(s, ((Double) Json.member(server, "Code")).intValue() == 0);
          }
          for (Object line : Json.list(Json.member(json, "Bind"), "Output")) {
            bind.add((String) line);
          }
        }
        zones.add(
            new Zone(
                dir.getFileName() + "/" + n, file.toAbsolutePath(), origin(file), verdicts, bind));
      }
    }
    return zones;
  }

  /** The SOA owner; without an SOA, the closest common ancestor of the owner names. */
  static Name origin(Path zoneFile) throws IOException {
    List<String> lines = Files.readAllLines(zoneFile);
    Name common = null;
    for (String line : lines) {
      if (line.isBlank() || Character.isWhitespace(line.charAt(0)) || line.startsWith("$")) {
        continue;
      }
      String[] fields = line.trim().split("\\s+");
      Name owner = Name.fromString(fields[0], Name.root);
      if (List.of(fields).contains("SOA")) {
        return owner;
      }
      common = common == null ? owner : commonAncestor(common, owner);
    }
    return common == null ? Name.root : common;
  }

  private static Name commonAncestor(Name a, Name b) {
    int labels = Math.min(a.labels(), b.labels());
    for (int n = labels; n > 1; n--) {
      Name sa = new Name(a, a.labels() - n);
      Name sb = new Name(b, b.labels() - n);
      if (sa.equals(sb)) {
        return sa;
      }
    }
    return Name.root;
  }

  private static String rate(int n, int of) {
    return String.format(Locale.ROOT, "%d/%d (%.1f%%)", n, of, 100.0 * n / Math.max(1, of));
  }
}
