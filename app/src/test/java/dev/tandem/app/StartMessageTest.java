package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The zones the start message lists: the first in DNS order, however many the node serves. */
class StartMessageTest {
  @Test
  void theFirstZonesInDnsOrderAreListedInThatOrder() {
    List<Name> names = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      names.add(Name.fromConstantString("z" + i + ".test."));
    }
    names.add(Name.fromConstantString("test."));
    names.add(Name.fromConstantString("a.z5.test."));
    Collections.shuffle(names, new Random(7));
    List<Name> sorted = new ArrayList<>(names);
    sorted.sort(null);

    assertThat(StartMessage.first(names, 20)).containsExactlyElementsOf(sorted.subList(0, 20));
    assertThat(StartMessage.first(names.subList(0, 3), 20))
        .containsExactlyElementsOf(names.subList(0, 3).stream().sorted().toList());
    assertThat(StartMessage.first(List.of(), 20)).isEmpty();
  }
}
