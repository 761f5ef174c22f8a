package dev.tandem.control.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * A failed refresh check or transfer says what to check at the primary, for the failures operators
 * meet most, in the words of the failures {@link SoaProbe} and {@link TransferIn} report.
 */
class TransferHintsTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private static final Name KEY = Name.fromConstantString("xfr.");
  private static final InetSocketAddress PRIMARY = new InetSocketAddress("192.0.2.1", 5300);
  private static final InetAddress US = InetAddress.getLoopbackAddress();

  private static String hinted(String error, Name key) {
    return TransferHints.withHint(error, ZONE, PRIMARY, key, US);
  }

  @Test
  void aRefusedTransferSaysThePrimaryMustAllowOurAddressWithTheKey() {
    assertThat(hinted("192.0.2.1:5300: AXFR failed: REFUSED", KEY))
        .startsWith("192.0.2.1:5300: AXFR failed: REFUSED (hint: ")
        .contains("must serve example.com. and allow transfers of it from 127.0.0.1 with key xfr.");
    assertThat(TransferHints.withHint("AXFR failed: REFUSED", ZONE, PRIMARY, null, null))
        .contains("allow transfers of it from this server's address (unsigned)");
  }

  @Test
  void notAuthSaysTheZoneIsNotLoadedThereOrTheKeyNotAccepted() {
    assertThat(
            TransferHints.withHint("answered the SOA query with NOTAUTH", ZONE, PRIMARY, null, US))
        .contains("not authoritative for example.com.: check that it loaded the zone");
    assertThat(hinted("AXFR failed: NOTAUTH", KEY)).contains("or did not accept key xfr.");
  }

  @Test
  void eachTsigErrorNamesWhatDiffers() {
    assertThat(hinted("answered the SOA query with NOTAUTH (TSIG error BADKEY)", KEY))
        .contains("the primary does not know key xfr.");
    assertThat(hinted("answered the SOA query with NOTAUTH (TSIG error BADSIG)", KEY))
        .contains("the secret of key xfr. differs from the primary's");
    assertThat(hinted("answered the SOA query without a valid TSIG signature (BADSIG)", KEY))
        .contains("the secret of key xfr. differs");
    assertThat(hinted("answered the SOA query with NOTAUTH (TSIG error BADTIME)", KEY))
        .contains("clock")
        .contains("NTP");
    assertThat(hinted("answered the SOA query without a valid TSIG signature (unsigned)", KEY))
        .contains("not signed with key xfr.");
  }

  @Test
  void noAnswerAndNothingListeningNameTheAddressAndPort() {
    assertThat(hinted("192.0.2.1:5300 did not answer the SOA query (timed out after 2 tries)", KEY))
        .contains("nothing answered from 192.0.2.1 port 5300")
        .contains("firewalls");
    assertThat(hinted("192.0.2.1:5300: AXFR timed out after 12 records (limit 30 s)", KEY))
        .contains("nothing answered from 192.0.2.1 port 5300");
    assertThat(
            hinted(
                "192.0.2.1:5300 unreachable: nothing listens there (ICMP port unreachable)", KEY))
        .contains("nothing listens at 192.0.2.1 port 5300");
    assertThat(hinted("192.0.2.1:5300: AXFR failed: connection refused", KEY))
        .contains("nothing listens at 192.0.2.1 port 5300")
        .doesNotContain("allow transfers");
  }

  @Test
  void aFailureWithoutAKnownCauseGetsNoHint() {
    String error = "192.0.2.1:5300: the transferred zone has no SOA at its apex";
    assertThat(hinted(error, KEY)).isEqualTo(error);
  }

  @Test
  void theSourceAddressIsTheOneTheRoutingTablePicks() {
    assertThat(TransferHints.sourceFor(new InetSocketAddress("127.0.0.1", 53)))
        .isEqualTo(InetAddress.getLoopbackAddress());
  }
}
