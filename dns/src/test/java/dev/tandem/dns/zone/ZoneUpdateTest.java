package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static dev.tandem.dns.zone.ZoneText.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneUpdate.Policy;
import dev.tandem.dns.zone.ZoneUpdate.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The server side of RFC 2136 dynamic UPDATE: prerequisites (section 3.2), the prescan of the
 * update section (3.4.1), the signer's rights, and the change the update section makes (3.4.2), as
 * a diff that the zone then applies.
 */
class ZoneUpdateTest {
  private static final Name ORIGIN = name("example.com.");

  private static ZoneSnapshot zone() {
    return ZoneText.zone(
        "example.com.",
        """
        $ORIGIN example.com.
        $TTL 300
        @          SOA   ns1 hostmaster 10 7200 3600 1209600 300
        @          NS    ns1
        @          NS    ns2
        @          MX    10 mail
        @          TXT   "v=spf1 -all"
        ns1        A     192.0.2.53
        ns2        A     192.0.2.54
        www        A     192.0.2.1
        www        A     192.0.2.2
        www        TXT   "web"
        alias      CNAME www
        mail       A     192.0.2.25
        x.deep     A     192.0.2.99
        """);
  }

  private static Update update() {
    return new Update(ORIGIN);
  }

  private static Result run(Update u) {
    return ZoneUpdate.apply(zone(), u, Policy.ANY);
  }

  /** Runs an update expected to succeed, applies its diff, and returns the new zone. */
  private static ZoneSnapshot applied(ZoneSnapshot zone, Message u) {
    Result result = ZoneUpdate.apply(zone, u, Policy.ANY);
    assertThat(result.rcode()).as(result.reason()).isEqualTo(Rcode.NOERROR);
    try {
      return zone.apply(Objects.requireNonNull(result.diff()));
    } catch (ZoneDiffException e) {
      throw new AssertionError("the diff does not apply: " + result.diff(), e);
    }
  }

  private static List<String> removed(Result result) {
    return Objects.requireNonNull(result.diff()).removed().stream().map(ZoneText::text).toList();
  }

  private static List<String> added(Result result) {
    return Objects.requireNonNull(result.diff()).added().stream().map(ZoneText::text).toList();
  }

  private static List<String> at(ZoneSnapshot zone, String owner) {
    return zone.recordsAt(name(owner)).stream().map(ZoneText::text).toList();
  }

  private static void assertNoChange(Result result) {
    assertThat(result.rcode()).as(result.reason()).isEqualTo(Rcode.NOERROR);
    assertThat(result.reason()).isEmpty();
    assertThat(removed(result)).isEmpty();
    assertThat(added(result)).isEmpty();
  }

  private static void assertFails(Result result, int rcode) {
    assertThat(Rcode.string(result.rcode())).as(result.reason()).isEqualTo(Rcode.string(rcode));
    assertThat(result.diff()).isNull();
    assertThat(result.reason()).isNotBlank();
  }

  private interface UpdateStep {
    void accept(Update u) throws IOException;
  }

  private static Update update(UpdateStep step) {
    Update u = update();
    try {
      step.accept(u);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return u;
  }

  // ---- Prerequisites ----

  static Stream<Arguments> prerequisites() {
    Name www = name("www.example.com.");
    Name nothere = name("nothere.example.com.");
    Name deep = name("deep.example.com."); // an empty non-terminal: a node, but no records
    return Stream.of(
        Arguments.of("name in use", (UpdateStep) u -> u.present(www), Rcode.NOERROR),
        Arguments.of(
            "name in use, other case",
            (UpdateStep) u -> u.present(name("WWW.Example.COM.")),
            Rcode.NOERROR),
        Arguments.of(
            "name in use: no such name", (UpdateStep) u -> u.present(nothere), Rcode.NXDOMAIN),
        Arguments.of(
            "name in use: an empty non-terminal",
            (UpdateStep) u -> u.present(deep),
            Rcode.NXDOMAIN),
        Arguments.of("RRset exists", (UpdateStep) u -> u.present(www, Type.A), Rcode.NOERROR),
        Arguments.of(
            "RRset exists: no AAAA", (UpdateStep) u -> u.present(www, Type.AAAA), Rcode.NXRRSET),
        Arguments.of(
            "RRset exists: no such name",
            (UpdateStep) u -> u.present(nothere, Type.A),
            Rcode.NXRRSET),
        Arguments.of("name not in use", (UpdateStep) u -> u.absent(nothere), Rcode.NOERROR),
        Arguments.of(
            "name not in use: an empty non-terminal",
            (UpdateStep) u -> u.absent(deep),
            Rcode.NOERROR),
        Arguments.of("name not in use: www", (UpdateStep) u -> u.absent(www), Rcode.YXDOMAIN),
        Arguments.of(
            "RRset does not exist", (UpdateStep) u -> u.absent(www, Type.AAAA), Rcode.NOERROR),
        Arguments.of(
            "RRset does not exist: A", (UpdateStep) u -> u.absent(www, Type.A), Rcode.YXRRSET),
        Arguments.of(
            "RRset exists with values",
            (UpdateStep)
                u -> {
                  u.present(www, Type.A, "192.0.2.2");
                  u.present(www, Type.A, "192.0.2.1");
                },
            Rcode.NOERROR),
        Arguments.of(
            "RRset exists with values, one given twice",
            (UpdateStep)
                u -> {
                  u.present(www, Type.A, "192.0.2.1");
                  u.present(www, Type.A, "192.0.2.2");
                  u.present(www, Type.A, "192.0.2.1");
                },
            Rcode.NOERROR),
        Arguments.of(
            "RRset exists with values: one missing",
            (UpdateStep) u -> u.present(www, Type.A, "192.0.2.1"),
            Rcode.NXRRSET),
        Arguments.of(
            "RRset exists with values: one too many",
            (UpdateStep)
                u -> {
                  u.present(www, Type.A, "192.0.2.1");
                  u.present(www, Type.A, "192.0.2.2");
                  u.present(www, Type.A, "192.0.2.3");
                },
            Rcode.NXRRSET),
        Arguments.of(
            "RRset exists with values: no such RRset",
            (UpdateStep) u -> u.present(www, Type.AAAA, "2001:db8::1"),
            Rcode.NXRRSET),
        Arguments.of(
            "RRset exists with values: names in rdata compare without case",
            (UpdateStep) u -> u.present(name("alias.example.com."), Type.CNAME, "WWW.EXAMPLE.com."),
            Rcode.NOERROR),
        Arguments.of(
            "all forms together",
            (UpdateStep)
                u -> {
                  u.present(www);
                  u.present(www, Type.TXT);
                  u.absent(nothere);
                  u.absent(www, Type.MX);
                  u.present(www, Type.TXT, "web");
                },
            Rcode.NOERROR),
        Arguments.of(
            "all forms but one failing",
            (UpdateStep)
                u -> {
                  u.present(www);
                  u.present(www, Type.TXT);
                  u.absent(nothere);
                  u.absent(www, Type.MX);
                  u.present(www, Type.TXT, "not web");
                },
            Rcode.NXRRSET));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prerequisites")
  void checksPrerequisitesBeforeUpdating(String description, UpdateStep prerequisites, int rcode) {
    Update u = update(prerequisites);
    u.add(record("new.example.com. 300 A 192.0.2.9"));

    Result result = run(u);

    if (rcode == Rcode.NOERROR) {
      assertThat(result.rcode()).as(result.reason()).isEqualTo(Rcode.NOERROR);
      assertThat(added(result)).containsExactly("new.example.com. 300 A 192.0.2.9");
    } else {
      assertFails(result, rcode);
    }
  }

  @Test
  void namesTheNameAndTypeOfAFailedPrerequisite() throws IOException {
    Update u = update();
    u.present(name("www.example.com."), Type.AAAA);
    Result result = run(u);
    assertThat(result.reason())
        .isEqualTo("prerequisite failed: www.example.com. has no AAAA records");

    u = update();
    u.present(name("www.example.com."), Type.A, "192.0.2.1");
    assertThat(run(u).reason()).contains("A records at www.example.com.");

    u = update();
    u.absent(name("mail.example.com."));
    assertThat(run(u).reason()).isEqualTo("prerequisite failed: mail.example.com. has records");
  }

  static Stream<Arguments> malformedPrerequisites() {
    Name www = name("www.example.com.");
    return Stream.of(
        Arguments.of("TTL not 0", Record.newRecord(www, Type.A, DClass.ANY, 300), Rcode.FORMERR),
        Arguments.of(
            "class IN, TTL not 0", record("www.example.com. 300 A 192.0.2.1"), Rcode.FORMERR),
        Arguments.of(
            "class ANY with rdata",
            Record.newRecord(www, Type.A, DClass.ANY, 0, new byte[] {(byte) 192, 0, 2, 1}),
            Rcode.FORMERR),
        Arguments.of(
            "class NONE with rdata",
            Record.newRecord(www, Type.A, DClass.NONE, 0, new byte[] {(byte) 192, 0, 2, 1}),
            Rcode.FORMERR),
        Arguments.of("class CH", Record.newRecord(www, Type.A, DClass.CH, 0), Rcode.FORMERR),
        Arguments.of(
            "outside the zone",
            Record.newRecord(name("www.example.net."), Type.A, DClass.ANY, 0),
            Rcode.NOTZONE),
        Arguments.of(
            "the parent of the zone",
            Record.newRecord(name("com."), Type.ANY, DClass.ANY, 0),
            Rcode.NOTZONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedPrerequisites")
  void rejectsMalformedPrerequisites(String description, Record prerequisite, int rcode) {
    Update u = update();
    u.addRecord(prerequisite, Section.PREREQ);
    u.add(record("new.example.com. 300 A 192.0.2.9"));

    assertFails(run(u), rcode);
  }

  @Test
  void checksPrerequisitesAgainstTheZoneBeforeTheUpdate() {
    Update u = update();
    u.absent(name("new.example.com."));
    u.add(record("new.example.com. 300 A 192.0.2.9"));
    u.absent(name("new.example.com.")); // still true: the update section has not been applied

    assertThat(added(run(u))).containsExactly("new.example.com. 300 A 192.0.2.9");
  }

  // ---- Prescan ----

  static Stream<Arguments> malformedUpdates() {
    Name www = name("www.example.com.");
    return Stream.of(
        Arguments.of(
            "add outside the zone", record("www.example.net. 300 A 192.0.2.1"), Rcode.NOTZONE),
        Arguments.of(
            "delete outside the zone",
            Record.newRecord(name("example.net."), Type.ANY, DClass.ANY, 0),
            Rcode.NOTZONE),
        Arguments.of(
            "add type ANY", Record.newRecord(www, Type.ANY, DClass.IN, 300), Rcode.FORMERR),
        Arguments.of(
            "add type AXFR", Record.newRecord(www, Type.AXFR, DClass.IN, 300), Rcode.FORMERR),
        Arguments.of(
            "add type IXFR", Record.newRecord(www, Type.IXFR, DClass.IN, 300), Rcode.FORMERR),
        Arguments.of(
            "add type MAILA", Record.newRecord(www, Type.MAILA, DClass.IN, 300), Rcode.FORMERR),
        Arguments.of(
            "add type MAILB", Record.newRecord(www, Type.MAILB, DClass.IN, 300), Rcode.FORMERR),
        Arguments.of(
            "add type OPT", Record.newRecord(www, Type.OPT, DClass.IN, 300), Rcode.FORMERR),
        Arguments.of(
            "add type TSIG", Record.newRecord(www, Type.TSIG, DClass.IN, 300), Rcode.FORMERR),
        Arguments.of(
            "add an A record without rdata",
            Record.newRecord(www, Type.A, DClass.IN, 300),
            Rcode.FORMERR),
        Arguments.of(
            "delete an RRset with TTL not 0",
            Record.newRecord(www, Type.A, DClass.ANY, 300),
            Rcode.FORMERR),
        Arguments.of(
            "delete an RRset with rdata",
            Record.newRecord(www, Type.A, DClass.ANY, 0, new byte[] {(byte) 192, 0, 2, 1}),
            Rcode.FORMERR),
        Arguments.of(
            "delete a meta RRset", Record.newRecord(www, Type.AXFR, DClass.ANY, 0), Rcode.FORMERR),
        Arguments.of(
            "delete an RR with TTL not 0",
            Record.newRecord(www, Type.A, DClass.NONE, 300, new byte[] {(byte) 192, 0, 2, 1}),
            Rcode.FORMERR),
        Arguments.of(
            "delete an RR of type ANY",
            Record.newRecord(www, Type.ANY, DClass.NONE, 0),
            Rcode.FORMERR),
        Arguments.of(
            "class CH",
            Record.newRecord(www, Type.A, DClass.CH, 300, new byte[] {(byte) 192, 0, 2, 1}),
            Rcode.FORMERR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedUpdates")
  void rejectsMalformedUpdatesWhole(String description, Record bad, int rcode) {
    Update u = update();
    u.add(record("new.example.com. 300 A 192.0.2.9")); // fine, but not applied
    u.addRecord(bad, Section.UPDATE);

    assertFails(run(u), rcode);
  }

  @Test
  void needsExactlyOneRecordInTheZoneSection() {
    Message none = new Message();
    none.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
    none.addRecord(record("new.example.com. 300 A 192.0.2.9"), Section.UPDATE);
    assertFails(run(none), Rcode.FORMERR);

    Update two = update();
    two.addRecord(Record.newRecord(ORIGIN, Type.SOA, DClass.IN), Section.ZONE);
    assertFails(run(two), Rcode.FORMERR);
  }

  private static Result run(Message m) {
    return ZoneUpdate.apply(zone(), m, Policy.ANY);
  }

  // ---- Policy ----

  @Test
  void refusesTheWholeUpdateIfThePolicyRefusesOneRecord() {
    Update u = update();
    u.add(record("_acme-challenge.www.example.com. 60 TXT token"));
    u.add(record("www.example.com. 300 TXT other"));
    Policy acme =
        (owner, type) -> owner.getLabelString(0).equals("_acme-challenge") && type == Type.TXT;

    Result result = ZoneUpdate.apply(zone(), u, acme);

    assertFails(result, Rcode.REFUSED);
    assertThat(result.reason()).isEqualTo("this client may not change TXT at www.example.com.");
  }

  @Test
  void namesTheTsigKeyThatWasRefused() throws IOException {
    Update u = update();
    u.add(record("www.example.com. 300 TXT other"));
    u.setTSIG(
        new org.xbill.DNS.TSIG(
            org.xbill.DNS.TSIG.HMAC_SHA256, "acme.", "c2VjcmV0c2VjcmV0c2VjcmV0"));
    Message signed = new Message(u.toWire(65535)); // as the caller receives it: with its TSIG

    Result result = ZoneUpdate.apply(zone(), signed, (owner, type) -> false);

    assertFails(result, Rcode.REFUSED);
    assertThat(result.reason()).isEqualTo("key acme may not change TXT at www.example.com.");
  }

  @Test
  void asksThePolicyAboutEveryRecordWithTheOwnerInLowerCase() throws IOException {
    Update u = update();
    u.add(record("WWW.Example.COM. 300 A 192.0.2.3"));
    u.delete(name("mail.example.com."), Type.A);
    u.delete(name("mail.example.com."));
    u.delete(name("www.example.com."), Type.TXT, "web");
    List<String> asked = new ArrayList<>();

    Result result =
        ZoneUpdate.apply(
            zone(),
            u,
            (owner, type) -> {
              asked.add(owner + " " + Type.string(type));
              return true;
            });

    assertThat(result.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(asked)
        .containsExactly(
            "www.example.com. A",
            "mail.example.com. A",
            "mail.example.com. ANY",
            "www.example.com. TXT");
  }

  static Stream<Arguments> signerTypes() {
    Name www = name("www.example.com.");
    return Stream.of(
        Arguments.of(
            "add an RRSIG",
            record(
                "www.example.com. 300 RRSIG A 13 3 300 20300101000000 20200101000000 12345 example.com. AAAA")),
        Arguments.of("add an NSEC", record("www.example.com. 300 NSEC mail.example.com. A TXT")),
        Arguments.of("delete the NSEC3 RRset", Record.newRecord(www, Type.NSEC3, DClass.ANY, 0)),
        Arguments.of(
            "delete the NSEC3PARAM RRset",
            Record.newRecord(ORIGIN, Type.NSEC3PARAM, DClass.ANY, 0)),
        Arguments.of("delete the RRSIG RRset", Record.newRecord(www, Type.RRSIG, DClass.ANY, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signerTypes")
  void refusesChangesToTypesASignerMaintains(String description, Record rr) {
    Update u = update();
    u.addRecord(rr, Section.UPDATE);

    Result result = run(u);

    assertFails(result, Rcode.REFUSED);
    assertThat(result.reason()).contains(Type.string(rr.getType())).contains("sign");
  }

  // ---- Adds ----

  @Test
  void addsARecordToAnRrset() {
    Update u = update();
    u.add(record("www.example.com. 300 A 192.0.2.3"));

    Result result = run(u);

    assertThat(removed(result)).isEmpty();
    assertThat(added(result)).containsExactly("www.example.com. 300 A 192.0.2.3");
    assertThat(result.reason()).isEmpty();
  }

  @Test
  void addsAnRrsetAndANameInLowerCase() {
    Update u = update();
    u.add(record("WWW.example.com. 300 AAAA 2001:db8::1"));
    u.add(record("New.Example.com. 300 A 192.0.2.9"));

    ZoneSnapshot after = applied(zone(), u);

    assertThat(at(after, "www.example.com."))
        .contains("www.example.com. 300 AAAA 2001:db8:0:0:0:0:0:1");
    assertThat(at(after, "new.example.com.")).containsExactly("new.example.com. 300 A 192.0.2.9");
  }

  @Test
  void ignoresADuplicate() {
    Update u = update();
    u.add(record("www.example.com. 300 A 192.0.2.1"));
    u.add(record("alias.example.com. 300 CNAME WWW.example.com."));
    u.add(record("new.example.com. 300 A 192.0.2.9"));
    u.add(record("new.example.com. 300 A 192.0.2.9"));

    Result result = run(u);

    assertThat(removed(result)).isEmpty();
    assertThat(added(result)).containsExactly("new.example.com. 300 A 192.0.2.9");
  }

  @Test
  void aDuplicateWithAnotherTtlChangesTheTtlOfTheWholeRrset() {
    Update u = update();
    u.add(record("www.example.com. 60 A 192.0.2.1"));

    Result result = run(u);

    assertThat(removed(result))
        .containsExactly("www.example.com. 300 A 192.0.2.1", "www.example.com. 300 A 192.0.2.2");
    assertThat(added(result))
        .containsExactly("www.example.com. 60 A 192.0.2.1", "www.example.com. 60 A 192.0.2.2");
    assertThat(at(applied(zone(), u), "www.example.com."))
        .containsExactly(
            "www.example.com. 60 A 192.0.2.1",
            "www.example.com. 60 A 192.0.2.2",
            "www.example.com. 300 TXT web");
  }

  @Test
  void aNewRecordWithAnotherTtlGivesItToTheWholeRrset() {
    Update u = update();
    u.add(record("www.example.com. 3600 A 192.0.2.3"));

    Result result = run(u);

    assertThat(removed(result))
        .containsExactly("www.example.com. 300 A 192.0.2.1", "www.example.com. 300 A 192.0.2.2");
    assertThat(added(result))
        .containsExactly(
            "www.example.com. 3600 A 192.0.2.1",
            "www.example.com. 3600 A 192.0.2.2",
            "www.example.com. 3600 A 192.0.2.3");
  }

  @Test
  void theLastTtlGivenWins() {
    Update u = update();
    u.add(record("new.example.com. 60 A 192.0.2.9"));
    u.add(record("new.example.com. 120 A 192.0.2.10"));

    assertThat(added(run(u)))
        .containsExactly("new.example.com. 120 A 192.0.2.9", "new.example.com. 120 A 192.0.2.10");
  }

  @Test
  void ignoresAWildcardNs() {
    Update u = update();
    u.add(record("*.example.com. 300 NS ns1.example.com."));
    u.add(record("*.example.com. 300 A 192.0.2.9"));

    assertThat(added(run(u))).containsExactly("*.example.com. 300 A 192.0.2.9");
  }

  // ---- SOA ----

  private static final String SOA_10 =
      "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 10 7200 3600 1209600 300";

  @Test
  void aNewerSoaReplacesTheApexSoa() {
    Update u = update();
    u.add(
        record("example.com. 600 SOA ns1.example.com. admin.example.com. 11 7200 3600 1209600 60"));

    Result result = run(u);

    assertThat(removed(result)).containsExactly(SOA_10);
    assertThat(added(result))
        .containsExactly(
            "example.com. 600 SOA ns1.example.com. admin.example.com. 11 7200 3600 1209600 60");
    assertThat(applied(zone(), u).serial()).isEqualTo(11);
  }

  static Stream<Arguments> soaNotNewer() {
    return Stream.of(
        Arguments.of("the same serial", 10L),
        Arguments.of("an older serial", 9L),
        Arguments.of("a serial more than half the circle ahead", 10L + (1L << 31) + 1),
        Arguments.of("a serial exactly half the circle ahead", 10L + (1L << 31)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("soaNotNewer")
  void ignoresAnSoaThatIsNotNewer(String description, long serial) {
    Update u = update();
    u.add(
        record("example.com. 300 SOA ns1.example.com. admin.example.com. " + serial + " 1 2 3 4"));

    assertNoChange(run(u));
  }

  @Test
  void comparesSerialsOnTheCircle() {
    Update u = update();
    u.add(record("example.com. 300 SOA ns1.example.com. admin.example.com. 4294967295 1 2 3 4"));
    assertNoChange(run(u)); // 2^32 - 1 is 11 behind 10

    Update up = update();
    up.add(record("example.com. 300 SOA ns1.example.com. admin.example.com. 2147483657 1 2 3 4"));
    ZoneSnapshot far = applied(zone(), up); // 10 + 2^31 - 1: the farthest newer serial
    assertThat(far.serial()).isEqualTo(2147483657L);

    Update around = update();
    around.add(record("example.com. 300 SOA ns1.example.com. admin.example.com. 5 1 2 3 4"));
    assertThat(applied(far, around).serial()).isEqualTo(5); // past 2^32 - 1, back to 5
  }

  @Test
  void comparesWithTheSoaAsTheUpdateLeftIt() {
    Update u = update();
    u.add(record("example.com. 300 SOA ns1.example.com. admin.example.com. 12 1 2 3 4"));
    u.add(record("example.com. 300 SOA ns1.example.com. admin.example.com. 11 1 2 3 4"));

    assertThat(added(run(u)))
        .containsExactly("example.com. 300 SOA ns1.example.com. admin.example.com. 12 1 2 3 4");
  }

  @Test
  void ignoresAnSoaBelowTheApex() {
    Update u = update();
    u.add(record("www.example.com. 300 SOA ns1.example.com. admin.example.com. 11 1 2 3 4"));

    assertNoChange(run(u));
  }

  @Test
  void neverDeletesTheApexSoa() throws IOException {
    Update u = update();
    u.delete(ORIGIN, Type.SOA);
    u.delete(ORIGIN, Type.SOA, "ns1.example.com. hostmaster.example.com. 10 7200 3600 1209600 300");
    u.delete(ORIGIN);

    Result result = run(u);

    assertThat(removed(result))
        .containsExactly(
            "example.com. 300 MX 10 mail.example.com.", "example.com. 300 TXT \"v=spf1 -all\"");
    assertThat(added(result)).isEmpty();
  }

  // ---- Deletes ----

  @Test
  void deletesAnRrset() {
    Update u = update();
    u.delete(name("www.example.com."), Type.A);

    Result result = run(u);

    assertThat(removed(result))
        .containsExactly("www.example.com. 300 A 192.0.2.1", "www.example.com. 300 A 192.0.2.2");
    assertThat(added(result)).isEmpty();
    assertThat(at(applied(zone(), u), "www.example.com."))
        .containsExactly("www.example.com. 300 TXT web");
  }

  @Test
  void deletesAllRrsetsAtAName() {
    Update u = update();
    u.delete(name("www.example.com."));

    Result result = run(u);

    assertThat(removed(result))
        .containsExactly(
            "www.example.com. 300 A 192.0.2.1",
            "www.example.com. 300 A 192.0.2.2",
            "www.example.com. 300 TXT web");
    assertThat(applied(zone(), u).hasNode(name("www.example.com."))).isFalse();
  }

  @Test
  void deletesOneRecordAsStoredWhateverTheCaseOfItsOwner() throws IOException {
    Update u = update();
    u.delete(name("WWW.Example.COM."), Type.A, "192.0.2.1");
    u.delete(name("ALIAS.example.com."), Type.CNAME, "Www.Example.Com.");

    Result result = run(u);

    assertThat(removed(result))
        .containsExactly(
            "alias.example.com. 300 CNAME www.example.com.", "www.example.com. 300 A 192.0.2.1");
    assertThat(at(applied(zone(), u), "www.example.com."))
        .containsExactly("www.example.com. 300 A 192.0.2.2", "www.example.com. 300 TXT web");
  }

  @Test
  void deletingWhatIsNotThereChangesNothing() throws IOException {
    Update u = update();
    u.delete(name("www.example.com."), Type.A, "192.0.2.99");
    u.delete(name("www.example.com."), Type.AAAA);
    u.delete(name("nothere.example.com."));
    u.delete(name("deep.example.com."));

    assertNoChange(run(u));
  }

  @Test
  void deletingTheLastRecordOfANameRemovesTheName() throws IOException {
    Update u = update();
    u.delete(name("x.deep.example.com."), Type.A, "192.0.2.99");

    ZoneSnapshot after = applied(zone(), u);

    assertThat(after.hasNode(name("x.deep.example.com."))).isFalse();
    assertThat(after.hasNode(name("deep.example.com."))).isFalse();
  }

  @Test
  void deletingEverythingAtTheApexLeavesTheSoaAndNs() {
    Update u = update();
    u.delete(ORIGIN);

    Result result = run(u);

    assertThat(removed(result))
        .containsExactly(
            "example.com. 300 MX 10 mail.example.com.", "example.com. 300 TXT \"v=spf1 -all\"");
    assertThat(at(applied(zone(), u), "example.com."))
        .containsExactlyInAnyOrder(
            SOA_10, "example.com. 300 NS ns1.example.com.", "example.com. 300 NS ns2.example.com.");
  }

  @Test
  void neverDeletesTheApexNsRrsetWhole() {
    Update u = update();
    u.delete(ORIGIN, Type.NS);

    assertNoChange(run(u));
  }

  @Test
  void deletesApexNsRecordsButNotTheLast() throws IOException {
    Update u = update();
    u.delete(ORIGIN, Type.NS, "ns1.example.com.");
    u.delete(ORIGIN, Type.NS, "ns2.example.com.");

    Result result = run(u);

    assertThat(removed(result)).containsExactly("example.com. 300 NS ns1.example.com.");
    assertThat(at(applied(zone(), u), "example.com."))
        .contains("example.com. 300 NS ns2.example.com.");
  }

  @Test
  void deletesTheLastNsOfADelegation() throws IOException {
    Update u = update();
    u.add(record("sub.example.com. 300 NS ns.sub.example.com."));
    ZoneSnapshot delegated = applied(zone(), u);

    Update d = update();
    d.delete(name("sub.example.com."), Type.NS, "ns.sub.example.com.");

    assertThat(applied(delegated, d).hasNode(name("sub.example.com."))).isFalse();
  }

  @Test
  void deletingEverythingLeavesWhatASignerMaintains() {
    ZoneSnapshot signed =
        ZoneText.zone(
            "example.com.",
            ZoneText.EXAMPLE_HEAD
                + """
                www   A     192.0.2.1
                www   NSEC  example.com. A RRSIG NSEC
                """);
    Update u = update();
    u.delete(name("www.example.com."));

    Result result = ZoneUpdate.apply(signed, u, Policy.ANY);

    assertThat(removed(result)).containsExactly("www.example.com. 300 A 192.0.2.1");
  }

  // ---- CNAME ----

  @Test
  void ignoresACnameWhereOtherDataIs() {
    Update u = update();
    u.add(record("www.example.com. 300 CNAME mail.example.com."));

    assertNoChange(run(u));
  }

  @Test
  void ignoresOtherDataWhereACnameIs() {
    Update u = update();
    u.add(record("alias.example.com. 300 A 192.0.2.9"));
    u.add(record("alias.example.com. 300 TXT hello"));

    assertNoChange(run(u));
  }

  @Test
  void aCnameReplacesACname() {
    Update u = update();
    u.add(record("alias.example.com. 600 CNAME mail.example.com."));

    Result result = run(u);

    assertThat(removed(result)).containsExactly("alias.example.com. 300 CNAME www.example.com.");
    assertThat(added(result)).containsExactly("alias.example.com. 600 CNAME mail.example.com.");
  }

  @Test
  void aCnameFitsOnceTheOtherDataIsGone() {
    Update u = update();
    u.delete(name("www.example.com."));
    u.add(record("www.example.com. 300 CNAME mail.example.com."));

    assertThat(added(run(u))).containsExactly("www.example.com. 300 CNAME mail.example.com.");
  }

  @Test
  void otherDataAddedBeforeACnameKeepsTheCnameOut() {
    Update u = update();
    u.add(record("new.example.com. 300 A 192.0.2.9"));
    u.add(record("new.example.com. 300 CNAME www.example.com."));

    assertThat(added(run(u))).containsExactly("new.example.com. 300 A 192.0.2.9");
  }

  // ---- In order ----

  @Test
  void anAddThenItsDeleteChangeNothing() throws IOException {
    Update u = update();
    u.add(record("new.example.com. 300 A 192.0.2.9"));
    u.delete(name("new.example.com."), Type.A, "192.0.2.9");

    assertNoChange(run(u));
  }

  @Test
  void aDeleteThenItsAddChangeNothing() {
    Update u = update();
    u.delete(name("www.example.com."), Type.A);
    u.add(record("www.example.com. 300 A 192.0.2.1"));
    u.add(record("www.example.com. 300 A 192.0.2.2"));

    assertNoChange(run(u));
  }

  @Test
  void replacesAnRrset() {
    Update u = update();
    u.replace(record("www.example.com. 300 A 192.0.2.3"));

    Result result = run(u);

    assertThat(removed(result))
        .containsExactly("www.example.com. 300 A 192.0.2.1", "www.example.com. 300 A 192.0.2.2");
    assertThat(added(result)).containsExactly("www.example.com. 300 A 192.0.2.3");
  }

  @Test
  void anAcmeChallengeComesAndGoes() throws IOException {
    Name challenge = name("_acme-challenge.www.example.com.");
    Update first = update();
    first.add(record("_acme-challenge.www.example.com. 60 TXT token-one"));
    ZoneSnapshot one = applied(zone(), first);
    Update second = update();
    second.add(record("_acme-challenge.www.example.com. 60 TXT token-two"));
    ZoneSnapshot two = applied(one, second);
    assertThat(at(two, "_acme-challenge.www.example.com."))
        .containsExactly(
            "_acme-challenge.www.example.com. 60 TXT token-one",
            "_acme-challenge.www.example.com. 60 TXT token-two");

    Update cleanup = update();
    cleanup.delete(challenge, Type.TXT, "token-one");
    Result result = ZoneUpdate.apply(two, cleanup, Policy.ANY);

    assertThat(removed(result))
        .containsExactly("_acme-challenge.www.example.com. 60 TXT token-one");
    assertThat(added(result)).isEmpty();
    ZoneSnapshot three = applied(two, cleanup);
    assertThat(at(three, "_acme-challenge.www.example.com."))
        .containsExactly("_acme-challenge.www.example.com. 60 TXT token-two");

    Update last = update();
    last.delete(challenge, Type.TXT, "token-two");
    ZoneSnapshot four = applied(three, last);
    assertThat(four.hasNode(challenge)).isFalse();
    assertThat(four.records())
        .extracting(ZoneText::text)
        .isEqualTo(zone().records().stream().map(ZoneText::text).toList());
  }

  @Test
  void readsAnUpdateFromTheWireAsFromMemory() throws IOException {
    Update u = update();
    u.present(name("www.example.com."));
    u.present(name("www.example.com."), Type.A);
    u.absent(name("new.example.com."));
    u.absent(name("www.example.com."), Type.AAAA);
    u.present(name("www.example.com."), Type.TXT, "web");
    u.add(record("new.example.com. 300 A 192.0.2.9"));
    u.delete(name("www.example.com."), Type.TXT);
    u.delete(name("mail.example.com."));
    u.delete(name("www.example.com."), Type.A, "192.0.2.1");

    Result fromMemory = run(u);
    Result fromWire = run(new Message(u.toWire()));

    assertThat(fromWire).isEqualTo(fromMemory);
    assertThat(removed(fromWire))
        .containsExactly(
            "mail.example.com. 300 A 192.0.2.25",
            "www.example.com. 300 A 192.0.2.1",
            "www.example.com. 300 TXT web");
    assertThat(added(fromWire)).containsExactly("new.example.com. 300 A 192.0.2.9");
  }

  @Test
  void leavesTheZoneAsItWas() {
    ZoneSnapshot zone = zone();
    List<String> before = zone.records().stream().map(ZoneText::text).toList();
    Update u = update();
    u.delete(ORIGIN);
    u.delete(name("www.example.com."));
    u.add(record("new.example.com. 300 A 192.0.2.9"));

    ZoneUpdate.apply(zone, u, Policy.ANY);

    assertThat(zone.records()).extracting(ZoneText::text).isEqualTo(before);
  }
}
