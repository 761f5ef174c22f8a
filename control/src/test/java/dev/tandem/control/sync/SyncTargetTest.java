package dev.tandem.control.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.control.service.ServiceException;
import dev.tandem.control.sync.adapter.SyncRrSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A sync target as given to {@code tandem sync add}: what it reads back from the store, and each
 * bad field refused with a message naming it (never a crash, never a target that cannot run).
 */
class SyncTargetTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");

  private static SyncTarget target(
      SyncTarget.Kind kind, String endpoint, String key, List<String> exclusions) {
    return new SyncTarget(
        ZONE,
        "b",
        kind,
        endpoint,
        key,
        "localhost",
        SyncTarget.Policy.OURS_WINS,
        Duration.ofSeconds(30),
        exclusions,
        true,
        List.of("ns.other."),
        true,
        42,
        Map.of("x.example.com. LOC", "422: no"));
  }

  @Test
  void aTargetReadsBackFromTheStoreAsSaved() {
    SyncTarget t = target(SyncTarget.Kind.POWERDNS, "http://127.0.0.1:8081", "k", List.of("* TXT"));
    assertThat(SyncTarget.fromJson(t.toJson())).isEqualTo(t);
  }

  @Test
  void exclusionsCoverANameATypeOrATypeAtAName() {
    SyncTarget t =
        target(SyncTarget.Kind.TANDEM, "http://h", "k", List.of("mail", "* CAA", "www TXT"));
    assertThat(t.excludes(new SyncRrSet.Key(Name.fromConstantString("mail.example.com."), Type.MX)))
        .isTrue();
    assertThat(t.excludes(new SyncRrSet.Key(ZONE, Type.CAA))).isTrue();
    assertThat(t.excludes(new SyncRrSet.Key(Name.fromConstantString("www.example.com."), Type.TXT)))
        .isTrue();
    assertThat(t.excludes(new SyncRrSet.Key(Name.fromConstantString("www.example.com."), Type.A)))
        .isFalse();
  }

  @Test
  void badFieldsAreRefusedNamingTheField() {
    assertThatThrownBy(
            () -> target(SyncTarget.Kind.TANDEM, "http://h", "k", List.of("www NOTATYPE")))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("NOTATYPE");
    assertThatThrownBy(() -> target(SyncTarget.Kind.TANDEM, "http://h", "k", List.of("*")))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("'* TYPE'");
    assertThatThrownBy(() -> SyncTarget.Policy.parse("mine"))
        .hasMessageContaining("report, ours-wins or adopt-theirs");
    var adapters = Adapters.of(k -> null);
    assertThatThrownBy(
            () ->
                adapters.apply(
                    target(SyncTarget.Kind.RFC2136, "192.0.2.1:53", "nokey.", List.of())))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("no TSIG key 'nokey.'");
    assertThatThrownBy(
            () -> adapters.apply(target(SyncTarget.Kind.RFC2136, "ns.example:53", "k", List.of())))
        .isInstanceOf(ServiceException.class);
    assertThatThrownBy(
            () -> adapters.apply(target(SyncTarget.Kind.POWERDNS, "ftp://h", "k", List.of())))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("not an http:// or https:// URL");
  }
}
