package dev.tandem.control.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

class TsigKeyTest {
  private static final String SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";

  private static byte[] signed(TSIG tsig, String qname) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(qname), Type.SOA, 1));
    m.setTSIG(tsig);
    return m.toWire(65535);
  }

  private static int verified(TSIG tsig, byte[] wire) throws Exception {
    Message m = new Message(wire);
    return tsig.verify(m, wire, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5"})
  void aKeyOnTheSystemClockSignsAsTheKeyedOneAndVerifiesIt(String algorithm) throws Exception {
    TsigKey key = TsigKey.of("k.example.", algorithm, SECRET);
    TSIG system = key.tsig(Clock.systemUTC());
    // The time now, but not the system clock (Clock.offset by zero would return it): the keyed
    // construction.
    TSIG keyed = key.tsig(Clock.tickMillis(ZoneOffset.UTC));

    byte[] bySystem = signed(system, "example.com.");
    assertThat(new Message(bySystem).getTSIG().getAlgorithm()).isEqualTo(key.algorithm());
    assertThat(verified(keyed, bySystem)).isEqualTo(Rcode.NOERROR);
    assertThat(verified(system, signed(keyed, "example.com."))).isEqualTo(Rcode.NOERROR);
    // and again: the one Mac is not left holding the first message's state
    assertThat(verified(system, signed(system, "example.org."))).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aMessageSignedWithAnotherSecretFailsOnTheSystemClock() throws Exception {
    TSIG ours = TsigKey.of("k.example.", "hmac-sha256", SECRET).tsig(Clock.systemUTC());
    TSIG theirs =
        TsigKey.of("k.example.", "hmac-sha256", "b3RoZXJzZWNyZXRvdGhlcnNlY3JldA==")
            .tsig(Clock.systemUTC());
    assertThat(verified(ours, signed(theirs, "example.com."))).isEqualTo(Rcode.BADSIG);
  }

  @Test
  void aClockOtherThanTheSystemsIsTheOneTimeIsCheckedAgainst() throws Exception {
    TsigKey key = TsigKey.of("k.example.", "hmac-sha256", SECRET);
    Clock past = Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneOffset.UTC);
    // signed now, checked by a key whose clock says 2001: outside the fudge (RFC 8945 5.2.3)
    assertThat(verified(key.tsig(past), signed(key.tsig(Clock.systemUTC()), "example.com.")))
        .isEqualTo(Rcode.BADTIME);
  }

  @Test
  void manyThreadsSignAndVerifyWithOneKeyAtOnce() throws Exception {
    TSIG tsig = TsigKey.of("k.example.", "hmac-sha256", SECRET).tsig(Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  int good = 0;
                  for (int i = 0; i < 500; i++) {
                    byte[] wire = signed(tsig, "z" + thread + "-" + i + ".example.");
                    good += verified(tsig, wire) == Rcode.NOERROR ? 1 : 0;
                  }
                  return good;
                }));
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
