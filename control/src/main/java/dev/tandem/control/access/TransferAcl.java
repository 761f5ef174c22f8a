package dev.tandem.control.access;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.util.List;
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
  // A volatile field added to through REFUSED, not an AtomicLong: one object less for each zone (a
  // node of 100,000 catalog members has as many).
  private volatile long refused;

  private static final VarHandle REFUSED;

  static {
    try {
      REFUSED = MethodHandles.lookup().findVarHandle(TransferAcl.class, "refused", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

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
    REFUSED.getAndAdd(this, 1L);
    return false;
  }

  /** Requests refused since start. */
  public long refused() {
    return refused;
  }
}
