package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.Content;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.monitor.check.ServerObservation;
import dev.tandem.control.monitor.check.ServerObservation.Reach;
import dev.tandem.control.monitor.lookup.Querier;
import dev.tandem.control.monitor.lookup.Question;
import dev.tandem.control.monitor.lookup.Reply;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * One round's questions to one server, in order: the SOA over UDP with the EDNS EXPIRE option (and
 * the DO bit for a signed zone), which also says whether it answers, authoritatively, and at which
 * serial; TCP when UDP gets no answer, and otherwise every few rounds; then, of an authoritative
 * server, the apex NS RRset, the DNSKEY RRset with its signatures (signed zones), and the contents
 * (see {@link ContentCheck}) when it serves our serial. Every question costs one paced query; a
 * server that does not answer costs its timeouts and nothing more.
 */
final class Probe {
  private final Querier querier;
  private final ContentCheck content;
  private final MonitorOptions options;

  Probe(Querier querier, ContentCheck content, MonitorOptions options) {
    this.querier = querier;
    this.content = content;
    this.options = options;
  }

  /**
   * What this round asks of one server.
   *
   * @param full whether this is a full round (see {@link MonitorOptions#fullEvery})
   * @param lastSerial the serial the server gave last round, or -1: when it changed, the details
   *     (NS, DNSKEY, contents) are asked again even in a light round
   * @param ours what we serve, or null
   * @param serving whether we answer from {@code ours} (not expired): then, in a light round, our
   *     own server is not asked over the network, its answers are known
   * @param withKeys whether to ask for DNSKEYs (a signed zone, or a DS at the parent)
   * @param transfer whether to compare the whole zone by AXFR, if the details are asked
   * @param tsig the key to sign an AXFR to this server with, or null
   */
  record Plan(
      Name zone,
      boolean full,
      long lastSerial,
      @Nullable OurVersion ours,
      boolean serving,
      boolean withKeys,
      boolean transfer,
      int sampleFrom,
      @Nullable TSIG tsig) {}

  /**
   * One server's observation, and what of it was asked this round (the rest is carried from the
   * last round that asked it: see {@link Carry}).
   */
  record Result(ServerObservation observation, boolean askedTcp, boolean askedDetails) {}

  Result observe(Server server, Plan plan) {
    OurVersion ours = plan.ours();
    if (!plan.full() && server.own() && ours != null && plan.serving()) {
      return new Result(ourOwn(server, plan, ours), false, true);
    }
    InetSocketAddress at = server.address();
    Question soa = Question.of(plan.zone(), Type.SOA).withExpire();
    if (plan.withKeys()) {
      soa = soa.withSignatures();
    }
    Reply udp = ask(at, soa);
    Reply.Answer a = udp.answer();
    if (a == null) {
      Reply tcp = ask(at, soa.overTcp());
      Reply.Answer t = tcp.answer();
      Reach udpReach = Reach.failed(((Reply.Silence) udp).why());
      if (t == null) {
        return new Result(
            ServerObservation.silent(server, udpReach, Reach.failed(((Reply.Silence) tcp).why())),
            true,
            true);
      }
      return new Result(soaOnly(server, plan, udpReach, Reach.OK, t), true, true);
    }
    ServerObservation first = soaOnly(server, plan, Reach.OK, null, a);
    boolean tcpRound = a.tcp() || plan.full();
    if (first.rcode() != Rcode.NOERROR || !first.authoritative() || first.serial() < 0) {
      return new Result(
          tcpRound ? withTcp(first, a.tcp() ? a : ask(at, soa.overTcp())) : first, tcpRound, true);
    }
    boolean details = plan.full() || plan.lastSerial() != first.serial();
    // The rest at once: one server's questions leave together and come back together.
    CompletableFuture<Reply> tcp =
        tcpRound && !a.tcp()
            ? querier.ask(at, soa.overTcp())
            : CompletableFuture.completedFuture(a);
    CompletableFuture<Reply> ns =
        details ? querier.ask(at, Question.of(plan.zone(), Type.NS)) : null;
    CompletableFuture<Reply> keys =
        details && plan.withKeys()
            ? querier.ask(at, Question.of(plan.zone(), Type.DNSKEY).withSignatures())
            : null;
    Content c = compare(server, plan, first.serial(), details);
    List<DNSKEYRecord> dnskeys = null;
    ServerObservation.Signature sig = first.earliestSignature();
    Reply.Answer ka = keys == null ? null : keys.join().answer();
    if (ka != null && ka.rcode() == Rcode.NOERROR) {
      dnskeys = new ArrayList<>();
      for (Record r : ka.message().getSection(Section.ANSWER)) {
        if (r instanceof DNSKEYRecord d && d.getName().equals(plan.zone())) {
          dnskeys.add(d);
        }
      }
      sig = earliest(sig, ka.message());
    }
    Reach tcpReach = null;
    if (tcpRound) {
      tcpReach = tcp.join() instanceof Reply.Silence s ? Reach.failed(s.why()) : Reach.OK;
    }
    ServerObservation o =
        new ServerObservation(
            server,
            first.udp(),
            tcpReach,
            first.latencyMicros(),
            first.rcode(),
            first.authoritative(),
            first.serial(),
            first.expire(),
            ns == null ? null : nsSet(ns.join(), plan.zone()),
            dnskeys,
            sig,
            c);
    return new Result(o, tcpRound, details);
  }

  /** Our own server in a light round: what it answers is what we publish. */
  private static ServerObservation ourOwn(Server server, Plan plan, OurVersion ours) {
    return new ServerObservation(
        server,
        Reach.OK,
        null,
        -1,
        Rcode.NOERROR,
        true,
        ours.serial(),
        -1,
        ours.ns(),
        plan.withKeys() ? ours.dnskeys() : null,
        ours.earliestSignature(),
        null);
  }

  private static ServerObservation withTcp(ServerObservation o, Reply tcp) {
    Reach r = tcp instanceof Reply.Silence s ? Reach.failed(s.why()) : Reach.OK;
    return new ServerObservation(
        o.server(),
        o.udp(),
        r,
        o.latencyMicros(),
        o.rcode(),
        o.authoritative(),
        o.serial(),
        o.expire(),
        o.nsSet(),
        o.dnskeys(),
        o.earliestSignature(),
        o.content());
  }

  private Reply ask(InetSocketAddress at, Question q) {
    return querier.ask(at, q).join();
  }

  /** What the SOA answer alone says. */
  private static ServerObservation soaOnly(
      Server server, Plan plan, Reach udp, @Nullable Reach tcp, Reply.Answer a) {
    Message m = a.message();
    long serial = -1;
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord s && s.getName().equals(plan.zone())) {
        serial = s.getSerial();
      }
    }
    return new ServerObservation(
        server,
        udp,
        tcp,
        a.tcp() ? -1 : a.micros(),
        a.rcode(),
        m.getHeader().getFlag(Flags.AA),
        serial,
        a.expire(),
        null,
        null,
        earliest(null, m),
        null);
  }

  private static @Nullable List<Name> nsSet(Reply reply, Name zone) {
    Reply.Answer a = reply.answer();
    if (a == null || a.rcode() != Rcode.NOERROR || !a.message().getHeader().getFlag(Flags.AA)) {
      return null;
    }
    List<Name> ns = new ArrayList<>();
    for (Record r : a.message().getSection(Section.ANSWER)) {
      if (r instanceof NSRecord n && n.getName().equals(zone)) {
        ns.add(n.getTarget());
      }
    }
    return ns;
  }

  /** The signature in {@code m} that expires first, or {@code sofar} if it expires sooner. */
  private static ServerObservation.@Nullable Signature earliest(
      ServerObservation.@Nullable Signature sofar, Message m) {
    ServerObservation.Signature best = sofar;
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof RRSIGRecord s && (best == null || s.getExpire().isBefore(best.expires()))) {
        best =
            new ServerObservation.Signature(
                s.getName() + " " + Type.string(s.getTypeCovered()), s.getExpire());
      }
    }
    return best;
  }

  /**
   * The contents compared, when the server serves our serial: the whole zone by AXFR when the
   * details are asked and the plan says so, else a sample.
   */
  private @Nullable Content compare(Server server, Plan plan, long serial, boolean details) {
    OurVersion ours = plan.ours();
    if (ours == null || ours.serial() != serial || server.own()) {
      return null;
    }
    String note = null;
    if (details && plan.transfer()) {
      switch (content.axfr(plan.zone(), server.address(), plan.tsig(), ours)) {
        case ContentCheck.Whole.Compared c -> {
          return c.content();
        }
        case ContentCheck.Whole.Refused r -> note = "no AXFR for us: " + r.why();
      }
    }
    return content.sample(server.address(), ours, plan.sampleFrom(), options.sample(), note);
  }
}
