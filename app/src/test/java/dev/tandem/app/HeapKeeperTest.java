package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the serial collector's old generation is due a full collection. */
class HeapKeeperTest {
  private static final long MB = 1 << 20;

  @Test
  void aFullCollectionIsDueOnceTheOldGenerationHoldsTwiceTheLiveDataAndTheSlack() {
    assertThat(HeapKeeper.due(100 * MB, 40 * MB)).isFalse(); // 2 x 40 + 64 = 144
    assertThat(HeapKeeper.due(145 * MB, 40 * MB)).isTrue();
  }

  @Test
  void aSmallHeapIsLeftAloneWhateverItsGarbage() {
    assertThat(HeapKeeper.due(60 * MB, 0)).isFalse();
    assertThat(HeapKeeper.due(65 * MB, 0)).isTrue();
  }

  @Test
  void aFullCollectionThatStoppedTheServerForLongNamesTheCollectorToRunInstead() {
    assertThat(HeapKeeper.advice(120, 200 * MB)).as("short: nothing to say").isNull();
    String advice = HeapKeeper.advice(5_136, 1_458 * MB);
    assertThat(advice)
        .contains("stopped the server for 5136 ms")
        .contains("1458 MB live")
        .contains("TANDEM_JAVA_OPTS=\"" + HeapKeeper.G1_OPTIONS + "\"");
  }
}
