package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Origins whose hashes collide in full or in part still find their own zone, and only it. */
class ZoneTrieTest {
  private static final ZoneSnapshot ZONE =
      ZoneText.zone(
          "example.",
          """
          $ORIGIN example.
          @ 300 SOA ns1 hostmaster 1 7200 3600 1209600 300
          @ 300 NS  ns1
          ns1 300 A 192.0.2.53
          """);

  private static ZoneTrie.Entry entry(String origin, int hash) {
    return new ZoneTrie.Entry(ZoneText.name(origin).toWireCanonical(), hash, ZONE, true);
  }

  private static boolean has(ZoneTrie t, ZoneTrie.Entry e) {
    return t.get(e.hash(), e.origin(), 0, e.origin().length) == e;
  }

  @Test
  void entriesOfEqualOrNearHashesAreKeptApart() {
    List<ZoneTrie.Entry> entries = new ArrayList<>();
    entries.add(entry("a.", 0x12345678)); // these three: one full hash
    entries.add(entry("b.", 0x12345678));
    entries.add(entry("c.", 0x12345678));
    entries.add(entry("d.", 0x92345678)); // differs in the top bits only: the last level
    entries.add(entry("e.", 0x12345679)); // differs in the first level only
    ZoneTrie t = ZoneTrie.EMPTY;
    for (ZoneTrie.Entry e : entries) {
      t = t.with(e);
    }
    for (ZoneTrie.Entry e : entries) {
      assertThat(has(t, e)).as(new String(e.origin())).isTrue();
    }
    ZoneTrie.Entry other = entry("f.", 0x12345678);
    assertThat(t.get(other.hash(), other.origin(), 0, other.origin().length)).isNull();

    ZoneTrie.Entry replacement = entry("b.", 0x12345678);
    ZoneTrie replaced = t.with(replacement);
    assertThat(has(replaced, replacement)).isTrue();
    assertThat(has(t, entries.get(1))).isTrue(); // the old trie is unchanged

    ZoneTrie fewer = t;
    for (ZoneTrie.Entry e : entries) {
      fewer = fewer.without(e.hash(), e.origin());
      assertThat(has(fewer, e)).isFalse();
    }
    List<ZoneTrie.Entry> left = new ArrayList<>();
    fewer.forEach(left::add);
    assertThat(left).isEmpty();
    List<ZoneTrie.Entry> all = new ArrayList<>();
    t.forEach(all::add);
    assertThat(all).containsExactlyInAnyOrderElementsOf(entries);
  }
}
