package dev.tandem.control.access;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Who may transfer one zone out (AXFR, IXFR), and how many requests it refused since start, for the
 * zone's status. Nobody by default. Asked on network threads: the rules one volatile read, the
 * count a counter. The rules are replaced whole when the zone's settings change at run time; the
 * count goes on.
 */
public final class TransferAcl {
  private volatile List<AclRule> rules;
  private final AtomicLong refused = new AtomicLong();

  public TransferAcl(List<AclRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Takes {@code next} as the rules from now on. */
  public void replace(List<AclRule> next) {
    rules = List.copyOf(next);
  }

  /**
   * Whether {@code peer}, signed with {@code key} (null if unsigned), may transfer the zone, asking
   * over TLS or not (a rule with {@code +tls} takes only requests over TLS, RFC 9103 section 9).
   */
  public boolean allows(InetAddress peer, @Nullable Name key, boolean overTls) {
    if (AclRule.anyMatches(rules, peer, key, overTls)) {
      return true;
    }
    refused.incrementAndGet();
    return false;
  }

  /** Requests refused since start. */
  public long refused() {
    return refused.get();
  }
}
