package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.engine.Transport;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneProblem;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * Tandem on the Ferret data set's valid-zone tests (see {@link FerretTest}): each test's zone is
 * loaded in-process as the server loads it, each query answered by the responder as it would be
 * over UDP without EDNS (how Ferret asked the other servers), and the response compared with the
 * one most of BIND, NSD, Knot and PowerDNS gave: RCODE, AA, TC, and the answer, authority and
 * additional sections as sets of records, TTLs included.
 *
 * <p>Where Tandem differs, the difference is put in a category by rules below and must be listed,
 * with that category and a reason, in {@code /ferret-accepted-differences.txt}; the list must be
 * exact (see {@link ReviewedDifferences}). The summary also gives, from the data alone, how often
 * each of the four servers is in the majority; those rates use Ferret's own rule for grouping
 * servers, which ignores TTLs and compares authority sections only when an answer section is empty,
 * so Tandem's rate under that rule is printed beside its strict one.
 */
class FerretConformanceIT {
  private static final String ACCEPTED = "/ferret-accepted-differences.txt";

  /** Categories of difference, each recognised by a rule in {@link #category}. */
  private static final String APEX_NS = "apex-ns-in-authority";

  private static final String REJECTED = "zone-rejected";
  private static final String OTHER = "other";

  @Test
  void answersEveryQueryAsMostOfBindNsdKnotAndPowerDnsDoOrAsReviewed() throws IOException {
    int tests = FerretTest.count();
    assertThat(tests).as("Ferret valid-zone tests found").isGreaterThanOrEqualTo(10_000);
    Stats stats = new Stats();
    Map<String, String> differences = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    for (int id = 0; id < tests; id++) {
      FerretTest test = FerretTest.read(id);
      ids.add(Integer.toString(id));
      String difference = run(test, stats, details);
      if (difference != null) {
        differences.put(Integer.toString(id), difference);
      }
    }
    ReviewedDifferences accepted = ReviewedDifferences.load(ACCEPTED);
    List<String> problems = accepted.problems(ids, differences);
    String report = stats.report(differences, accepted.size());
    System.out.print(report);
    StringBuilder why = new StringBuilder(report);
    problems.stream()
        .limit(40)
        .forEach(p -> why.append(p).append('\n').append(details.getOrDefault(id(p), "")));
    assertThat(problems).as(why.toString()).isEmpty();
  }

  private static String id(String problem) {
    return problem.substring(0, problem.indexOf(' ') < 0 ? problem.length() : problem.indexOf(' '));
  }

  /** Runs one test; returns the category of its difference from the majority, or null. */
  private static @Nullable String run(FerretTest test, Stats stats, Map<String, String> details)
      throws IOException {
    String key = Integer.toString(test.id());
    test.queries().forEach(stats::count);
    ZoneLoader.Result loaded = ZoneLoader.load(test.origin(), test.zoneFile());
    ZoneSnapshot zone = loaded.zone();
    if (zone == null) {
      stats.rejected++;
      details.put(
          key,
          "  zone "
              + test.origin()
              + " rejected: "
              + loaded.errors().stream().map(ZoneProblem::toString).toList()
              + "\n");
      return REJECTED;
    }
    ServedZones served = ServedZones.of(List.of(zone));
    Responder responder = new Responder(() -> served, ResponderConfig.defaults());
    Responder.Session session = responder.newSession();
    String category = null;
    for (FerretTest.Query q : test.queries()) {
      byte[] query = q.wire();
      int n =
          responder.respond(
              session,
              query,
              query.length,
              Transport.UDP,
              java.net.InetAddress.getLoopbackAddress());
      ResponseShape tandem = ResponseShape.of(Arrays.copyOf(session.response(), n));
      String bestDiff = null;
      ResponseShape best = null;
      boolean ferretEqual = false;
      for (FerretTest.Group g : q.majority()) {
        ResponseShape expected = g.shape(q);
        String d = expected.diff(tandem);
        if (bestDiff == null || d.length() < bestDiff.length()) {
          bestDiff = d;
          best = expected;
        }
        ferretEqual |= ferretEqual(expected, tandem);
      }
      for (FerretTest.Group g : q.groups()) {
        if (g.servers().contains("knot") && ferretEqual(g.shape(q), tandem)) {
          stats.sameAsKnot++;
        }
      }
      boolean strictEqual = best == null || bestDiff == null || bestDiff.isEmpty();
      stats.tandem(q, strictEqual, ferretEqual);
      if (best == null || bestDiff == null || bestDiff.isEmpty()) {
        continue;
      }
      if (category == null) {
        category = category(zone, best, tandem);
      }
      details.put(
          key,
          "  "
              + Type.string(q.type())
              + " "
              + q.name()
              + " (majority "
              + q.majority().stream().map(g -> g.servers().toString()).toList()
              + "; first the majority, second Tandem)\n"
              + bestDiff);
    }
    return category;
  }

  /**
   * The category of a difference. Apex NS in authority: BIND, NSD and PowerDNS add the apex NS
   * RRset to the authority section of positive answers; Knot and Tandem give minimal responses (RFC
   * 2181 section 6.1 makes it optional). Everything else must match exactly.
   */
  private static String category(ZoneSnapshot zone, ResponseShape expected, ResponseShape tandem) {
    boolean restEqual =
        expected.rcode() == tandem.rcode()
            && expected.aa() == tandem.aa()
            && expected.tc() == tandem.tc()
            && expected.question().equals(tandem.question())
            && expected.answer().equals(tandem.answer())
            && expected.additional().equals(tandem.additional());
    Set<String> extra = new TreeSet<>(expected.authority());
    extra.removeAll(tandem.authority());
    String apex = zone.origin().toString().toLowerCase(Locale.ROOT) + " ";
    boolean onlyApexNs =
        !extra.isEmpty()
            && expected.authority().containsAll(tandem.authority())
            && extra.stream().allMatch(r -> r.startsWith(apex) && r.split(" ")[2].equals("NS"));
    if (restEqual && !tandem.answer().isEmpty() && onlyApexNs) {
      return APEX_NS;
    }
    return OTHER;
  }

  /**
   * Ferret's rule for putting two servers' responses in one group (its response_equality_check):
   * same RCODE, flags and question; same answer and additional RRsets, TTLs not compared; same
   * authority only when one of the answers is empty.
   */
  private static boolean ferretEqual(ResponseShape a, ResponseShape b) {
    return a.rcode() == b.rcode()
        && a.aa() == b.aa()
        && a.tc() == b.tc()
        && a.question().equals(b.question())
        && withoutTtl(a.answer()).equals(withoutTtl(b.answer()))
        && withoutTtl(a.additional()).equals(withoutTtl(b.additional()))
        && ((!a.answer().isEmpty() && !b.answer().isEmpty())
            || withoutTtl(a.authority()).equals(withoutTtl(b.authority())));
  }

  private static Set<String> withoutTtl(Set<String> records) {
    Set<String> out = new TreeSet<>();
    for (String r : records) {
      String[] f = r.split(" ", 3); // owner, TTL, type and rdata
      out.add(f[0] + " " + f[2]);
    }
    return out;
  }

  /**
   * Counts for the summary. Rates are over the queries with a strict majority; where the servers
   * split evenly every server is in "a largest group", so only Tandem is counted there.
   */
  private static final class Stats {
    int queries;
    int ties;
    int rejected;
    int tandemStrict;
    int tandemFerretRule;
    int tiesStrict;
    int tiesFerretRule;
    int sameAsKnot;
    final Map<String, Integer> inMajority = new LinkedHashMap<>();

    void count(FerretTest.Query q) {
      queries++;
      List<FerretTest.Group> majority = q.majority();
      if (majority.size() > 1) {
        ties++;
        return;
      }
      for (String server : FerretTest.SERVERS) {
        inMajority.merge(server, majority.get(0).servers().contains(server) ? 1 : 0, Integer::sum);
      }
    }

    void tandem(FerretTest.Query q, boolean strict, boolean ferretRule) {
      boolean tie = q.majority().size() > 1;
      if (strict) {
        if (tie) {
          tiesStrict++;
        } else {
          tandemStrict++;
        }
      }
      if (ferretRule) {
        if (tie) {
          tiesFerretRule++;
        } else {
          tandemFerretRule++;
        }
      }
    }

    String report(Map<String, String> differences, int listed) {
      Map<String, Integer> byCategory = new TreeMap<>();
      differences.values().forEach(c -> byCategory.merge(c, 1, Integer::sum));
      int majority = queries - ties;
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              "Ferret valid-zone tests: %d queries, %d with a strict majority, %d zones rejected%n",
              queries, majority, rejected));
      sb.append(
          String.format(
              "  Agreeing with the majority: Tandem %s strictly (all sections, TTLs), %s by"
                  + " Ferret's grouping rule%n",
              rate(tandemStrict, majority), rate(tandemFerretRule, majority)));
      sb.append("  From the data (Ferret's rule):");
      inMajority.forEach((s, n) -> sb.append(' ').append(s).append(' ').append(rate(n, majority)));
      sb.append(
          String.format(
              "%n  Even splits: %d; Tandem equals one of the largest groups in %d strictly, %d by"
                  + " Ferret's rule%n",
              ties, tiesStrict, tiesFerretRule));
      sb.append(
          String.format(
              "  Tandem agrees with Knot's response (Ferret's rule): %s%n",
              rate(sameAsKnot, queries)));
      sb.append(String.format("  Differences by category (%d listed as reviewed):%n", listed));
      byCategory.forEach((c, n) -> sb.append(String.format("    %6d  %s%n", n, c)));
      return sb.toString();
    }

    private static String rate(int n, int of) {
      return String.format(Locale.ROOT, "%d/%d (%.2f%%)", n, of, 100.0 * n / Math.max(1, of));
    }
  }
}
