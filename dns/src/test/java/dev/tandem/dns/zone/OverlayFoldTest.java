package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A zone changed by many diffs, its overlay folded into the base again and again ({@link
 * ZoneContents#foldThreshold}), holds exactly what a simple model says and what a zone built from
 * scratch holds: the same records, in canonical order, and the same names, empty non-terminals
 * included.
 */
class OverlayFoldTest {
  private static final Name ORIGIN = name("example.");
  private static final int STEPS = 600;

  /** The model: owner (in canonical order, as dnsjava orders names) to its records' rdata text. */
  private final TreeMap<Name, Set<String>> model = new TreeMap<>();

  private final List<Name> universe = new ArrayList<>();

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 8, 9})
  void manyDiffsLeaveTheZoneABuildFromScratchWouldGive(long seed) throws ZoneDiffException {
    Random random = new Random(seed);
    for (int i = 0; i < 16; i++) {
      universe.add(name("l" + i + ".example."));
      for (int j = 0; j < 16; j++) {
        universe.add(name("m" + j + ".l" + i + ".example."));
        for (int k = 0; k < 12; k++) {
          universe.add(name("n" + k + ".m" + j + ".l" + i + ".example."));
        }
      }
    }
    ZoneBuilder builder = new ZoneBuilder(ORIGIN);
    for (Record r :
        List.of(
            ZoneText.record("example. 300 SOA ns.example. host.example. 1 2 3 4 5"),
            ZoneText.record("example. 300 NS ns.example."))) {
      builder.add(r);
      put(r);
    }
    for (int i = 0; i < 300; i++) {
      Record r = randomRecord(random);
      builder.add(r);
      put(r);
    }
    ZoneSnapshot zone = builder.build();
    check(zone);

    int folds = 0;
    int previousOverlay = 0;
    for (int step = 0; step < STEPS; step++) {
      ZoneDiff diff = randomDiff(random);
      zone = zone.apply(diff);
      diff.removed().forEach(this::remove);
      diff.added().forEach(this::put);

      int overlay = zone.contents().overlaySize();
      if (overlay < previousOverlay) {
        folds++;
        check(zone); // right after a fold
      } else if (step % 50 == 0) {
        check(zone);
      }
      previousOverlay = overlay;
    }
    check(zone);

    assertThat(folds).as("folds").isGreaterThanOrEqualTo(1);
    ZoneBuilder scratch = new ZoneBuilder(ORIGIN);
    zone.records().forEach(scratch::add);
    ZoneSnapshot rebuilt = scratch.build();
    assertThat(sortedText(zone.records())).isEqualTo(sortedText(rebuilt.records()));
    assertThat(zone.recordCount()).isEqualTo(rebuilt.recordCount());
    for (Name n : withAncestors(universe)) {
      assertThat(zone.hasNode(n)).as("node %s", n).isEqualTo(rebuilt.hasNode(n));
    }
  }

  private void check(ZoneSnapshot zone) {
    // Records, grouped by owner in the order the zone lists them.
    Map<Name, Set<String>> listed = new LinkedHashMap<>();
    for (Record r : zone.records()) {
      assertThat(listed.computeIfAbsent(r.getName(), k -> new TreeSet<>()).add(rdata(r)))
          .as("duplicate %s", r)
          .isTrue();
    }
    assertThat(new ArrayList<>(listed.keySet()))
        .as("owners in canonical order")
        .isEqualTo(new ArrayList<>(model.keySet()));
    assertThat(listed).isEqualTo(model);
    assertThat(zone.recordCount()).isEqualTo(model.values().stream().mapToInt(Set::size).sum());

    Set<Name> nodes = withAncestors(model.keySet());
    for (Name n : withAncestors(universe)) {
      assertThat(zone.hasNode(n)).as("node %s", n).isEqualTo(nodes.contains(n));
    }
    for (Name n : model.keySet()) {
      assertThat(zone.recordsAt(n))
          .extracting(OverlayFoldTest::rdata)
          .containsExactlyInAnyOrderElementsOf(rdataAt(n));
    }
  }

  private static Set<Name> withAncestors(Iterable<Name> names) {
    Set<Name> out = new HashSet<>();
    for (Name n : names) {
      for (Name p = n; p.subdomain(ORIGIN); p = new Name(p, 1)) {
        if (!out.add(p) || p.equals(ORIGIN)) {
          break;
        }
      }
    }
    out.add(ORIGIN);
    return out;
  }

  private ZoneDiff randomDiff(Random random) {
    List<Record> removed = new ArrayList<>();
    List<Record> added = new ArrayList<>();
    List<Name> owners = new ArrayList<>(model.keySet());
    owners.remove(ORIGIN);
    Set<String> picked = new HashSet<>();
    if (random.nextInt(10) == 0 && !owners.isEmpty()) {
      // Everything at one name: it goes, or becomes an empty non-terminal.
      Name owner = owners.get(random.nextInt(owners.size()));
      for (String rd : rdataAt(owner)) {
        removed.add(parse(owner, rd));
      }
    } else {
      int n = Math.min(random.nextInt(5), owners.size());
      for (int i = 0; i < n; i++) {
        Name owner = owners.get(random.nextInt(owners.size()));
        List<String> rds = new ArrayList<>(rdataAt(owner));
        String rd = rds.get(random.nextInt(rds.size()));
        if (picked.add(owner + " " + rd)) {
          removed.add(parse(owner, rd));
        }
      }
    }
    int m = random.nextInt(7);
    for (int i = 0; i < m; i++) {
      added.add(randomRecord(random));
    }
    return new ZoneDiff(removed, added);
  }

  private Record randomRecord(Random random) {
    Name owner = universe.get(random.nextInt(universe.size()));
    return random.nextBoolean()
        ? Record.newRecord(
            owner, Type.A, DClass.IN, 300, new byte[] {10, 0, 0, (byte) random.nextInt(4)})
        : ZoneText.record(owner + " 300 TXT t" + random.nextInt(3));
  }

  private static Record parse(Name owner, String rdata) {
    return ZoneText.record(owner + " 300 " + rdata);
  }

  private static String rdata(Record r) {
    return Type.string(r.getType()) + " " + r.rdataToString();
  }

  private Set<String> rdataAt(Name owner) {
    return java.util.Objects.requireNonNull(model.get(owner), owner.toString());
  }

  private void put(Record r) {
    model.computeIfAbsent(r.getName(), k -> new TreeSet<>()).add(rdata(r));
  }

  private void remove(Record r) {
    Set<String> at = rdataAt(r.getName());
    assertThat(at.remove(rdata(r))).isTrue();
    if (at.isEmpty()) {
      model.remove(r.getName());
    }
  }

  private static List<String> sortedText(List<Record> records) {
    return records.stream().map(ZoneText::text).sorted().toList();
  }
}
