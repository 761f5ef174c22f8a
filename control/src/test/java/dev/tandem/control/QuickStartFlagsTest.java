package dev.tandem.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.secondary.SecondaryConfig;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** The forms of --secondary, --tsig and ACL prefixes that operators type, and their errors. */
class QuickStartFlagsTest {

  @Test
  void secondaryWithSeveralPrimariesAndAKey() throws Exception {
    SecondaryConfig c = SecondaryConfig.parse("example.com=127.0.0.1:5301,[::1]:5302@xfr");
    assertThat(c.zone()).isEqualTo(Name.fromString("example.com."));
    assertThat(c.primaries())
        .extracting(r -> Remote.format(r.address()))
        .containsExactly("127.0.0.1:5301", "[0:0:0:0:0:0:0:1]:5302");
    assertThat(c.primaries()).allMatch(r -> Name.fromConstantString("xfr.").equals(r.key()));
  }

  @Test
  void secondaryInKnotAddressSyntaxWithoutKey() {
    SecondaryConfig c = SecondaryConfig.parse("example.com.=192.0.2.1@53");
    assertThat(c.primaries())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.address().getPort()).isEqualTo(53);
              assertThat(r.key()).isNull();
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com",
        "example.com=",
        "=127.0.0.1:53",
        "example.com=host.example:53",
        "example.com=127.0.0.1:99999",
        "example.com=[::1:53"
      })
  void malformedSecondaryIsRefusedWithItsText(String spec) {
    assertThatThrownBy(() -> SecondaryConfig.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("(?s).*(secondary '|address ').*");
  }

  @Test
  void tsigKeyInEachAlgorithm() {
    for (String alg :
        List.of("hmac-md5", "hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512")) {
      TsigKey k = TsigKey.parse("xfr=" + alg + ":c2VjcmV0c2VjcmV0c2VjcmV0");
      assertThat(TSIG.nameToAlgorithm(k.algorithm()))
          .isEqualToIgnoringCase(alg.replace("hmac-", "Hmac"));
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "xfr                              | NAME=ALGORITHM:BASE64SECRET",
        "xfr=hmac-sha999:c2VjcmV0         | unknown algorithm 'hmac-sha999'",
        "xfr=hmac-sha256:not*base64       | not base64",
        "xfr=hmac-sha256:                 | empty",
      })
  void badTsigKeyNamesTheProblem(String spec, String message) {
    assertThatThrownBy(() -> TsigKey.parse(spec)).hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({
    "192.0.2.0/24, 192.0.2.77, true",
    "192.0.2.0/24, 192.0.3.1, false",
    "192.0.2.128/25, 192.0.2.127, false",
    "192.0.2.128/25, 192.0.2.200, true",
    "2001:db8::/32, 2001:db8:1::1, true",
    "2001:db8::/32, 192.0.2.1, false",
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "any, ::1, true",
  })
  void aclPrefixMatches(String prefix, String peer, boolean matches) throws Exception {
    assertThat(AclRule.parse(prefix).matches(InetAddress.getByName(peer), null)).isEqualTo(matches);
  }

  @Test
  void aclWithKeyNeedsThatKey() throws Exception {
    AclRule rule = AclRule.parse("127.0.0.0/8@xfr");
    InetAddress local = InetAddress.getByName("127.0.0.1");
    assertThat(rule.matches(local, null)).isFalse();
    assertThat(rule.matches(local, Name.fromString("other."))).isFalse();
    assertThat(rule.matches(local, Name.fromString("xfr."))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.0.2.0/33", "2001:db8::/129", "example.com", "192.0.2.0/x"})
  void badPrefixIsRefused(String prefix) {
    assertThatThrownBy(() -> AclRule.parse(prefix)).hasMessageContaining(prefix);
  }
}
