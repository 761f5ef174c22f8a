package dev.tandem.control.wizard;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * One zone's setup, as the wizard keeps it between visits: what the operator gave and what each
 * step found when last checked.
 *
 * @param peer the other provider's server: the primary Tandem follows ({@link Strategy#SECONDARY}),
 *     the secondary that follows Tandem ({@link Strategy#PRIMARY}), or the primary Tandem's zone is
 *     synced to ({@link Strategy#PRIMARY_PRIMARY}), as {@code ADDR[:PORT]}
 * @param ourNames the names of Tandem's name servers for the zone (in its NS RRset)
 */
public record Setup(
    Name zone,
    Strategy strategy,
    String peer,
    Name keyName,
    String algorithm,
    String secret,
    List<Name> ourNames,
    Instant started,
    Map<Step, Result> results) {

  public Setup {
    ourNames = List.copyOf(ourNames);
    EnumMap<Step, Result> r = new EnumMap<>(Step.class);
    r.putAll(results);
    results = java.util.Collections.unmodifiableMap(r);
  }

  /** How Tandem joins the zone's other provider. */
  public enum Strategy {
    /** Tandem transfers the zone from the current provider's primary. */
    SECONDARY("Tandem as secondary of your current provider"),
    /** Tandem is the primary; the other provider's servers transfer from it. */
    PRIMARY("Tandem as primary for the other provider's secondaries"),
    /**
     * Both are primaries: Tandem's zone is kept equal at the other provider's primary by a sync
     * target (RFC 2136 UPDATE signed with the setup's key).
     */
    PRIMARY_PRIMARY("Primary at both: Tandem's zone synced to the other provider's primary"),
    /**
     * Tandem is a primary nobody queries: only the other provider's secondaries are in the NS set
     * and the delegation.
     */
    HIDDEN_PRIMARY("Tandem as hidden primary for the other provider's public secondaries"),
    /**
     * Tandem is a public secondary of a primary nobody queries: the primary is not in the NS set
     * nor the delegation.
     */
    SECONDARY_OF_HIDDEN("Tandem as public secondary of a hidden primary");

    private final String title;

    Strategy(String title) {
      this.title = title;
    }

    public String title() {
      return title;
    }

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether Tandem holds the zone's data (changes, the canary, are made here). */
    public boolean tandemLeads() {
      return this != SECONDARY && this != SECONDARY_OF_HIDDEN;
    }

    /** Whether the side holding the data is a hidden primary, left out of the NS set. */
    public boolean hidden() {
      return this == HIDDEN_PRIMARY || this == SECONDARY_OF_HIDDEN;
    }
  }

  /** The four steps, in order. */
  public enum Step {
    ZONE_DATA("Zone data"),
    NS_RECORDS("NS records at each provider"),
    REGISTRAR("The registrar's delegation"),
    UPDATES("Updates flow");

    private final String title;

    Step(String title) {
      this.title = title;
    }

    public String title() {
      return title;
    }

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** What a step's last check found. */
  public enum Outcome {
    NOT_CHECKED,
    PASSED,
    FAILED;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * A step's last check.
   *
   * @param lines what was found, one fact per line, each a tick ({@code ✓}) or a reason ({@code ✗})
   */
  public record Result(Outcome outcome, List<String> lines, @Nullable Instant at) {
    public static final Result NONE = new Result(Outcome.NOT_CHECKED, List.of(), null);

    public Result {
      lines = List.copyOf(lines);
    }
  }

  /** The step's last result (not checked yet if none). */
  public Result result(Step step) {
    return results.getOrDefault(step, Result.NONE);
  }

  /** This setup with {@code step}'s result replaced. */
  public Setup with(Step step, Result result) {
    Map<Step, Result> r = new EnumMap<>(Step.class);
    r.putAll(results);
    r.put(step, result);
    return new Setup(zone, strategy, peer, keyName, algorithm, secret, ourNames, started, r);
  }

  /** Whether every step passed. */
  public boolean done() {
    for (Step s : Step.values()) {
      if (result(s).outcome() != Outcome.PASSED) {
        return false;
      }
    }
    return true;
  }
}
