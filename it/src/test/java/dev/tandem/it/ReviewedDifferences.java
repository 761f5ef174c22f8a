package dev.tandem.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A reviewed list of the cases where Tandem differs from a reference on purpose, kept as a test
 * resource: one line per case, {@code ID CATEGORY REASON...}, {@code #} comments. The list must
 * stay true in both directions: a difference that is not listed fails the test, and so does a
 * listed case that no longer differs or now differs in another category (the category is computed
 * by the test from the difference itself, so a listed case cannot drift into a new kind of
 * difference unnoticed).
 */
final class ReviewedDifferences {
  /** One reviewed case. */
  record Entry(String category, String reason) {}

  private final String resource;
  private final Map<String, Entry> entries;

  private ReviewedDifferences(String resource, Map<String, Entry> entries) {
    this.resource = resource;
    this.entries = entries;
  }

  static ReviewedDifferences load(String resource) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (InputStream in =
            Objects.requireNonNull(
                ReviewedDifferences.class.getResourceAsStream(resource), resource + " is missing");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int lineNo = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        String[] f = text.split("\\s+", 3);
        if (f.length < 3) {
          throw new IOException(resource + ":" + lineNo + ": expected ID CATEGORY REASON");
        }
        if (entries.put(f[0], new Entry(f[1], f[2])) != null) {
          throw new IOException(resource + ":" + lineNo + ": " + f[0] + " is listed twice");
        }
      }
    }
    return new ReviewedDifferences(resource, entries);
  }

  int size() {
    return entries.size();
  }

  /**
   * What is wrong with the list, given every case the test ran and the category of each one that
   * differs (cases that agree are absent from {@code differences}); empty when the list is true.
   * Each problem starts with the case's id and a space.
   */
  List<String> problems(Iterable<String> allCases, Map<String, String> differences) {
    List<String> unlisted = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    for (String id : allCases) {
      Entry listed = entries.get(id);
      String actual = differences.get(id);
      if (actual != null && listed == null) {
        unlisted.add(id + " " + actual + ": differs and is not in " + resource);
      } else if (actual == null && listed != null) {
        stale.add(id + " " + listed.category() + ": listed in " + resource + " but agrees now");
      } else if (actual != null && listed != null && !actual.equals(listed.category())) {
        stale.add(id + " listed as " + listed.category() + " but now differs as " + actual);
      }
    }
    List<String> out = new ArrayList<>(unlisted);
    out.addAll(stale);
    Map<String, Entry> unknown = new TreeMap<>(entries);
    allCases.forEach(unknown::remove);
    unknown.forEach(
        (id, e) -> out.add(id + " listed in " + resource + " but there is no such case"));
    return out;
  }
}
