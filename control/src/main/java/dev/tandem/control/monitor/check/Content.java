package dev.tandem.control.monitor.check;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one server's contents compared with ours, at the same serial.
 *
 * @param method {@code "AXFR"} (the whole zone, transferred) or {@code "sample"} (some RRsets,
 *     asked one by one)
 * @param compared how many RRsets were compared
 * @param differences the RRsets that differ, at most {@link #KEPT}
 * @param more how many more differ beyond those kept
 * @param note why the method is what it is (a refused AXFR, say), or null
 */
public record Content(
    String method,
    int compared,
    List<RrSetDifference> differences,
    int more,
    @Nullable String note) {
  /** Differences kept per server: the evidence, not a copy of the zone. */
  public static final int KEPT = 20;

  public Content {
    differences = List.copyOf(differences);
  }

  /** The whole count of differing RRsets. */
  public int differing() {
    return differences.size() + more;
  }
}
