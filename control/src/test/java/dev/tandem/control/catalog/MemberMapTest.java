package dev.tandem.control.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class MemberMapTest {
  private static Name zone(int i) {
    return Name.fromConstantString("z" + i + ".test.");
  }

  private static CatalogZone.Member member(int i, String label) {
    return new CatalogZone.Member(zone(i), label, List.of(), null);
  }

  private static void assertSame(MemberMap actual, Map<Name, CatalogZone.Member> model) {
    assertThat(actual).hasSize(model.size());
    assertThat(new HashMap<>(actual)).isEqualTo(model);
    assertThat(actual).isEqualTo(model);
    for (int i = 0; i < 1200; i++) {
      assertThat(actual.get(zone(i))).isEqualTo(model.get(zone(i)));
      assertThat(actual.containsKey(zone(i))).isEqualTo(model.containsKey(zone(i)));
    }
  }

  @Test
  void removalsAdditionsAndReplacementsLeaveTheMembersAMapWouldHave() {
    Map<Name, CatalogZone.Member> model = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      model.put(zone(i), member(i, "m" + i));
    }
    MemberMap members = MemberMap.of(model);
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      Set<Name> removed = new HashSet<>();
      Map<Name, CatalogZone.Member> added = new HashMap<>();
      for (int k = random.nextInt(4); k >= 0; k--) {
        removed.add(zone(random.nextInt(1200)));
      }
      for (int k = random.nextInt(4); k >= 0; k--) {
        int i = random.nextInt(1200);
        added.put(zone(i), member(i, "r" + round));
      }
      if (round % 50 == 0) {
        added.put(zone(round), member(round, "both")); // removed and listed anew
        removed.add(zone(round));
      }
      MemberMap before = members;
      Map<Name, CatalogZone.Member> modelBefore = new HashMap<>(model);
      members = members.with(removed, added);
      removed.forEach(model::remove);
      model.putAll(added);
      assertSame(members, model);
      assertSame(before, modelBefore); // unchanged
    }
  }

  @Test
  void aValidCatalogKeepsTheMapItIsGivenWhenItIsOne() {
    MemberMap members = MemberMap.of(Map.of(zone(1), member(1, "a")));
    CatalogZone.Valid v = new CatalogZone.Valid(zone(0), 1, members);
    assertThat(v.members()).isSameAs(members);
    assertThat(v).isEqualTo(new CatalogZone.Valid(zone(0), 1, Map.of(zone(1), member(1, "a"))));
  }
}
