package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.T0;
import static dev.tandem.store.TestZones.change;
import static dev.tandem.store.TestZones.name;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static dev.tandem.store.TestZones.step;
import static dev.tandem.store.TestZones.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneKind;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store refuses writes that would leave a zone's state and contents disagreeing, and changes
 * nothing when it does: a caller's inconsistent arguments are an {@link IllegalArgumentException},
 * a stored zone that is not where the caller thinks is a {@link StoreException}.
 */
class StoreRulesTest {
  @TempDir Path dir;

  private ZoneStore store;

  /** Each case starts from example.com stored at serial 2 (a base at 1 and one change). */
  @BeforeEach
  void storeExampleAtSerialTwo() {
    store = SqliteZoneStore.open(dir.resolve("tandem.db"));
    store.replace(numbered(1), state(1));
    store.append(ORIGIN, change(1, 2), state(2));
  }

  @AfterEach
  void close() {
    store.close();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refused(
            "replace: the state is for another zone",
            IllegalArgumentException.class,
            s -> s.replace(numbered(3), state(name("example.net."), 3))),
        refused(
            "replace: the state's serial is not the contents'",
            IllegalArgumentException.class,
            s -> s.replace(numbered(3), state(4))),
        refused(
            "replace: contents without an SOA",
            IllegalArgumentException.class,
            s -> s.replace(TestZones.zone(ORIGIN, List.of()), state(-1))),
        refused(
            "append: the state's serial is not where the change leads",
            IllegalArgumentException.class,
            s -> s.append(ORIGIN, change(2, 3), state(4))),
        refused(
            "append: the state is for another zone",
            IllegalArgumentException.class,
            s -> s.append(ORIGIN, change(2, 3), state(name("example.net."), 3))),
        refused(
            "append: the change's SOA is not at the serial it claims",
            IllegalArgumentException.class,
            s -> s.append(ORIGIN, new JournalStep(2, 3, step(2, 5), T0), state(3))),
        refused(
            "append: the change starts from another serial than the stored one",
            StoreException.class,
            s -> s.append(ORIGIN, change(1, 3), state(3))),
        refused(
            "append: the zone has no contents",
            StoreException.class,
            s ->
                s.append(
                    name("example.net."),
                    new JournalStep(
                        1,
                        2,
                        new ZoneDiff(List.of(), List.of(TestZones.soa(name("example.net."), 2))),
                        T0),
                    state(name("example.net."), 2))),
        refused(
            "saveState: a serial other than the stored one",
            IllegalArgumentException.class,
            s -> s.saveState(state(3))),
        refused(
            "saveState: no serial for a zone with contents",
            IllegalArgumentException.class,
            s -> s.saveState(ZoneState.fresh(ORIGIN, ZoneKind.SECONDARY))),
        refused(
            "saveState: a serial for a zone without contents",
            IllegalArgumentException.class,
            s -> s.saveState(state(name("example.net."), 7))),
        refused(
            "compact: the zone has no contents",
            StoreException.class,
            s -> s.compact(TestZones.zone(name("example.net."), List.of()))),
        refused(
            "compact: a version other than the stored one",
            StoreException.class,
            s -> s.compact(numbered(1))));
  }

  private static Arguments refused(
      String rule, Class<? extends RuntimeException> thrown, Consumer<ZoneStore> write) {
    return Arguments.of(Named.of(rule, write), thrown);
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void aRefusedWriteChangesNothing(
      Consumer<ZoneStore> write, Class<? extends RuntimeException> thrown) {
    assertThatThrownBy(() -> write.accept(store))
        .isInstanceOf(thrown)
        .hasMessageContaining("example."); // names the zone

    assertThat(store.zones()).containsExactly(state(2));
    assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(2)));
    assertThat(store.journal(ORIGIN)).hasSize(1);
    assertThat(store.contents(name("example.net."))).isEmpty();
  }
}
