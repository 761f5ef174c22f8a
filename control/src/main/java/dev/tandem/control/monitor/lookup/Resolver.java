package dev.tandem.control.monitor.lookup;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An iterative resolver for the checks (RFC 1034 section 5.3.3, without recursion asked of anyone):
 * it starts at the root servers of its {@link RootHints} and follows referrals down, to learn what
 * a zone's parent says about it ({@link #delegation}) and the addresses of name server names
 * ({@link #addresses}). It is not a general resolver: it answers only those two questions, it
 * serves no client, and nothing it learns reaches the query path.
 *
 * <p><b>What it trusts.</b> A referral's glue is taken only for names inside the bailiwick of the
 * server that gave it (the zone that server was asked as); everything else is asked of the servers
 * authoritative for it. An answer is taken only from a server of the closest zone cut known.
 *
 * <p><b>What it keeps.</b> Zone cuts learnt from referrals, for their NS TTL (between 30 s and an
 * hour), so that ten thousand zones under one TLD cost one walk from the root, then one question to
 * the TLD each; addresses likewise, and the absence of one for a minute. A delegation itself is
 * asked of the parent every time: what the checks want to know is what the parent says now.
 *
 * <p><b>Bounded.</b> At most 16 referrals per walk, six servers tried per step, names of name
 * servers resolved at most four levels deep; concurrent lookups of one host name share one walk.
 * Blocking: callers run it on virtual threads; the waiting is in the {@link Querier}.
 */
public final class Resolver {
  private static final int MAX_REFERRALS = 16;
  private static final int MAX_DEPTH = 4;
  private static final int MAX_SERVERS_PER_STEP = 6;
  private static final int MAX_CNAMES = 8;
  private static final Duration MIN_TTL = Duration.ofSeconds(30);
  private static final Duration MAX_TTL = Duration.ofHours(1);
  private static final Duration NEGATIVE_TTL = Duration.ofMinutes(1);

  private final Querier querier;
  private final RootHints hints;
  private final Clock clock;
  private final boolean ipv6;
  private final Map<Name, Cut> cuts = new ConcurrentHashMap<>();
  private final Map<Name, Kept> addressCache = new ConcurrentHashMap<>();
  private final Map<Name, CompletableFuture<Addresses>> lookingUp = new ConcurrentHashMap<>();
  private final AtomicInteger rotation = new AtomicInteger();

  /** A zone cut learnt from a referral (or the root's, from the hints). */
  private record Cut(Name zone, List<InetSocketAddress> servers, Instant expires) {}

  /** Addresses kept until {@code expires}. */
  private record Kept(Addresses addresses, Instant expires) {}

  /**
   * @param ipv6 whether IPv6 server addresses are used (false on a host without IPv6 routes: they
   *     would only time out)
   */
  public Resolver(Querier querier, RootHints hints, Clock clock, boolean ipv6) {
    this.querier = querier;
    this.hints = hints;
    this.clock = clock;
    this.ipv6 = ipv6;
  }

  public RootHints hints() {
    return hints;
  }

  // ---- what a parent says ----

  /**
   * What {@code zone}'s parent says about it now: its NS names and glue at the cut, and, if {@code
   * withDs}, the DS RRset there. Asked of the parent's servers every time; the cuts above are kept.
   */
  public Delegation delegation(Name zone, boolean withDs) {
    if (zone.equals(Name.root)) {
      return new Delegation.Unknown(zone, "the root zone has no parent");
    }
    Walk w = walk(zone, Type.NS, zone, 0);
    return switch (w) {
      case Walk.Failed f -> new Delegation.Unknown(zone, f.why());
      case Walk.Referral r -> found(zone, r.parent(), r.ns(), r.glue(), r.from(), withDs, null);
      case Walk.Authoritative a -> fromAuthoritative(zone, a, withDs);
    };
  }

  /**
   * An authoritative answer to "zone NS?": the parent has no cut there, or also serves the zone.
   */
  private Delegation fromAuthoritative(Name zone, Walk.Authoritative a, boolean withDs) {
    Message m = a.message();
    if (m.getRcode() == Rcode.NXDOMAIN) {
      return new Delegation.NotDelegated(
          zone, a.cut().zone(), a.cut().zone() + " has no name " + zone + " (NXDOMAIN)");
    }
    List<Name> ns = new ArrayList<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof NSRecord n && n.getName().equals(zone)) {
        ns.add(n.getTarget());
      }
    }
    if (ns.isEmpty()) {
      Name soaOwner = a.cut().zone();
      for (Record r : m.getSection(Section.AUTHORITY)) {
        if (r instanceof SOARecord s) {
          soaOwner = s.getName();
        }
      }
      return new Delegation.NotDelegated(
          zone, soaOwner, soaOwner + " answers for " + zone + " itself: there is no delegation");
    }
    // The servers of the parent serve the child too, and answered from it (RFC 1034 4.3.2 step
    // 3a): the parent's own NS RRset at the cut is not visible from here.
    Map<Name, List<InetAddress>> glue = glue(m, ns, zone);
    return found(
        zone,
        a.cut().zone(),
        ns,
        glue,
        a.cut().servers(),
        withDs,
        "the servers of " + a.cut().zone() + " also serve " + zone + "; they answered from it");
  }

  private Delegation found(
      Name zone,
      Name parent,
      List<Name> ns,
      Map<Name, List<InetAddress>> glue,
      List<InetSocketAddress> parentServers,
      boolean withDs,
      @Nullable String note) {
    List<DSRecord> ds = new ArrayList<>();
    String dsError = null;
    if (withDs) {
      // RFC 4035 section 3.1.4.1: the DS RRset is the parent's, answered by the parent's servers.
      Step s = askAny(new Cut(parent, parentServers, Instant.MAX), Question.of(zone, Type.DS));
      switch (s) {
        case Step.Failed f -> dsError = f.why();
        case Step.Usable u -> {
          for (Record r : u.message().getSection(Section.ANSWER)) {
            if (r instanceof DSRecord d && d.getName().equals(zone)) {
              ds.add(d);
            }
          }
        }
      }
    } else {
      dsError = "not asked this round";
    }
    return new Delegation.Found(zone, parent, ns, glue, ds, dsError, parentServers, note);
  }

  // ---- addresses of a name ----

  /** The A and AAAA records of {@code host}, following CNAMEs, or why there are none. */
  public Addresses addresses(Name host) {
    return addresses(host, 0);
  }

  private Addresses addresses(Name host, int depth) {
    Kept k = addressCache.get(host);
    if (k != null && clock.instant().isBefore(k.expires())) {
      return k.addresses();
    }
    if (depth > MAX_DEPTH) {
      return new Addresses(host, List.of(), "name servers named inside one another too deeply");
    }
    CompletableFuture<Addresses> mine = new CompletableFuture<>();
    CompletableFuture<Addresses> theirs = lookingUp.putIfAbsent(host, mine);
    if (theirs != null) {
      return theirs.join(); // another thread walks for it
    }
    try {
      Addresses a = lookUp(host, depth);
      mine.complete(a);
      return a;
    } catch (RuntimeException e) {
      Addresses failed = new Addresses(host, List.of(), "internal error: " + e);
      mine.complete(failed);
      throw e;
    } finally {
      lookingUp.remove(host, mine);
    }
  }

  private Addresses lookUp(Name host, int depth) {
    Set<InetAddress> found = new LinkedHashSet<>();
    List<String> errors = new ArrayList<>();
    long ttl = MAX_TTL.toSeconds();
    int[] types = ipv6 ? new int[] {Type.A, Type.AAAA} : new int[] {Type.A};
    for (int type : types) {
      Name name = host;
      for (int hop = 0; hop <= MAX_CNAMES; hop++) {
        Walk w = walk(name, type, null, depth);
        if (w instanceof Walk.Failed f) {
          errors.add(f.why());
          break;
        }
        Message m = ((Walk.Authoritative) w).message();
        if (m.getRcode() == Rcode.NXDOMAIN) {
          errors.add(name + " does not exist (NXDOMAIN)");
          ttl = Math.min(ttl, NEGATIVE_TTL.toSeconds());
          break;
        }
        Name alias = null;
        for (Record r : m.getSection(Section.ANSWER)) {
          if (!r.getName().equals(name)) {
            continue;
          }
          if (r instanceof ARecord a) {
            found.add(a.getAddress());
            ttl = Math.min(ttl, r.getTTL());
          } else if (r instanceof AAAARecord a) {
            found.add(a.getAddress());
            ttl = Math.min(ttl, r.getTTL());
          } else if (r instanceof CNAMERecord c) {
            alias = c.getTarget();
          }
        }
        if (alias == null || alias.equals(name)) {
          break;
        }
        name = alias;
      }
    }
    Duration keep =
        found.isEmpty()
            ? NEGATIVE_TTL
            : clamp(Duration.ofSeconds(Math.max(0, ttl)), MIN_TTL, MAX_TTL);
    String error =
        found.isEmpty()
            ? (errors.isEmpty() ? host + " has no address record" : String.join("; ", errors))
            : null;
    Addresses a = new Addresses(host, new ArrayList<>(found), error);
    addressCache.put(host, new Kept(a, clock.instant().plus(keep)));
    return a;
  }

  // ---- the walk down from the root ----

  /** Where a walk ended. */
  private sealed interface Walk {
    /** A server of {@code cut} answered authoritatively (an answer, NODATA or NXDOMAIN). */
    record Authoritative(Message message, Cut cut) implements Walk {}

    /** A server of {@code parent} referred the walk to {@code child}, where it was to stop. */
    record Referral(
        Name child,
        Name parent,
        List<Name> ns,
        Map<Name, List<InetAddress>> glue,
        List<InetSocketAddress> from)
        implements Walk {}

    record Failed(String why) implements Walk {}
  }

  /**
   * Asks for {@code qname}/{@code qtype} from the closest cut known, following referrals; when
   * {@code stopAt} is given, starts strictly above it and stops at the referral to it.
   */
  private Walk walk(Name qname, int qtype, @Nullable Name stopAt, int depth) {
    if (depth > MAX_DEPTH) {
      return new Walk.Failed("name servers named inside one another too deeply");
    }
    Cut cut = closestCut(stopAt != null ? parent(qname) : qname);
    Question q = Question.of(qname, qtype);
    for (int hop = 0; hop < MAX_REFERRALS; hop++) {
      Step s = askAny(cut, q);
      if (s instanceof Step.Failed f) {
        return new Walk.Failed(f.why());
      }
      Step.Usable u = (Step.Usable) s;
      Message m = u.message();
      ReferralData r = u.referral();
      if (r == null) {
        return new Walk.Authoritative(m, cut);
      }
      if (r.child().equals(stopAt)) {
        return new Walk.Referral(r.child(), cut.zone(), r.ns(), r.glue(), cut.servers());
      }
      Cut next = cutOf(r, depth);
      if (next.servers().isEmpty()) {
        return new Walk.Failed(
            "no address for any server of " + r.child() + " (" + names(r.ns()) + ")");
      }
      cuts.put(next.zone(), next);
      cut = next;
    }
    return new Walk.Failed("more than " + MAX_REFERRALS + " referrals for " + q);
  }

  /** The servers of a referral: its glue, else the addresses of its NS names. */
  private Cut cutOf(ReferralData r, int depth) {
    Set<InetSocketAddress> servers = new LinkedHashSet<>();
    for (Name ns : r.ns()) {
      List<InetAddress> glue = r.glue().get(ns);
      List<InetAddress> addresses =
          glue != null && !glue.isEmpty()
              ? glue
              : ns.subdomain(r.child())
                  ? List.of() // in-bailiwick without glue: unreachable by design
                  : addresses(ns, depth + 1).addresses();
      for (InetAddress a : addresses) {
        if (usable(a)) {
          servers.add(new InetSocketAddress(a, 53));
        }
      }
    }
    Duration ttl = clamp(Duration.ofSeconds(r.ttl()), MIN_TTL, MAX_TTL);
    return new Cut(r.child(), new ArrayList<>(servers), clock.instant().plus(ttl));
  }

  private boolean usable(InetAddress a) {
    return ipv6 || !(a instanceof Inet6Address);
  }

  /** The closest cut at or above {@code name} known now: a kept one, else the root's. */
  private Cut closestCut(Name name) {
    Instant now = clock.instant();
    for (Name n = name; n.labels() > 1; n = parent(n)) {
      Cut c = cuts.get(n);
      if (c != null) {
        if (now.isBefore(c.expires())) {
          return c;
        }
        cuts.remove(n, c);
      }
    }
    List<InetSocketAddress> roots = new ArrayList<>();
    for (InetSocketAddress a : hints.addresses()) {
      if (usable(a.getAddress())) {
        roots.add(a);
      }
    }
    return new Cut(Name.root, roots, Instant.MAX);
  }

  private static Name parent(Name n) {
    return n.labels() <= 1 ? Name.root : new Name(n, 1);
  }

  // ---- one step: one question to the servers of one cut ----

  /** What one server's answer was good for. */
  private sealed interface Step {
    /** An answer or a referral further down ({@code referral} not null). */
    record Usable(Message message, @Nullable ReferralData referral) implements Step {}

    record Failed(String why) implements Step {}
  }

  /** A referral: the child zone, its NS names and TTL, the glue within the bailiwick. */
  private record ReferralData(
      Name child, List<Name> ns, Map<Name, List<InetAddress>> glue, long ttl) {}

  /** Asks the servers of {@code cut} in turn until one gives a usable answer. */
  private Step askAny(Cut cut, Question q) {
    List<InetSocketAddress> servers = cut.servers();
    if (servers.isEmpty()) {
      return new Step.Failed("no usable address for any server of " + zoneName(cut.zone()));
    }
    List<String> errors = new ArrayList<>();
    int start = Math.floorMod(rotation.getAndIncrement(), servers.size());
    int tries = Math.min(servers.size(), MAX_SERVERS_PER_STEP);
    for (int i = 0; i < tries; i++) {
      InetSocketAddress server = servers.get((start + i) % servers.size());
      Reply reply = querier.ask(server, q).join();
      switch (reply) {
        case Reply.Silence s -> errors.add(s.why());
        case Reply.Answer a -> {
          String lame = lameness(a.message(), cut.zone(), q.name());
          if (lame == null) {
            return new Step.Usable(a.message(), referral(a.message(), cut.zone(), q.name()));
          }
          errors.add(DnsClient.format(server) + " " + lame);
        }
      }
    }
    return new Step.Failed(
        "no server of "
            + zoneName(cut.zone())
            + " answered "
            + q
            + ": "
            + String.join("; ", errors));
  }

  /** Why an answer from a server of {@code zone} is of no use, or null if it is usable. */
  private static @Nullable String lameness(Message m, Name zone, Name qname) {
    int rcode = m.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return "answered " + Rcode.string(rcode);
    }
    if (m.getHeader().getFlag(Flags.AA) || rcode == Rcode.NXDOMAIN) {
      return null;
    }
    if (referral(m, zone, qname) != null) {
      return null;
    }
    return "is lame for "
        + zoneName(zone)
        + ": neither an authoritative answer nor a referral down";
  }

  /**
   * The referral in {@code m} to a zone between {@code zone} (excluded) and {@code qname}
   * (included), or null; glue is kept only for names within {@code zone}, the bailiwick of the
   * server that sent it.
   */
  private static @Nullable ReferralData referral(Message m, Name zone, Name qname) {
    if (m.getHeader().getFlag(Flags.AA) || !m.getSection(Section.ANSWER).isEmpty()) {
      return null;
    }
    Name child = null;
    List<Name> ns = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r instanceof NSRecord n
          && qname.subdomain(n.getName())
          && n.getName().subdomain(zone)
          && !n.getName().equals(zone)
          && (child == null || child.equals(n.getName()))) {
        child = n.getName();
        ns.add(n.getTarget());
        ttl = Math.min(ttl, n.getTTL());
      }
    }
    if (child == null) {
      return null;
    }
    return new ReferralData(child, ns, glue(m, ns, zone), ttl);
  }

  /** The addresses in {@code m}'s additional section for {@code names}, within {@code zone}. */
  private static Map<Name, List<InetAddress>> glue(Message m, List<Name> names, Name zone) {
    Map<Name, List<InetAddress>> glue = new LinkedHashMap<>();
    for (Record r : m.getSection(Section.ADDITIONAL)) {
      if (!names.contains(r.getName()) || !r.getName().subdomain(zone)) {
        continue;
      }
      if (r instanceof ARecord a) {
        glue.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(a.getAddress());
      } else if (r instanceof AAAARecord a) {
        glue.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(a.getAddress());
      }
    }
    return glue;
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }

  private static String zoneName(Name zone) {
    return zone.equals(Name.root) ? "the root" : zone.toString();
  }

  private static String names(List<Name> names) {
    return String.join(", ", names.stream().map(Name::toString).toList());
  }
}
