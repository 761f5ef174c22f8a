package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Tandem against Knot DNS on the same corner-case zone (wildcards, empty non-terminals, delegations
 * with glue and DS, CNAME and DNAME chains and loops, RRsets too big for 512 bytes, unknown types,
 * mixed case): every name of the zone and names around them, times many types, over UDP with and
 * without EDNS at several payload sizes and over TCP. RCODE, AA, TC, the echoed question, OPT and
 * all sections (as sets) must match, except for the policy differences listed in
 * docs/conformance.md, each recognised here by a rule and counted; the counts must be the reviewed
 * ones, so a rule cannot quietly absorb a new kind of answer.
 */
class KnotDifferentialIT {
  private static final Name ORIGIN = Name.fromConstantString("corner.test.");
  private static final int EDE_PROHIBITED = 18;

  private static final String TRUNCATED_BOTH =
      "truncated either way; more records fit in Tandem's (better compression), each one of"
          + " Knot's full answer over TCP";

  /**
   * The reviewed outcome of {@link #answersEveryNameAndTypeAsKnotDoes} (docs/conformance.md):
   * 36,309 queries, this many identical, and these documented differences.
   */
  private static final int IDENTICAL = 35_847;

  private static final Map<String, Integer> DOCUMENTED = Map.of(TRUNCATED_BOTH, 462);

  /** The reviewed outcome of {@link #handlesProtocolCornersAsKnotDoesOrAsDocumented}. */
  private static final int CORNERS_IDENTICAL = 19;

  private static final Map<String, Integer> CORNERS_DOCUMENTED =
      Map.of(
          "CHAOS identity and version refused unless configured (Knot reveals both)",
          2,
          "FORMERR where Knot drops a malformed question",
          5,
          "NSID only when configured with --nsid (Knot sends its host name)",
          1,
          "UPDATE with no --allow-update rule REFUSED, as BIND answers (Knot: NOTAUTH)",
          1,
          transfer("AXFR", "TCP", "NOTAUTH"),
          2,
          transfer("AXFR", "UDP", "NOTIMP"),
          2,
          transfer("IXFR", "TCP", "NOTAUTH"),
          2,
          transfer("IXFR", "UDP", "NOTAUTH"),
          2);

  @TempDir static Path dir;
  static KnotProcess knot;
  static TandemProcess tandem;
  static DnsClient toKnot;
  static DnsClient toTandem;
  static Path zoneFile;

  @BeforeAll
  static void start() throws Exception {
    zoneFile = dir.resolve("corner.test.zone");
    try (InputStream in =
        Objects.requireNonNull(
            KnotDifferentialIT.class.getResourceAsStream("/zones/corner.test.zone"))) {
      Files.copy(in, zoneFile, StandardCopyOption.REPLACE_EXISTING);
    }
    knot =
        KnotProcess.start(
            dir.resolve("knot"), List.of(new KnotProcess.Zone("corner.test", zoneFile)));
    tandem =
        TandemProcess.serve(
            dir.resolve("tandem"),
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "corner.test=" + zoneFile,
            "--threads",
            "1");
    toKnot = new DnsClient(knot.port());
    toTandem = new DnsClient(tandem.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (toKnot != null) {
      toKnot.close();
      toTandem.close();
    }
    if (tandem != null) {
      tandem.close();
    }
    if (knot != null) {
      knot.close();
    }
  }

  /** How a query is sent. */
  enum Variant {
    UDP_PLAIN(false, -1, false),
    UDP_EDNS_512(false, 512, false),
    UDP_EDNS_700(false, 700, false),
    UDP_EDNS_1232(false, 1232, false),
    UDP_EDNS_4096_DO(false, 4096, true),
    TCP_PLAIN(true, -1, false),
    TCP_EDNS(true, 1232, false);

    final boolean tcp;
    final int payload;
    final boolean dnssecOk;

    Variant(boolean tcp, int payload, boolean dnssecOk) {
      this.tcp = tcp;
      this.payload = payload;
      this.dnssecOk = dnssecOk;
    }

    int limit() {
      return tcp ? 65535 : payload < 0 ? 512 : Math.min(Math.max(payload, 512), 1232);
    }
  }

  private final Map<String, Integer> policy = new TreeMap<>();
  private final List<String> mismatches = new ArrayList<>();
  private int identical;

  @Test
  void answersEveryNameAndTypeAsKnotDoes() throws Exception {
    int[] types = {
      Type.A,
      Type.AAAA,
      Type.NS,
      Type.SOA,
      Type.MX,
      Type.TXT,
      Type.CNAME,
      Type.DNAME,
      Type.DS,
      Type.SRV,
      Type.PTR,
      Type.HINFO,
      Type.CAA,
      Type.SSHFP,
      Type.NAPTR,
      Type.ANY,
      65280,
      1234,
      Type.RRSIG,
      Type.NSEC,
      Type.DNSKEY
    };
    int queries = 0;
    for (String name : names()) {
      for (int type : types) {
        for (Variant v : Variant.values()) {
          compare(name, type, v);
          queries++;
        }
      }
    }
    report(queries, IDENTICAL, DOCUMENTED);
  }

  @Test
  void handlesProtocolCornersAsKnotDoesOrAsDocumented() throws Exception {
    Message soa = query("corner.test.", Type.SOA, Variant.UDP_PLAIN);
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {"opcode NOTIFY", withOpcode(soa, Opcode.NOTIFY), false});
    cases.add(new Object[] {"opcode STATUS", withOpcode(soa, Opcode.STATUS), false});
    cases.add(new Object[] {"opcode 15", withOpcode(soa, 15), false});
    cases.add(
        new Object[] {"class HS", query("corner.test.", Type.SOA, DClass.HS).toWire(), false});
    cases.add(
        new Object[] {"class ANY", query("corner.test.", Type.SOA, DClass.ANY).toWire(), false});
    cases.add(
        new Object[] {"class NONE", query("corner.test.", Type.SOA, DClass.NONE).toWire(), false});
    cases.add(new Object[] {"qtype 0", query("corner.test.", 0, DClass.IN).toWire(), false});
    cases.add(
        new Object[] {"qtype OPT", query("corner.test.", Type.OPT, DClass.IN).toWire(), false});
    cases.add(new Object[] {"EDNS version 1", withEdns(soa, 1, List.of()), false});
    cases.add(
        new Object[] {
          "EDNS unknown option",
          withEdns(soa, 0, List.of(new GenericEDNSOption(65001, new byte[] {1, 2, 3}))),
          false
        });
    cases.add(new Object[] {"EDNS tiny payload", bigTxtWithPayload(100), false});
    cases.add(new Object[] {"RD set", withFlag(soa, 2, 0x01), false});
    cases.add(new Object[] {"AD and CD set", withFlag(soa, 3, 0x30), false});
    cases.add(new Object[] {"trailing garbage", concat(soa.toWire(), new byte[] {0, 1}), false});
    cases.add(new Object[] {"ANCOUNT 1 without a record", withByte(soa.toWire(), 7, 1), false});
    cases.add(
        new Object[] {
          "QDCOUNT 0, header only", withByte(java.util.Arrays.copyOf(soa.toWire(), 12), 5, 0), false
        });
    cases.add(new Object[] {"QR set", withFlag(soa, 2, 0x80), false});
    cases.add(new Object[] {"five bytes", new byte[] {1, 2, 0, 0, 0}, false});
    cases.add(new Object[] {"SOA over TCP", soa.toWire(), true});
    for (Object[] c : cases) {
      compareRaw((String) c[0], (byte[]) c[1], (Boolean) c[2]);
    }
    compareTransfers();
    compareUpdate(withOpcode(soa, Opcode.UPDATE));
    compareChaos();
    compareNsid();
    compareMalformedQuestions();
    report(
        identical + mismatches.size() + policy.values().stream().mapToInt(i -> i).sum(),
        CORNERS_IDENTICAL,
        CORNERS_DOCUMENTED);
  }

  /**
   * AXFR and IXFR with no --allow-transfer rule, over UDP and TCP, with and without EDNS: Tandem
   * answers REFUSED, with EDE 18 (Prohibited, RFC 8914 section 4.19) when the query has EDNS; Knot,
   * which has no transfer ACL for the zone either, answers as recorded in the label.
   */
  private void compareTransfers() throws IOException {
    for (int type : new int[] {Type.AXFR, Type.IXFR}) {
      for (boolean tcp : new boolean[] {false, true}) {
        for (boolean edns : new boolean[] {false, true}) {
          Message m = query("corner.test.", type, DClass.IN);
          if (edns) {
            m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
          }
          byte[] q = m.toWire();
          byte[] k = send(toKnot, q, tcp);
          byte[] t = send(toTandem, q, tcp);
          String label =
              Type.string(type) + (tcp ? " tcp" : " udp") + (edns ? " with EDNS" : " without EDNS");
          if (k == null || t == null) {
            mismatches.add(label + ": no reply from " + (k == null ? "knot" : "tandem"));
            continue;
          }
          ResponseShape ks = ResponseShape.of(k);
          ResponseShape ts = ResponseShape.of(t);
          boolean refused =
              ts.rcode() == Rcode.REFUSED
                  && ts.answer().isEmpty()
                  && (!edns || ede(t) == EDE_PROHIBITED)
                  && ks.answer().isEmpty()
                  && ks.rcode() != Rcode.NOERROR;
          if (refused) {
            count(transfer(Type.string(type), tcp ? "TCP" : "UDP", Rcode.string(ks.rcode())));
          } else {
            mismatches.add(
                label
                    + ": expected REFUSED"
                    + (edns ? " with EDE 18" : "")
                    + " and no records from Tandem, a refusal from Knot; got\n"
                    + ks.diff(ts));
          }
        }
      }
    }
  }

  private static String transfer(String type, String transport, String knotRcode) {
    return type
        + " over "
        + transport
        + " with no --allow-transfer rule: Tandem REFUSED (EDE 18 with EDNS), Knot "
        + knotRcode;
  }

  /** The EDE INFO-CODE of a reply (RFC 8914), or -1 when it has none. */
  private static int ede(byte[] reply) throws IOException {
    OPTRecord opt = new Message(reply).getOPT();
    if (opt == null) {
      return -1;
    }
    return opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
        .map(o -> ((ExtendedErrorCodeOption) o).getErrorCode())
        .findFirst()
        .orElse(-1);
  }

  /** An UPDATE of the zone, which nobody may change here. */
  private void compareUpdate(byte[] update) throws IOException {
    byte[] k = send(toKnot, update, false);
    byte[] t = send(toTandem, update, false);
    ResponseShape ts = ResponseShape.of(Objects.requireNonNull(t));
    if (k != null && ResponseShape.of(k).rcode() == Rcode.NOTAUTH && ts.rcode() == Rcode.REFUSED) {
      count("UPDATE with no --allow-update rule REFUSED, as BIND answers (Knot: NOTAUTH)");
    } else {
      mismatches.add("opcode UPDATE: got " + Rcode.string(ts.rcode()) + ", expected REFUSED");
    }
  }

  /**
   * CHAOS TXT for the server's identity and version: Tandem refuses unless configured (--identity),
   * Knot by default answers with its host name and version.
   */
  private void compareChaos() throws IOException {
    for (String name : new String[] {"version.bind.", "id.server."}) {
      byte[] q = query(name, Type.TXT, DClass.CH).toWire();
      byte[] k = toKnot.udp(q);
      byte[] t = toTandem.udp(q);
      if (k == null || t == null) {
        mismatches.add("CH TXT " + name + ": no reply from " + (k == null ? "knot" : "tandem"));
        continue;
      }
      ResponseShape ks = ResponseShape.of(k);
      ResponseShape ts = ResponseShape.of(t);
      boolean knotReveals =
          ks.rcode() == Rcode.NOERROR
              && ks.answer().size() == 1
              && ks.answer().iterator().next().contains(" TXT ");
      if (ts.rcode() == Rcode.REFUSED && ts.answer().isEmpty() && knotReveals) {
        count("CHAOS identity and version refused unless configured (Knot reveals both)");
      } else {
        mismatches.add(
            "CH TXT "
                + name
                + ": expected REFUSED from Tandem, a TXT from Knot; got\n"
                + ks.diff(ts));
      }
    }
  }

  private void compareNsid() throws IOException {
    byte[] q =
        withEdns(
            query("corner.test.", Type.SOA, Variant.UDP_PLAIN),
            0,
            List.of(new GenericEDNSOption(EDNSOption.Code.NSID, new byte[0])));
    Message t = new Message(Objects.requireNonNull(toTandem.udp(q)));
    Message k = new Message(Objects.requireNonNull(toKnot.udp(q)));
    boolean tandemNsid =
        t.getOPT() != null && !t.getOPT().getOptions(EDNSOption.Code.NSID).isEmpty();
    String others =
        ResponseShape.of(t.toWire())
            .diff(ResponseShape.of(k.toWire()))
            .replaceAll("  OPT .*\n", "");
    if (!tandemNsid && others.isEmpty()) {
      count("NSID only when configured with --nsid (Knot sends its host name)");
    } else {
      mismatches.add("NSID query: " + t);
    }
  }

  /** Malformed questions: Knot drops them silently; Tandem answers FORMERR (RFC 1035 4.1.1). */
  private void compareMalformedQuestions() throws IOException {
    byte[] soa = query("corner.test.", Type.SOA, Variant.UDP_PLAIN).toWire();
    List<byte[]> bad =
        List.of(
            withByte(soa, 5, 2), // QDCOUNT 2
            withByte(soa, 5, 0), // QDCOUNT 0 with a question following
            java.util.Arrays.copyOf(soa, soa.length - 3), // truncated QTYPE
            java.util.Arrays.copyOf(soa, 12), // QDCOUNT 1 but no question
            new byte[] {
              (byte) 0xab, (byte) 0xcd, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1
            }); // QNAME is a pointer to itself
    for (byte[] q : bad) {
      byte[] k = toKnot.udp(q);
      byte[] t = toTandem.udp(q);
      if (t != null
          && ResponseShape.of(t).rcode() == Rcode.FORMERR
          && (k == null || ResponseShape.of(k).rcode() == Rcode.FORMERR)) {
        if (k == null) {
          count("FORMERR where Knot drops a malformed question");
        } else {
          identical++;
        }
      } else {
        mismatches.add(
            "malformed question "
                + java.util.HexFormat.of().formatHex(q)
                + ": tandem "
                + (t == null ? "no reply" : Rcode.string(ResponseShape.of(t).rcode())));
      }
    }
  }

  private void compareRaw(String label, byte[] q, boolean tcp) throws IOException {
    byte[] k = send(toKnot, q, tcp);
    byte[] t = send(toTandem, q, tcp);
    if (k == null && t == null) {
      identical++;
      return;
    }
    if (k == null || t == null) {
      mismatches.add(
          label
              + ": knot "
              + (k == null ? "no reply" : "replied")
              + ", tandem "
              + (t == null ? "no reply" : "replied")
              + " to "
              + java.util.HexFormat.of().formatHex(q));
      return;
    }
    String d = ResponseShape.of(k).diff(ResponseShape.of(t));
    if (d.isEmpty()) {
      identical++;
    } else {
      mismatches.add(label + ":\n" + d);
    }
  }

  private void compare(String name, int type, Variant v) throws IOException {
    byte[] q = query(name, type, v).toWire();
    byte[] k = send(toKnot, q, v.tcp);
    byte[] t = send(toTandem, q, v.tcp);
    String label = name + " " + Type.string(type) + " " + v;
    if (k == null || t == null) {
      mismatches.add(label + ": no reply from " + (k == null ? "knot" : "tandem"));
      return;
    }
    ResponseShape ks = ResponseShape.of(k);
    ResponseShape ts = ResponseShape.of(t);
    String d = ks.diff(ts);
    if (d.isEmpty()) {
      identical++;
      return;
    }
    String why = policy(q, v, ks, ts);
    if (why != null) {
      count(why);
    } else {
      mismatches.add(label + ":\n" + d);
    }
  }

  /**
   * Recognises a documented policy difference (docs/conformance.md), or returns null. Both come
   * from Tandem compressing names against every earlier name in the message where Knot compresses
   * against the last one only, so Tandem's responses are often smaller. Where both truncate, the
   * header, the echoed question and OPT must agree, Tandem's must hold every record of Knot's, and
   * each record Tandem adds must be one that Knot's full answer (over TCP) has in the same section:
   * a record of the zone that belongs there for this query.
   */
  private String policy(byte[] q, Variant v, ResponseShape knotShape, ResponseShape tandemShape)
      throws IOException {
    if (knotShape.tc()
        && tandemShape.tc()
        && knotShape.rcode() == tandemShape.rcode()
        && knotShape.aa() == tandemShape.aa()
        && knotShape.question().equals(tandemShape.question())
        && knotShape.opt().equals(tandemShape.opt())
        && tandemShape.holdsAll(knotShape)) {
      ResponseShape full = ResponseShape.of(Objects.requireNonNull(toKnot.tcp(q)));
      if (full.holdsAll(tandemShape)) {
        return TRUNCATED_BOTH;
      }
    }
    if (knotShape.tc() && !tandemShape.tc() && !v.tcp) {
      ResponseShape full = ResponseShape.of(Objects.requireNonNull(toKnot.tcp(q)));
      if (full.withoutTc().diff(tandemShape.withoutTc()).replaceAll("  OPT .*\n", "").isEmpty()
          && knotShape.opt().equals(tandemShape.opt())
          && tandemShape.size() <= v.limit()) {
        return "fits where Knot truncates (better compression), same records as Knot over TCP";
      }
    }
    return null;
  }

  private void count(String why) {
    policy.merge(why, 1, Integer::sum);
  }

  /**
   * Prints the outcome and fails on any mismatch, and when the documented differences are not
   * exactly the reviewed ones: a count that moves, up or down, is a change in behaviour to look at
   * (and to record in docs/conformance.md if it is right).
   */
  private void report(int queries, int reviewedIdentical, Map<String, Integer> reviewed) {
    int allowed = policy.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "Knot differential: %d queries, %d identical, %d documented policy differences, %d"
                + " mismatches%n",
            queries, identical, allowed, mismatches.size()));
    policy.forEach((k, n) -> sb.append(String.format("  %6d  %s%n", n, k)));
    System.out.print(sb);
    assertThat(mismatches).as(sb.toString()).isEmpty();
    assertThat(policy)
        .as("documented differences against the reviewed counts (docs/conformance.md)\n%s", sb)
        .containsExactlyInAnyOrderEntriesOf(reviewed);
    assertThat(identical).as("identical answers\n%s", sb).isEqualTo(reviewedIdentical);
  }

  private static byte[] send(DnsClient c, byte[] q, boolean tcp) throws IOException {
    return tcp ? c.tcp(q) : c.udp(q);
  }

  /** Names of the zone, names just below and beside them, and hand-picked corners. */
  private static Set<String> names() throws IOException {
    Set<String> owners = new LinkedHashSet<>();
    try (Master m = new Master(zoneFile.toString(), ORIGIN)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        owners.add(r.getName().toString());
      }
    }
    Set<String> names = new LinkedHashSet<>(owners);
    Random random = new Random(1034);
    for (String o : owners) {
      names.add("nx-" + random.nextInt(1000) + "." + o);
      names.add(mixCase(o, random));
    }
    names.addAll(
        List.of(
            "nx.corner.test.",
            "x.sub.corner.test.",
            "a.b.sub.corner.test.",
            "foo.wild.corner.test.",
            "a.b.wild.corner.test.",
            "x.ent.wild.corner.test.",
            "ent.wild.corner.test.",
            "b.c.ent.corner.test.",
            "c.ent.corner.test.",
            "ent.corner.test.",
            "y.ent.corner.test.",
            "z.cname-wild.corner.test.",
            "z.ext-wild.corner.test.",
            "z.loop-wild.corner.test.",
            "q.deep.corner.test.",
            "host.dn.corner.test.",
            "x.y.dn.corner.test.",
            "nothing.dn.corner.test.",
            "host.dnchain.corner.test.",
            "a.dnext.corner.test.",
            "x.nodssub.corner.test.",
            "ns1.many.corner.test.",
            "x.many.corner.test.",
            "x.sib.corner.test.",
            "x.ext-deleg.corner.test.",
            "test.",
            "example.com.",
            ".",
            "corner.test.example.com.",
            "WwW.CoRnEr.TeSt.",
            "HOST.DN.CORNER.TEST."));
    return names;
  }

  private static String mixCase(String name, Random random) {
    StringBuilder sb = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      sb.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return sb.toString();
  }

  private static Message query(String name, int type, Variant v) throws IOException {
    Message m = query(name, type, DClass.IN);
    if (v.payload > 0) {
      m.addRecord(new OPTRecord(v.payload, 0, 0, v.dnssecOk ? Flags.DO : 0), 3);
    }
    return m;
  }

  private static Message query(String name, int type, int dclass) throws IOException {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, dclass));
    m.getHeader().unsetFlag(Flags.RD);
    return m;
  }

  private static byte[] withOpcode(Message m, int opcode) {
    byte[] w = m.toWire();
    w[2] = (byte) ((w[2] & 0x87) | (opcode << 3));
    return w;
  }

  private static byte[] withEdns(Message m, int version, List<EDNSOption> options) {
    Message c = m.clone();
    c.addRecord(new OPTRecord(1232, 0, version, 0, options), 3);
    return c.toWire();
  }

  private static byte[] bigTxtWithPayload(int payload) throws IOException {
    Message m = query("big.corner.test.", Type.TXT, DClass.IN);
    m.addRecord(new OPTRecord(payload, 0, 0), 3);
    return m.toWire();
  }

  private static byte[] withFlag(Message m, int index, int bits) {
    byte[] w = m.toWire();
    w[index] |= (byte) bits;
    return w;
  }

  private static byte[] withByte(byte[] wire, int index, int value) {
    byte[] w = wire.clone();
    w[index] = (byte) value;
    return w;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
