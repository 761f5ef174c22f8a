package dev.tandem.control.monitor.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** Which provider a server belongs to: configured rules, well-known providers, NS-name domains. */
class ProvidersTest {
  @Test
  void serversAreGroupedByTheDomainOfTheirNsNameUnlessARuleSaysOtherwise() throws Exception {
    Providers p = Providers.parse(List.of("acme=ns.acme-dns.example,198.51.100.0/24"));
    assertThat(p.of(n("ns1.example.net."), null)).isEqualTo("example.net");
    assertThat(p.of(n("a.ns.example.co.uk."), null)).isEqualTo("example.co.uk");
    assertThat(p.of(n("x1.ns.acme-dns.example."), null)).isEqualTo("acme");
    assertThat(p.of(n("ns.customer.example."), InetAddress.getByName("198.51.100.7")))
        .isEqualTo("acme");
    assertThat(p.of(null, InetAddress.getByName("192.0.2.1"))).isEqualTo(Providers.UNKNOWN);
  }

  @Test
  void aProviderNamingServersInSeveralDomainsCountsOnce() {
    assertThat(Providers.DEFAULT.of(n("ns-1.awsdns-01.com."), null)).isEqualTo("Amazon Route 53");
    assertThat(Providers.DEFAULT.of(n("ns-2.awsdns-45.co.uk."), null)).isEqualTo("Amazon Route 53");
    assertThat(Providers.DEFAULT.of(n("pdns1.ultradns.net."), null)).isEqualTo("UltraDNS");
  }

  @Test
  void aBadRuleIsRefusedNamingIt() {
    assertThatThrownBy(() -> Providers.parse(List.of("acme")))
        .hasMessageContaining("provider 'acme' is not of the form NAME=PATTERN");
    assertThatThrownBy(() -> Providers.parse(List.of("acme=192.0.2.0/33")))
        .hasMessageContaining("prefix length 33 is longer than the address");
  }

  private static Name n(String s) {
    return Name.fromConstantString(s);
  }
}
