package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.engine.SignedZoneFixture.Denial;
import dev.tandem.dns.engine.SignedZoneFixture.Signed;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNSSEC answers (RFC 4035 section 3, RFC 5155 section 7.2) from zones signed in-process by {@link
 * SignedZoneFixture}, each checked by {@link DnssecValidator}: signatures verify, and every
 * negative, wildcard and referral answer carries the NSEC or NSEC3 records it needs. The zone is
 * the same for NSEC, NSEC3 (no salt, 0 iterations), NSEC3 with salt and 5 iterations, and NSEC3
 * opt-out.
 */
class DnssecAnswerTest {
  private static final String DS_RDATA = "12345 13 2 " + "0123456789ABCDEF".repeat(4);

  /**
   * www has RRsets of different TTLs; alias/alias2 a CNAME chain; dangling a CNAME into NXDOMAIN;
   * tow a CNAME to a wildcard expansion; *.w and *.cw wildcards (w and cw empty non-terminals); ent
   * an empty non-terminal; secure a secure delegation, insecure and x.deep insecure ones (deep an
   * empty non-terminal above only an insecure delegation); big an RRset that fits 512 bytes only
   * without its signature.
   */
  static String unsigned() {
    StringBuilder z =
        new StringBuilder(
            """
            $ORIGIN example.
            $TTL 3600
            @            SOA   ns1 hostmaster 1 7200 3600 1209600 300
            @            NS    ns1
            @            MX    10 mail
            ns1          A     192.0.2.53
            www     300  A     192.0.2.1
            www          TXT   "hello"
            mail    600  A     192.0.2.25
            mail         AAAA  2001:db8::25
            alias        CNAME alias2
            alias2       CNAME www
            dangling     CNAME nothere
            tow          CNAME x.w
            *.w          A     192.0.2.80
            *.cw    900  CNAME www
            host.ent     A     192.0.2.9
            secure       NS    ns.secure
            secure       DS    %s
            ns.secure    A     192.0.2.110
            insecure     NS    ns.insecure
            ns.insecure  A     192.0.2.100
            x.deep       NS    ns1
            *.xw         CNAME gone
            \\000        TXT   "zero"
            a\\255b       A     192.0.2.7
            UPPER        A     192.0.2.8
            _443._tcp    TXT   "tls"
            tosecure     CNAME www.secure
            *.c2         CNAME x.w
            toinsecure   CNAME ns.insecure
            """
                .formatted(DS_RDATA));
    for (int i = 1; i <= 25; i++) {
      z.append("big A 192.0.2.").append(i).append('\n');
    }
    return z.toString();
  }

  private static final Map<Denial, Signed> ZONES = new EnumMap<>(Denial.class);
  private static final Map<Denial, InProcessResponder> SERVERS = new EnumMap<>(Denial.class);

  static {
    for (Denial d : Denial.values()) {
      Signed s = SignedZoneFixture.sign("example.", unsigned(), d);
      ZONES.put(d, s);
      SERVERS.put(d, InProcessResponder.serving("example.", s.text()));
    }
  }

  private static InProcessResponder server(Denial d) {
    return Objects.requireNonNull(SERVERS.get(d));
  }

  private static Signed zone(Denial d) {
    return Objects.requireNonNull(ZONES.get(d));
  }

  enum Kind {
    POSITIVE,
    NXDOMAIN,
    NODATA,
    REFERRAL,
    /** A CNAME in the zone, then a referral: AA set (RFC 1034 section 4.3.2: the first step). */
    ALIAS_REFERRAL
  }

  record Case(String qname, int qtype, Kind kind) {
    @Override
    public String toString() {
      return qname + " " + Type.string(qtype) + " (" + kind + ")";
    }
  }

  static List<Case> questions() {
    return List.of(
        new Case("example.", Type.SOA, Kind.POSITIVE),
        new Case("example.", Type.NS, Kind.POSITIVE),
        new Case("example.", Type.DNSKEY, Kind.POSITIVE),
        new Case("example.", Type.MX, Kind.POSITIVE),
        new Case("www.example.", Type.A, Kind.POSITIVE),
        new Case("WwW.Example.", Type.TXT, Kind.POSITIVE),
        new Case("alias.example.", Type.A, Kind.POSITIVE),
        new Case("alias.example.", Type.CNAME, Kind.POSITIVE),
        new Case("tow.example.", Type.A, Kind.POSITIVE),
        new Case("host.ent.example.", Type.A, Kind.POSITIVE),
        new Case("*.w.example.", Type.A, Kind.POSITIVE),
        new Case("\\000.example.", Type.TXT, Kind.POSITIVE),
        new Case("A\\255B.example.", Type.A, Kind.POSITIVE),
        new Case("upper.example.", Type.A, Kind.POSITIVE),
        new Case("www.example.", Type.ANY, Kind.POSITIVE),
        new Case("www.example.", Type.RRSIG, Kind.POSITIVE),
        new Case("alias.example.", Type.RRSIG, Kind.POSITIVE),
        new Case("tosecure.example.", Type.A, Kind.ALIAS_REFERRAL),
        new Case("toinsecure.example.", Type.A, Kind.ALIAS_REFERRAL),
        // NXDOMAIN, with closest enclosers at the apex, an ENT and a name with data.
        new Case("nope.example.", Type.A, Kind.NXDOMAIN),
        new Case("a.b.nope.example.", Type.A, Kind.NXDOMAIN),
        new Case("0.example.", Type.A, Kind.NXDOMAIN),
        new Case("zzzz.example.", Type.A, Kind.NXDOMAIN),
        new Case("x.ent.example.", Type.A, Kind.NXDOMAIN),
        new Case("x.www.example.", Type.A, Kind.NXDOMAIN),
        new Case("NoPe.ExAmPlE.", Type.A, Kind.NXDOMAIN),
        new Case("dangling.example.", Type.A, Kind.NXDOMAIN),
        new Case("z.deep.example.", Type.A, Kind.NXDOMAIN),
        new Case("x.xw.example.", Type.A, Kind.NXDOMAIN),
        new Case("\\001.example.", Type.A, Kind.NXDOMAIN),
        new Case("a\\255a.example.", Type.A, Kind.NXDOMAIN),
        new Case("a\\255b.\\000.example.", Type.A, Kind.NXDOMAIN),
        // NODATA: at names with data, at empty non-terminals.
        new Case("www.example.", Type.MX, Kind.NODATA),
        new Case("www.example.", Type.DS, Kind.NODATA),
        new Case("example.", Type.AAAA, Kind.NODATA),
        new Case("ent.example.", Type.A, Kind.NODATA),
        new Case("w.example.", Type.TXT, Kind.NODATA),
        new Case("deep.example.", Type.A, Kind.NODATA),
        new Case("*.w.example.", Type.TXT, Kind.NODATA),
        new Case("example.", Type.DS, Kind.NODATA),
        new Case("_tcp.example.", Type.TXT, Kind.NODATA),
        new Case("alias.example.", Type.NSEC3, Kind.NODATA),
        // Wildcards: answers (one and two labels synthesized), CNAME, NODATA.
        new Case("x.w.example.", Type.A, Kind.POSITIVE),
        new Case("a.b.w.example.", Type.A, Kind.POSITIVE),
        new Case("q.cw.example.", Type.A, Kind.POSITIVE),
        new Case("q.cw.example.", Type.CNAME, Kind.POSITIVE),
        new Case("q.c2.example.", Type.A, Kind.POSITIVE),
        new Case("alias.example.", Type.MX, Kind.NODATA),
        new Case("q.cw.example.", Type.MX, Kind.NODATA),
        new Case("q.c2.example.", Type.TXT, Kind.NODATA),
        new Case("x.w.example.", Type.TXT, Kind.NODATA),
        new Case("a.b.w.example.", Type.MX, Kind.NODATA),
        // Delegations.
        new Case("secure.example.", Type.A, Kind.REFERRAL),
        new Case("www.secure.example.", Type.A, Kind.REFERRAL),
        new Case("insecure.example.", Type.A, Kind.REFERRAL),
        new Case("ns.insecure.example.", Type.A, Kind.REFERRAL),
        new Case("x.deep.example.", Type.A, Kind.REFERRAL),
        new Case("y.x.deep.example.", Type.MX, Kind.REFERRAL),
        new Case("a.insecure.example.", Type.DS, Kind.REFERRAL),
        new Case("secure.example.", Type.DS, Kind.POSITIVE),
        new Case("insecure.example.", Type.DS, Kind.NODATA),
        new Case("x.deep.example.", Type.DS, Kind.NODATA));
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Denial d : Denial.values()) {
      for (Case c : questions()) {
        out.add(Arguments.of(d, c));
      }
    }
    return out.stream();
  }

  private static Message askDo(Denial d, String qname, int qtype, int payload) {
    return server(d).ask(withEdns(query(qname, qtype), payload, ExtendedFlags.DO), Transport.UDP);
  }

  private static Message askDo(Denial d, String qname, int qtype) {
    return askDo(d, qname, qtype, 4096);
  }

  private static List<String> validate(Denial d, Message m, String qname, int qtype) {
    return DnssecValidator.validate(zone(d), m, SignedZoneFixture.name(qname), qtype);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void answersWithDoValidate(Denial d, Case c) {
    Message m = askDo(d, c.qname(), c.qtype());

    int rcode = c.kind() == Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR;
    assertThat(m.getRcode()).as("rcode\n%s", m).isEqualTo(rcode);
    assertThat(m.getHeader().getFlag(Flags.TC)).as("TC\n%s", m).isFalse();
    assertThat(m.getHeader().getFlag(Flags.AA))
        .as("AA\n%s", m)
        .isEqualTo(c.kind() != Kind.REFERRAL);
    OPTRecord opt = m.getOPT();
    assertThat(opt).as("OPT").isNotNull();
    assertThat(opt.getFlags() & ExtendedFlags.DO).as("DO echoed").isEqualTo(ExtendedFlags.DO);
    Map<String, RRset> authority = DnssecValidator.rrsets(m, Section.AUTHORITY);
    switch (c.kind()) {
      case POSITIVE -> assertThat(m.getSection(Section.ANSWER)).as("answer\n%s", m).isNotEmpty();
      case NXDOMAIN, NODATA ->
          assertThat(authority.keySet()).as("authority\n%s", m).contains("example. SOA");
      case REFERRAL, ALIAS_REFERRAL ->
          assertThat(authority.values())
              .as("authority\n%s", m)
              .anyMatch(s -> s.getType() == Type.NS && !s.getName().toString().equals("example."));
    }
    if (c.kind() == Kind.NXDOMAIN || c.kind() == Kind.NODATA) {
      assertThat(m.getSection(Section.AUTHORITY))
          .as("a proof in the authority section\n%s", m)
          .anyMatch(r -> r.getType() == Type.NSEC || r.getType() == Type.NSEC3);
    }

    assertThat(validate(d, m, c.qname(), c.qtype())).as("problems in\n%s", m).isEmpty();
  }

  /** RFC 4035 section 3.1.1, RFC 2181 section 5.2: each RRSIG has the TTL of the RRset it signs. */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void signaturesHaveTheTtlOfTheirRrset(Denial d) {
    Message a = askDo(d, "www.example.", Type.A);
    Message txt = askDo(d, "www.example.", Type.TXT);

    assertThat(signatureTtls(a, Section.ANSWER)).containsExactly(300L);
    assertThat(signatureTtls(txt, Section.ANSWER)).containsExactly(3600L);
    assertThat(a.getSection(Section.ANSWER))
        .filteredOn(r -> r instanceof RRSIGRecord)
        .allMatch(r -> ((RRSIGRecord) r).getTypeCovered() == Type.A);
  }

  private static List<Long> signatureTtls(Message m, int section) {
    return m.getSection(section).stream()
        .filter(r -> r.getType() == Type.RRSIG)
        .map(Record::getTTL)
        .toList();
  }

  /** RFC 4035 section 3.1.1: additional data from the zone goes with its RRSIGs. */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void additionalAddressesCarryTheirSignatures(Denial d) {
    Message m = askDo(d, "example.", Type.MX);

    Map<String, RRset> additional = DnssecValidator.rrsets(m, Section.ADDITIONAL);
    assertThat(additional.keySet())
        .as("additional\n%s", m)
        .contains("mail.example. A", "mail.example. AAAA");
    assertThat(DnssecValidator.signatures(m, Section.ADDITIONAL).keySet())
        .as("additional RRSIGs\n%s", m)
        .contains("mail.example. A", "mail.example. AAAA");
    assertThat(validate(d, m, "example.", Type.MX)).isEmpty();
  }

  /** RFC 4035 section 3.1.4: a referral to a signed child carries its DS and the DS's RRSIG. */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void secureReferralCarriesSignedDs(Denial d) {
    Message m = askDo(d, "www.secure.example.", Type.A);

    assertThat(DnssecValidator.rrsets(m, Section.AUTHORITY).keySet())
        .as("authority\n%s", m)
        .contains("secure.example. NS", "secure.example. DS");
    assertThat(DnssecValidator.signatures(m, Section.AUTHORITY).keySet())
        .as("authority RRSIGs\n%s", m)
        .containsExactly("secure.example. DS");
    // Glue is not signed.
    assertThat(DnssecValidator.signatures(m, Section.ADDITIONAL)).as("glue\n%s", m).isEmpty();
  }

  /** RRSIG labels (RFC 4034 section 3.1.3): fewer than the owner's for a wildcard expansion. */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void wildcardExpansionIsSignedAsTheWildcard(Denial d) {
    Message m = askDo(d, "a.b.w.example.", Type.A);

    assertThat(m.getSection(Section.ANSWER))
        .filteredOn(r -> r instanceof RRSIGRecord)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getName()).isEqualTo(SignedZoneFixture.name("a.b.w.example."));
              assertThat(((RRSIGRecord) r).getLabels()).isEqualTo(2);
            });
  }

  /** RFC 4035 section 3.1.1 and 3.2.1: without DO, no DNSSEC records unless asked for by type. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void withoutDoNoDnssecRecords(Denial d, Case c) {
    Message m = server(d).ask(withEdns(query(c.qname(), c.qtype()), 4096, 0), Transport.UDP);
    Message plain = server(d).ask(c.qname(), c.qtype());

    for (Message r : List.of(m, plain)) {
      for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
        for (Record rec : r.getSection(section)) {
          int t = rec.getType();
          boolean dnssec =
              t == Type.RRSIG || t == Type.NSEC || t == Type.NSEC3 || t == Type.NSEC3PARAM;
          boolean asked = section == Section.ANSWER && t == c.qtype();
          assertThat(dnssec && !asked)
              .as("%s in %s\n%s", rec, Section.string(section), r)
              .isFalse();
          if (section == Section.AUTHORITY) {
            assertThat(t).as("DS in a referral without DO\n%s", r).isNotEqualTo(Type.DS);
          }
        }
      }
      int rcode = c.kind() == Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR;
      assertThat(r.getRcode()).isEqualTo(rcode);
    }
  }

  /** Queries for DNSSEC types without DO get them, as the answer. */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void dnssecTypesAskedForWithoutDo(Denial d) {
    Message dnskey = server(d).ask("example.", Type.DNSKEY);
    Message rrsig = server(d).ask("www.example.", Type.RRSIG);
    Message chain = server(d).ask("example.", d.nsec3() ? Type.NSEC3PARAM : Type.NSEC);

    assertThat(DnssecValidator.rrsets(dnskey, Section.ANSWER).keySet())
        .containsExactly("example. DNSKEY");
    // As Knot: the RRSIGs of the first RRset at the name (A, covered type 1).
    assertThat(rrsig.getSection(Section.ANSWER))
        .isNotEmpty()
        .allMatch(r -> r instanceof RRSIGRecord s && s.getTypeCovered() == Type.A);
    assertThat(chain.getSection(Section.ANSWER)).hasSize(1);
  }

  /** RFC 5155 section 7.2.9 as Knot reads it: NSEC3 owner names are not names in the zone. */
  @ParameterizedTest
  @EnumSource(
      value = Denial.class,
      names = {"NSEC3", "NSEC3_SALTED", "NSEC3_OPTOUT"})
  void nsec3OwnerNamesDoNotExist(Denial d) {
    Signed zone = zone(d);
    String qname =
        Objects.requireNonNull(zone.nsec3Owners().get(SignedZoneFixture.name("www.example.")))
            .toString();

    for (int qtype : new int[] {Type.A, Type.NSEC3, Type.RRSIG}) {
      Message withDo = askDo(d, qname, qtype);
      Message withoutDo = server(d).ask(qname, qtype);

      assertThat(withDo.getRcode())
          .as("%s\n%s", Type.string(qtype), withDo)
          .isEqualTo(Rcode.NXDOMAIN);
      assertThat(withoutDo.getRcode())
          .as("%s\n%s", Type.string(qtype), withoutDo)
          .isEqualTo(Rcode.NXDOMAIN);
      assertThat(validate(d, withDo, qname, qtype)).as("problems in\n%s", withDo).isEmpty();
    }
  }

  /** Many NXDOMAIN names, so the NSEC3 hashes fall all over the chain, including past its end. */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void manyNameErrorsValidate(Denial d) {
    for (int i = 0; i < 200; i++) {
      String qname = "nx" + i + ".example.";
      String deeper = "a.nx" + i + ".w.example.";
      Message m = askDo(d, qname, Type.A);
      Message w = askDo(d, deeper, Type.TXT);

      assertThat(m.getRcode()).as("%s\n%s", qname, m).isEqualTo(Rcode.NXDOMAIN);
      assertThat(validate(d, m, qname, Type.A)).as("problems in\n%s", m).isEmpty();
      assertThat(w.getRcode()).as("%s\n%s", deeper, w).isEqualTo(Rcode.NOERROR);
      assertThat(validate(d, w, deeper, Type.TXT)).as("problems in\n%s", w).isEmpty();
    }
  }

  /** RFC 4035 section 3.1.1: TC when the RRSIGs of an answer do not fit. */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void signedAnswerThatDoesNotFitIsTruncated(Denial d) {
    Message unsigned =
        server(d).ask(withEdns(query("big.example.", Type.A), 512, 0), Transport.UDP);
    Message signed = askDo(d, "big.example.", Type.A, 512);

    assertThat(unsigned.getHeader().getFlag(Flags.TC)).as("without DO\n%s", unsigned).isFalse();
    assertThat(unsigned.getSection(Section.ANSWER)).hasSize(25);
    assertThat(signed.getHeader().getFlag(Flags.TC)).as("with DO\n%s", signed).isTrue();
    assertThat(signed.toWire().length).isLessThanOrEqualTo(512);
  }

  /** RFC 4035 section 3.1.3: a proof cannot be left out; TC when it does not fit. */
  @ParameterizedTest
  @EnumSource(
      value = Denial.class,
      names = {"NSEC3", "NSEC3_SALTED", "NSEC3_OPTOUT"})
  void nameErrorProofThatDoesNotFitIsTruncated(Denial d) {
    Message unsigned =
        server(d).ask(withEdns(query("a.b.nope.example.", Type.A), 512, 0), Transport.UDP);
    Message signed = askDo(d, "a.b.nope.example.", Type.A, 512);
    Message roomy = askDo(d, "a.b.nope.example.", Type.A, 4096);

    assertThat(unsigned.getHeader().getFlag(Flags.TC)).as("without DO\n%s", unsigned).isFalse();
    assertThat(roomy.toWire().length).as("the full answer is over 512 bytes").isGreaterThan(512);
    assertThat(signed.getHeader().getFlag(Flags.TC)).as("with DO\n%s", signed).isTrue();
  }

  /**
   * Random names around the zone's (below names with data, wildcards, empty non-terminals and
   * delegations, with odd bytes and both cases): whatever the answer, it validates.
   */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void randomNamesValidate(Denial d) {
    Random random = new Random(5155L * d.name().hashCode());
    Signed zone = zone(d);
    List<Name> bases = new ArrayList<>(zone.authoritative());
    bases.addAll(zone.emptyNonTerminals());
    int[] qtypes = {Type.A, Type.TXT, Type.MX, Type.DS, Type.AAAA, Type.NS, Type.SOA, Type.CNAME};
    for (int i = 0; i < 400; i++) {
      Name base = bases.get(random.nextInt(bases.size()));
      Name qname = i % 4 == 0 ? base : ZoneText.randomName(random, base);
      int qtype = qtypes[random.nextInt(qtypes.length)];
      Message m =
          server(d).ask(withEdns(queryFor(qname, qtype), 4096, ExtendedFlags.DO), Transport.UDP);

      assertThat(m.getHeader().getFlag(Flags.TC)).as("TC\n%s", m).isFalse();
      assertThat(m.getRcode()).as("rcode\n%s", m).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
      assertThat(DnssecValidator.validate(zone, m, qname, qtype))
          .as("problems in\n%s", m)
          .isEmpty();
    }
  }

  private static Message queryFor(Name qname, int qtype) {
    return Message.newQuery(Record.newRecord(qname, qtype, DClass.IN));
  }

  /**
   * The zone changed incrementally (IXFR): names, an empty non-terminal, a wildcard and a
   * delegation added and removed, the chain re-signed. The new version, an overlay on the old,
   * still proves everything: the proofs are looked up across both.
   */
  @ParameterizedTest
  @EnumSource(Denial.class)
  void answersFromAnIncrementallyChangedZoneValidate(Denial d) throws Exception {
    String v2Text =
        unsigned()
                .replace("hostmaster 1 7200", "hostmaster 2 7200")
                .replace("host.ent     A     192.0.2.9\n", "")
                .replace("*.cw    900  CNAME www\n", "")
                .replace(
                    "ns1          A     192.0.2.53\n", "ns1 A 192.0.2.53\nns1 AAAA 2001:db8::53\n")
            + """
            new1         A     192.0.2.201
            a.b.newent   A     192.0.2.202
            *.new1       TXT   "new wildcard"
            del2         NS    ns1
            sdel         NS    ns1
            sdel         DS    %s
            """
                .formatted(DS_RDATA);
    Signed v1 = zone(d);
    Signed v2 = SignedZoneFixture.sign("example.", v2Text, d);
    ZoneSnapshot old = ZoneText.zone("example.", v1.text());
    ZoneSnapshot loaded = ZoneText.zone("example.", v2.text());
    ZoneDiff between = ZoneDiff.between(old, loaded); // the apex SOA aside
    List<Record> removed = new ArrayList<>(List.of(soa(old)));
    removed.addAll(between.removed());
    List<Record> added = new ArrayList<>(List.of(soa(loaded)));
    added.addAll(between.added());
    ZoneDiff diff = new ZoneDiff(removed, added);
    assertThat(diff.added().size() + diff.removed().size())
        .as("a change, not a new zone")
        .isLessThan(loaded.recordCount());
    InProcessResponder server = new InProcessResponder(ResponderConfig.defaults(), old.apply(diff));

    List<Case> questions = new ArrayList<>(questions());
    questions.add(new Case("new1.example.", Type.A, Kind.POSITIVE));
    questions.add(new Case("new1.example.", Type.MX, Kind.NODATA));
    questions.add(new Case("x.new1.example.", Type.TXT, Kind.POSITIVE));
    questions.add(new Case("x.new1.example.", Type.A, Kind.NODATA));
    questions.add(new Case("newent.example.", Type.A, Kind.NODATA));
    questions.add(new Case("b.newent.example.", Type.A, Kind.NODATA));
    questions.add(new Case("x.b.newent.example.", Type.A, Kind.NXDOMAIN));
    questions.add(new Case("ent.example.", Type.A, Kind.NXDOMAIN));
    questions.add(new Case("host.ent.example.", Type.A, Kind.NXDOMAIN));
    questions.add(new Case("q.cw.example.", Type.A, Kind.NXDOMAIN));
    questions.add(new Case("www.del2.example.", Type.A, Kind.REFERRAL));
    questions.add(new Case("del2.example.", Type.DS, Kind.NODATA));
    questions.add(new Case("www.sdel.example.", Type.A, Kind.REFERRAL));
    questions.add(new Case("ns1.example.", Type.AAAA, Kind.POSITIVE));
    for (Case c : questions) {
      Name qname = SignedZoneFixture.name(c.qname());
      Message m =
          server.ask(withEdns(queryFor(qname, c.qtype()), 4096, ExtendedFlags.DO), Transport.UDP);
      Message expected =
          InProcessResponder.serving("example.", v2.text())
              .ask(withEdns(queryFor(qname, c.qtype()), 4096, ExtendedFlags.DO), Transport.UDP);

      assertThat(DnssecValidator.validate(v2, m, qname, c.qtype()))
          .as("%s: problems in\n%s", c, m)
          .isEmpty();
      assertThat(m.getRcode()).as("%s rcode\n%s", c, m).isEqualTo(expected.getRcode());
    }
  }

  /** NSEC3 owner names in upper case in the zone file (as some signers write them). */
  @ParameterizedTest
  @EnumSource(
      value = Denial.class,
      names = {"NSEC3", "NSEC3_SALTED", "NSEC3_OPTOUT"})
  void upperCaseNsec3OwnersStillProve(Denial d) {
    Signed zone = zone(d);
    String text = zone.text();
    for (Name owner : zone.nsec3Owners().values()) {
      String label = owner.getLabelString(0);
      text = text.replace(label + ".example.", label.toUpperCase(Locale.ROOT) + ".example.");
    }
    InProcessResponder server = InProcessResponder.serving("example.", text);

    for (Case c : questions()) {
      Name qname = SignedZoneFixture.name(c.qname());
      Message m =
          server.ask(withEdns(queryFor(qname, c.qtype()), 4096, ExtendedFlags.DO), Transport.UDP);

      assertThat(DnssecValidator.validate(zone, m, qname, c.qtype()))
          .as("%s: problems in\n%s", c, m)
          .isEmpty();
    }
  }

  private static Record soa(ZoneSnapshot z) {
    List<Record> soa = new ArrayList<>();
    z.forEachRecord(
        r -> {
          if (r.getType() == Type.SOA) {
            soa.add(r);
          }
        });
    return soa.get(0);
  }

  /**
   * A second zone: a wildcard at the apex (so hardly any name is NXDOMAIN, and the NSEC3 owner
   * names are synthesized from it), a wildcard with a name below it (RFC 4592 section 2.2.1's
   * sub.*.example), and a wildcard that is an empty non-terminal (*.e2, with only a.*.e2 below it):
   * names it matches have no data (RFC 4592 section 3.3.1), which must be proven as for any empty
   * non-terminal.
   */
  static String apexWildcardZone() {
    return """
        $ORIGIN example.
        $TTL 3600
        @            SOA   ns1 hostmaster 1 7200 3600 1209600 300
        @            NS    ns1
        ns1          A     192.0.2.53
        *            A     192.0.2.99
        *            TXT   "any"
        sub.*        TXT   "not a wildcard"
        www          A     192.0.2.1
        a.*.e2       A     192.0.2.2
        del          NS    ns1
        sdel         NS    ns1
        sdel         DS    %s
        """
        .formatted(DS_RDATA);
  }

  static Stream<Arguments> apexWildcardCases() {
    List<Case> cases =
        List.of(
            new Case("nope.example.", Type.A, Kind.POSITIVE),
            new Case("a.b.nope.example.", Type.TXT, Kind.POSITIVE),
            new Case("nope.example.", Type.MX, Kind.NODATA),
            new Case("*.example.", Type.MX, Kind.NODATA),
            new Case("sub.*.example.", Type.TXT, Kind.POSITIVE),
            new Case("sub.*.example.", Type.A, Kind.NODATA),
            new Case("x.sub.*.example.", Type.A, Kind.NXDOMAIN),
            new Case("foo.*.example.", Type.A, Kind.NXDOMAIN),
            new Case("x.www.example.", Type.A, Kind.NXDOMAIN),
            // The wildcard *.e2 is an empty non-terminal: with NSEC, the NSEC that covers it (next
            // name a.*.e2, below it) proves it exists without data; the NSEC at a.*.e2 alone only
            // proves that x.e2 does not exist.
            new Case("x.e2.example.", Type.A, Kind.NODATA),
            new Case("x.y.e2.example.", Type.TXT, Kind.NODATA),
            new Case("*.e2.example.", Type.A, Kind.NODATA),
            new Case("e2.example.", Type.A, Kind.NODATA),
            new Case("a.*.e2.example.", Type.A, Kind.POSITIVE),
            new Case("b.*.e2.example.", Type.A, Kind.NXDOMAIN),
            new Case("x.del.example.", Type.A, Kind.REFERRAL),
            new Case("x.sdel.example.", Type.A, Kind.REFERRAL),
            new Case("del.example.", Type.DS, Kind.NODATA));
    List<Arguments> out = new ArrayList<>();
    for (Denial d : Denial.values()) {
      for (Case c : cases) {
        out.add(Arguments.of(d, c));
      }
    }
    return out.stream();
  }

  private static final Map<Denial, Signed> APEX_WILDCARD = new EnumMap<>(Denial.class);

  private static synchronized Signed apexWildcard(Denial d) {
    return APEX_WILDCARD.computeIfAbsent(
        d, k -> SignedZoneFixture.sign("example.", apexWildcardZone(), k));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("apexWildcardCases")
  void apexWildcardZoneAnswersValidate(Denial d, Case c) {
    Signed zone = apexWildcard(d);
    InProcessResponder server = InProcessResponder.serving("example.", zone.text());
    Name qname = SignedZoneFixture.name(c.qname());

    Message m =
        server.ask(withEdns(queryFor(qname, c.qtype()), 4096, ExtendedFlags.DO), Transport.UDP);

    int rcode = c.kind() == Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR;
    assertThat(m.getRcode()).as("rcode\n%s", m).isEqualTo(rcode);
    assertThat(DnssecValidator.validate(zone, m, qname, c.qtype()))
        .as("problems in\n%s", m)
        .isEmpty();
  }

  /** With a wildcard at the apex, an NSEC3 owner name is answered from it, and proven so. */
  @ParameterizedTest
  @EnumSource(
      value = Denial.class,
      names = {"NSEC3", "NSEC3_SALTED", "NSEC3_OPTOUT"})
  void apexWildcardCoversNsec3OwnerNames(Denial d) {
    Signed zone = apexWildcard(d);
    InProcessResponder server = InProcessResponder.serving("example.", zone.text());
    for (Name owner : zone.nsec3Owners().values()) {
      Message m =
          server.ask(withEdns(queryFor(owner, Type.A), 4096, ExtendedFlags.DO), Transport.UDP);

      assertThat(m.getRcode()).as("rcode\n%s", m).isEqualTo(Rcode.NOERROR);
      assertThat(DnssecValidator.validate(zone, m, owner, Type.A))
          .as("problems in\n%s", m)
          .isEmpty();
    }
  }
}
