package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Hostile input never crashes the responder, never gets a malformed or oversized response, and
 * never damages the per-thread session: the BIND 9 fuzzing seeds and hundreds of thousands of
 * deterministic mutations, over UDP and TCP, each judged by {@link Referee} against the wire rules
 * ({@link QueryModel}) and followed by a valid query on the same session. Then the malformations
 * that matter most, one test each.
 */
class HostileMessagesTest {
  private static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

  private static final Name ORIGIN = Name.fromConstantString("corner.test.");
  private static final int A = Type.A;

  private static ServedZones zones;
  private static Responder responder;
  private static List<Referee.FollowUp> followUps;

  private Referee referee;
  private String campaign = "";

  @BeforeAll
  static void serveTheCornerZone() throws URISyntaxException {
    Path file =
        Path.of(
            Objects.requireNonNull(HostileMessagesTest.class.getResource("/zones/corner.test.zone"))
                .toURI());
    ZoneSnapshot zone = Objects.requireNonNull(ZoneLoader.load(ORIGIN, file).zone());
    zones = ServedZones.of(List.of(zone));
    responder =
        new Responder(
            () -> zones, new ResponderConfig(1232, "hostile-nsid", "tandem-test", "0.0-test"));
    followUps = followUps(responder);
  }

  /** Valid queries, one after each hostile message, and what a fresh session answers. */
  private static List<Referee.FollowUp> followUps(Responder r) {
    return List.of(
        Referee.followUp(r, "www A", HostileMessages.query(0x1001, "www.corner.test.", A, 0)),
        Referee.followUp(
            r,
            "big TXT, truncated",
            HostileMessages.query(0x1002, "big.corner.test.", Type.TXT, 0)),
        Referee.followUp(
            r, "sub A, a referral", HostileMessages.query(0x1003, "x.sub.corner.test.", A, 1232)),
        Referee.followUp(
            r, "c1 A, a CNAME chain", HostileMessages.query(0x1004, "c1.corner.test.", A, 4096)),
        Referee.followUp(
            r, "host.dn A, a DNAME", HostileMessages.query(0x1005, "host.dn.corner.test.", A, 0)),
        Referee.followUp(
            r,
            "nothere A, NXDOMAIN",
            HostileMessages.query(0x1006, "nothere.corner.test.", A, 1232)));
  }

  @BeforeEach
  void newReferee(TestInfo test) {
    referee = new Referee(responder, ORIGIN, followUps);
    campaign = test.getDisplayName();
  }

  @AfterEach
  void report() {
    if (referee.judgedAny()) {
      System.out.println(campaign + ": " + referee.summary());
    }
  }

  private void assertNoProblems() {
    assertThat(referee.problems()).as(referee.summary()).isEmpty();
  }

  @Test
  void theFollowUpQueriesGetRealAnswers() throws IOException {
    Message www = new Message(followUps.get(0).udp());
    assertThat(www.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(www.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(www.getSection(Section.ANSWER))
        .extracting(Record::rdataToString)
        .containsExactly("192.0.2.80");
    assertThat(www.getSection(Section.ANSWER).get(0)).isInstanceOf(ARecord.class);
    assertThat(new Message(followUps.get(1).udp()).getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(new Message(followUps.get(5).udp()).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void everyBind9SeedIsAnsweredOrDroppedAsTheRulesSay() {
    for (byte[] seed : HostileMessages.messageSeeds()) {
      referee.judge("seed", seed);
      referee.judge("seed as a query", HostileMessages.asQuery(seed));
    }
    assertNoProblems();
  }

  @Test
  void seedsTruncatedAtEveryLengthAreJudgedByTheWireRules() {
    SplittableRandom r = new SplittableRandom(1);
    for (byte[] seed : HostileMessages.messageSeeds()) {
      HostileMessages.truncations(
          "truncated seed", HostileMessages.asQuery(seed), r, 512, referee::judge);
    }
    for (int i = 0; i < 200; i++) {
      HostileMessages.truncations(
          "truncated query", HostileMessages.randomQuery(r), r, 0, referee::judge);
    }
    assertNoProblems();
  }

  @Test
  void byteFlipsInSeedsAndQueriesAreJudgedByTheWireRules() {
    SplittableRandom r = new SplittableRandom(2);
    List<byte[]> seeds = HostileMessages.messageSeeds();
    for (int i = 0; i < 60_000; i++) {
      byte[] base =
          i % 2 == 0
              ? HostileMessages.asQuery(seeds.get(r.nextInt(seeds.size())))
              : HostileMessages.randomQuery(r);
      referee.judge("flipped", HostileMessages.flipped(base, r));
    }
    assertNoProblems();
  }

  @Test
  void randomBytesAreJudgedByTheWireRules() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 40_000; i++) {
      referee.judge("noise", HostileMessages.noise(r));
    }
    assertNoProblems();
  }

  @Test
  void wellFormedQueriesGetTheSameAnswerWithOrWithoutRecordsAfterTheQuestion() {
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 40_000; i++) {
      referee.judge("random query", HostileMessages.randomQuery(r));
    }
    assertNoProblems();
  }

  @Test
  void sectionCountsThatLieAreJudgedByTheWireRules() {
    SplittableRandom r = new SplittableRandom(5);
    List<byte[]> bases = new ArrayList<>();
    for (byte[] seed : HostileMessages.messageSeeds()) {
      bases.add(HostileMessages.asQuery(seed));
    }
    for (int i = 0; i < 300; i++) {
      bases.add(HostileMessages.randomQuery(r));
    }
    int[] counts = {0, 1, 2, 3, 0x7fff, 0x8000, 0xfffe, 0xffff};
    for (byte[] base : bases) {
      if (base.length < 12) {
        continue;
      }
      for (int section = 0; section < 4; section++) {
        for (int count : counts) {
          referee.judge("count", HostileMessages.withCount(base, section, count));
        }
        referee.judge("count", HostileMessages.withCount(base, section, r.nextInt(65536)));
      }
    }
    assertNoProblems();
  }

  @Test
  void compressionPointersAnywhereAreJudgedByTheWireRules() {
    for (byte[] m : PointerAttacks.all()) {
      referee.judge("pointer", m);
      HostileMessages.truncations(
          "truncated pointer", m, new SplittableRandom(6), 0, referee::judge);
    }
    SplittableRandom r = new SplittableRandom(6);
    for (int i = 0; i < 30_000; i++) {
      referee.judge(
          "random pointer", PointerAttacks.randomPointer(HostileMessages.randomQuery(r), r));
    }
    assertNoProblems();
  }

  @Test
  void namesFromTheBind9NameSeedsAsQuestionAndOwnerNames() {
    for (byte[] name : HostileMessages.nameSeeds()) {
      for (byte[] m : PointerAttacks.placed(name)) {
        referee.judge("bind9 name", m);
        HostileMessages.truncations(
            "truncated bind9 name", m, new SplittableRandom(7), 0, referee::judge);
      }
    }
    assertNoProblems();
  }

  @Test
  void labelsAndNamesAtAndOverTheLengthLimitsAreJudgedByTheWireRules() {
    for (byte[] m : PointerAttacks.longNames()) {
      referee.judge("long name", m);
    }
    assertNoProblems();
  }

  @Test
  void optAndTsigInAndOutOfPlaceAreJudgedByTheWireRules() {
    SplittableRandom r = new SplittableRandom(8);
    for (byte[] m : MisplacedRecords.all()) {
      referee.judge("misplaced", m);
      HostileMessages.truncations("truncated misplaced", m, r, 0, referee::judge);
      for (int i = 0; i < 200; i++) {
        referee.judge("flipped misplaced", HostileMessages.flipped(m, r));
      }
    }
    assertNoProblems();
  }

  @Test
  void aLongNsidNeverCostsTheOptRecord() {
    // RFC 5001 allows an NSID of up to 512 bytes (so does the --nsid option); with a long question
    // it no longer fits in a 512-byte UDP response, and the OPT record must not go with it.
    Responder longNsid =
        new Responder(
            () -> zones, new ResponderConfig(1232, "n".repeat(512), "tandem-test", "0.0-test"));
    referee = new Referee(longNsid, ORIGIN, followUps(longNsid));
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < 20_000; i++) {
      referee.judge("random query, long NSID", HostileMessages.randomQuery(r));
    }
    assertNoProblems();
  }

  @Test
  void aLongNsidIsLeftOutRatherThanTheOptRecord() throws IOException {
    Responder longNsid =
        new Responder(() -> zones, new ResponderConfig(1232, "n".repeat(512), null, null));
    byte[] query =
        WireBuilder.query(1, 1, 0, 0, 1)
            .bytes(WWW_QUESTION)
            .opt(512, 0, false, WireBuilder.option(3, new byte[0]))
            .toBytes();
    Responder.Session s = longNsid.newSession();

    Message udp =
        new Message(
            Arrays.copyOf(
                s.response(), longNsid.respond(s, query, query.length, Transport.UDP, LOOPBACK)));
    assertThat(udp.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(udp.getSection(Section.ANSWER)).hasSize(1);
    assertThat(udp.getOPT()).isNotNull();
    assertThat(udp.getOPT().getOptions(3)).isEmpty();

    Message tcp =
        new Message(
            Arrays.copyOf(
                s.response(), longNsid.respond(s, query, query.length, Transport.TCP, LOOPBACK)));
    assertThat(tcp.getOPT()).isNotNull();
    assertThat(tcp.getOPT().getOptions(3)).hasSize(1);
  }

  // The behaviours that matter most, one by one.

  private static final byte[] WWW_QUESTION =
      new WireBuilder().question("www.corner.test.", A, 1).toBytes();

  private static int rcode(byte[] query) throws IOException {
    Responder.Session s = responder.newSession();
    int n = responder.respond(s, query, query.length, Transport.UDP, LOOPBACK);
    assertThat(n).as("a response").isPositive();
    return new Message(Arrays.copyOf(s.response(), n)).getRcode();
  }

  private static int length(byte[] query) {
    return responder.respond(responder.newSession(), query, query.length, Transport.UDP, LOOPBACK);
  }

  @Test
  void aWellFormedQueryIsAnswered() throws IOException {
    assertThat(rcode(WireBuilder.query(1, 1, 0, 0, 0).bytes(WWW_QUESTION).toBytes()))
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aQnameThatIsACompressionPointerIsFormerr() throws IOException {
    byte[] pointerToItself = WireBuilder.query(1, 1, 0, 0, 0).pointer(12).u16(A).u16(1).toBytes();
    byte[] labelThenPointer =
        WireBuilder.query(1, 1, 0, 0, 0).u8(1).u8('a').pointer(12).u16(A).u16(1).toBytes();
    assertThat(rcode(pointerToItself)).isEqualTo(Rcode.FORMERR);
    assertThat(rcode(labelThenPointer)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void twoQuestionsAreFormerr() throws IOException {
    byte[] two = WireBuilder.query(1, 2, 0, 0, 0).bytes(WWW_QUESTION).bytes(WWW_QUESTION).toBytes();
    assertThat(rcode(two)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aQueryWithoutAQuestionIsFormerr() throws IOException {
    assertThat(rcode(WireBuilder.query(1, 0, 0, 0, 0).toBytes())).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void responsesAreDropped() {
    byte[] response = WireBuilder.header(1, 0x8400, 1, 0, 0, 0).bytes(WWW_QUESTION).toBytes();
    assertThat(length(response)).isZero();
  }

  @Test
  void messagesShorterThanAHeaderAreDropped() {
    byte[] query = WireBuilder.query(1, 1, 0, 0, 0).bytes(WWW_QUESTION).toBytes();
    for (int n = 0; n < 12; n++) {
      assertThat(length(Arrays.copyOf(query, n))).as("%d bytes", n).isZero();
    }
  }

  @Test
  void anAnswerCountOf65535IsFormerr() throws IOException {
    byte[] query = WireBuilder.query(1, 1, 0xffff, 0, 0).bytes(WWW_QUESTION).toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aLabelLongerThan63BytesIsFormerr() throws IOException {
    byte[] label = new byte[65];
    label[0] = 64;
    Arrays.fill(label, 1, label.length, (byte) 'a');
    byte[] query =
        WireBuilder.query(1, 1, 0, 0, 0).bytes(label).name("corner.test.").u16(A).u16(1).toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aNameLongerThan255BytesIsFormerrAndOneOf255IsAnswered() throws IOException {
    // 121 one-letter labels and corner.test. (13 bytes) make 255 bytes; one more label makes 257.
    WireBuilder longest = WireBuilder.query(1, 1, 0, 0, 0);
    WireBuilder tooLong = WireBuilder.query(1, 1, 0, 0, 0).u8(1).u8('x');
    for (int i = 0; i < 121; i++) {
      longest.u8(1).u8('x');
      tooLong.u8(1).u8('x');
    }
    longest.name("corner.test.").u16(A).u16(1);
    tooLong.name("corner.test.").u16(A).u16(1);
    assertThat(rcode(longest.toBytes())).isEqualTo(Rcode.NXDOMAIN);
    assertThat(rcode(tooLong.toBytes())).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void trailingBytesAreFormerr() throws IOException {
    byte[] query = WireBuilder.query(1, 1, 0, 0, 0).bytes(WWW_QUESTION).u8(0).toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void twoOptRecordsAreFormerr() throws IOException {
    byte[] query =
        WireBuilder.query(1, 1, 0, 0, 2)
            .bytes(WWW_QUESTION)
            .opt(1232, 0, false, new byte[0])
            .opt(1232, 0, false, new byte[0])
            .toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void optInTheAnswerSectionIsFormerr() throws IOException {
    byte[] query =
        WireBuilder.query(1, 1, 1, 0, 0)
            .bytes(WWW_QUESTION)
            .opt(1232, 0, false, new byte[0])
            .toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void ednsOptionsOverrunningTheOptRecordAreFormerr() throws IOException {
    byte[] overrun = new WireBuilder().u16(3).u16(8).u16(0).toBytes(); // NSID claiming 8 bytes
    byte[] query =
        WireBuilder.query(1, 1, 0, 0, 1).bytes(WWW_QUESTION).opt(1232, 0, false, overrun).toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void tsigBeforeTheLastRecordIsFormerr() throws IOException {
    byte[] query =
        WireBuilder.query(1, 1, 0, 0, 2)
            .bytes(WWW_QUESTION)
            .tsig("key.")
            .opt(1232, 0, false, new byte[0])
            .toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aCompressionLoopInAnOwnerNameIsFormerr() throws IOException {
    WireBuilder b = WireBuilder.query(1, 1, 1, 0, 0).bytes(WWW_QUESTION);
    int at = b.position();
    byte[] query = b.u8(1).u8('a').pointer(at).rr(A, 1, 0, new byte[4]).toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aForwardCompressionPointerIsFormerr() throws IOException {
    WireBuilder b = WireBuilder.query(1, 1, 1, 0, 0).bytes(WWW_QUESTION);
    int at = b.position();
    byte[] query = b.pointer(at + 2).name("a.").rr(A, 1, 0, new byte[4]).toBytes();
    assertThat(rcode(query)).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void theFormerrResponseEchoesAQuestionThatCouldBeRead() throws IOException {
    byte[] query = WireBuilder.query(7, 1, 0, 0, 0).bytes(WWW_QUESTION).u8(0).toBytes();
    Responder.Session s = responder.newSession();
    int n = responder.respond(s, query, query.length, Transport.UDP, LOOPBACK);
    Message m = new Message(Arrays.copyOf(s.response(), n));
    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(m.getHeader().getID()).isEqualTo(7);
    assertThat(m.getQuestion().getName()).isEqualTo(Name.fromConstantString("www.corner.test."));
  }
}
