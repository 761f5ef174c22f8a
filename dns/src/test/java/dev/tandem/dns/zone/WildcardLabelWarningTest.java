package dev.tandem.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * An owner name with a '*' label that is not the leftmost one is legal but is no wildcard (RFC 4592
 * section 2.1.1), so loading warns about it, once, at the line of the record that has it, as
 * named-checkzone does. The empty non-terminals above such a name (a.*.example. above
 * b.a.*.example.) own no record and get no warning of their own: there was once one, without a line
 * to point at.
 */
class WildcardLabelWarningTest {
  @TempDir Path dir;

  @Test
  void aStarThatIsNotLeftmostIsReportedOnceAtItsRecordsLine() throws IOException {
    Path file = dir.resolve("example.zone");
    Files.writeString(
        file,
        """
        example. 300 IN SOA ns.example.net. admin.example.net. 1 3600 600 86400 60
        example. 300 IN NS ns.example.net.
        b.a.*.example. 300 IN TXT "not a wildcard"
        """);
    ZoneLoader.Result r = ZoneLoader.load(Name.fromString("example."), file);

    assertThat(r.ok()).isTrue();
    List<ZoneProblem> warnings =
        r.problems().stream().filter(p -> p.message().contains("'*' label")).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).line()).isEqualTo(3);
    assertThat(warnings.get(0).message()).contains("b.a.*.example.");
  }
}
