package dev.tandem.control.monitor.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The checks' resolver, from root hints down, against servers scripted in memory: it learns what a
 * parent says (NS names, glue, DS) and the addresses of out-of-zone names by following referrals,
 * and it never asks anyone but the hints and what they referred it to.
 */
class ResolverTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void aDelegationIsWhatTheParentSaysWithItsGlue() {
    Script s = new Script();
    Resolver r = new Resolver(s, s.hints, CLOCK, false);
    Delegation d = r.delegation(Name.fromConstantString("example.test."), true);
    assertThat(d).isInstanceOf(Delegation.Found.class);
    Delegation.Found f = (Delegation.Found) d;
    assertThat(f.parent()).isEqualTo(Name.fromConstantString("test."));
    assertThat(f.ns().stream().map(Name::toString))
        .containsExactly("ns1.provider-a.test.", "ns1.provider-b.test.");
    assertThat(f.glue().get(Name.fromConstantString("ns1.provider-a.test.")))
        .containsExactly(ip("192.0.2.1"));
    assertThat(f.ds()).isEmpty();
    assertThat(f.dsError()).isNull();
    assertThat(s.asked).allMatch(a -> a.equals("198.51.100.1") || a.equals("198.51.100.2"));
  }

  @Test
  void aNameTheParentDoesNotHaveIsNotDelegated() {
    Script s = new Script();
    Resolver r = new Resolver(s, s.hints, CLOCK, false);
    Delegation d = r.delegation(Name.fromConstantString("nothere.test."), false);
    assertThat(d).isInstanceOf(Delegation.NotDelegated.class);
    assertThat(((Delegation.NotDelegated) d).why()).contains("NXDOMAIN");
  }

  @Test
  void silentRootsLeaveTheDelegationUnknownNamingWhy() {
    Script s = new Script();
    s.silent = true;
    Resolver r = new Resolver(s, s.hints, CLOCK, false);
    Delegation d = r.delegation(Name.fromConstantString("example.test."), false);
    assertThat(d).isInstanceOf(Delegation.Unknown.class);
    assertThat(((Delegation.Unknown) d).why()).contains("no server of the root answered");
  }

  @Test
  void addressesOfAnOutOfZoneNameAreFollowedDownAndKept() {
    Script s = new Script();
    Resolver r = new Resolver(s, s.hints, CLOCK, false);
    Addresses a = r.addresses(Name.fromConstantString("ns1.provider-a.test."));
    assertThat(a.addresses()).containsExactly(ip("192.0.2.1"));
    int asked = s.asked.size();
    assertThat(r.addresses(Name.fromConstantString("ns1.provider-a.test.")).addresses())
        .containsExactly(ip("192.0.2.1"));
    assertThat(s.asked).hasSize(asked); // kept for its TTL
  }

  @Test
  void glueOutsideTheReferringServersBailiwickIsNotTaken() {
    Script s = new Script();
    s.poison = true;
    Resolver r = new Resolver(s, s.hints, CLOCK, false);
    Delegation.Found f =
        (Delegation.Found) r.delegation(Name.fromConstantString("example.test."), false);
    // The root's referral to test. carried an address for www.elsewhere.: not glue for test.
    assertThat(f.glue()).doesNotContainKey(Name.fromConstantString("www.elsewhere."));
  }

  private static InetAddress ip(String a) {
    try {
      return InetAddress.getByName(a);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * A root at 198.51.100.1 referring test. to 198.51.100.2, which refers example.test. to two
   * providers and answers for the providers' names.
   */
  private static final class Script implements Querier {
    final RootHints hints =
        RootHints.parse(
            ". NS a.root.\na.root. A 198.51.100.1\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    final List<String> asked = new ArrayList<>();
    boolean silent;
    boolean poison;

    @Override
    public CompletableFuture<Reply> ask(InetSocketAddress server, Question q) {
      String at = server.getAddress().getHostAddress();
      asked.add(at);
      if (silent) {
        return CompletableFuture.completedFuture(
            new Reply.Silence(Reply.Failure.TIMEOUT, "no answer from " + at));
      }
      Map<String, Function<Question, String>> servers =
          Map.of("198.51.100.1", this::root, "198.51.100.2", ResolverTest::tld);
      Function<Question, String> script = servers.get(at);
      if (script == null) {
        throw new AssertionError("asked " + at + ", which nobody referred to");
      }
      return CompletableFuture.completedFuture(
          new Reply.Answer(Messages.parse(q, script.apply(q)), false, 10));
    }

    private String root(Question q) {
      return "referral\n"
          + "authority test. 172800 NS ns.tld.test.\n"
          + "additional ns.tld.test. 172800 A 198.51.100.2\n"
          + (poison ? "additional www.elsewhere. 172800 A 203.0.113.66\n" : "");
    }
  }

  private static String tld(Question q) {
    String name = q.name().toString();
    if (name.equals("example.test.") || name.endsWith(".example.test.")) {
      return "referral\n"
          + "authority example.test. 3600 NS ns1.provider-a.test.\n"
          + "authority example.test. 3600 NS ns1.provider-b.test.\n"
          + "additional ns1.provider-a.test. 3600 A 192.0.2.1\n"
          + "additional ns1.provider-b.test. 3600 A 203.0.113.1\n";
    }
    if (name.equals("ns1.provider-a.test.") && q.type() == org.xbill.DNS.Type.A) {
      return "aa\nanswer ns1.provider-a.test. 3600 A 192.0.2.1\n";
    }
    if (name.startsWith("ns1.provider")) {
      return "aa\nauthority test. 300 SOA ns.tld.test. h.test. 1 1 1 1 300\n";
    }
    return "aa nxdomain\nauthority test. 300 SOA ns.tld.test. h.test. 1 1 1 1 300\n";
  }
}
