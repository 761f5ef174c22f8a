package dev.tandem.control.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A zone's transfer ACL: nobody by default, and every refusal counted, from any thread. */
class TransferAclTest {
  @Test
  void refusalsAreCountedAcrossThreadsAndAcrossAReplacementOfTheRules() throws Exception {
    TransferAcl acl = new TransferAcl(List.of());
    InetAddress peer = InetAddress.getByName("127.0.0.1");
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 10_000; i++) {
                      assertThat(acl.allows(peer, null, false)).isFalse();
                    }
                  });
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(acl.refused()).isEqualTo(40_000);

    acl.replace(List.of(AclRule.parse("127.0.0.0/8")));
    assertThat(acl.allows(peer, null, false)).isTrue();
    assertThat(acl.allows(InetAddress.getByName("192.0.2.1"), null, false)).isFalse();
    assertThat(acl.refused()).isEqualTo(40_001);
  }
}
