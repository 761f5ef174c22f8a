package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenAddressTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:5300, 127.0.0.1:5300",
    "127.0.0.1, 127.0.0.1:53",
    "'[::1]:5300', '[::1]:5300'",
    "::1, '[::1]:53'",
    "'[2001:db8:0:0:1:0:0:1]:53', '[2001:db8::1:0:0:1]:53'",
    "'[2001:0db8:0000:0000:0000:0000:0002:0001]:53', '[2001:db8::2:1]:53'",
    "'[fe80:0:0:0:0:0:0:0]:1', '[fe80::]:1'",
    "'[0:0:0:0:0:0:0:0]:1', '[::]:1'",
    "'[1:0:1:0:1:0:1:0]:1', '[1:0:1:0:1:0:1:0]:1'",
    "0.0.0.0:53, 0.0.0.0:53"
  })
  void parsesAndPrintsAddressesAsOperatorsWriteThem(String text, String printed) {
    InetSocketAddress a = ListenAddress.parse(text, 53);
    assertThat(ListenAddress.format(a)).isEqualTo(printed);
  }

  @ParameterizedTest
  @CsvSource({
    "'127.0.0.1:99999', out of range",
    "'127.0.0.1:http', not a number",
    "'ns1.example.com:53', not a host name",
    "'[::1:53', missing ']'",
    "':53', no address"
  })
  void rejectsWhatIsNotAnAddressWithAReason(String text, String reason) {
    assertThatThrownBy(() -> ListenAddress.parse(text, 53))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }
}
