package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.engine.DnssecAnswerTest.Case;
import dev.tandem.dns.engine.DnssecAnswerTest.Kind;
import dev.tandem.dns.engine.SignedZoneFixture.Denial;
import dev.tandem.dns.engine.SignedZoneFixture.Signed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The validator of {@link DnssecAnswerTest} is not vacuous: answers the engine gives pass it, and
 * the same answers with a proof record, a signature or a DS taken away, or a signature or its TTL
 * altered, do not.
 */
class DnssecValidatorTest {
  private static final Map<Denial, Signed> ZONES = new EnumMap<>(Denial.class);
  private static final Map<Denial, InProcessResponder> SERVERS = new EnumMap<>(Denial.class);

  static {
    for (Denial d : Denial.values()) {
      Signed s = SignedZoneFixture.sign("example.", DnssecAnswerTest.unsigned(), d);
      ZONES.put(d, s);
      SERVERS.put(d, InProcessResponder.serving("example.", s.text()));
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Denial d : Denial.values()) {
      for (Case c : DnssecAnswerTest.questions()) {
        out.add(Arguments.of(d, c));
      }
    }
    return out.stream();
  }

  private static Message ask(Denial d, Case c) {
    return Objects.requireNonNull(SERVERS.get(d))
        .ask(withEdns(query(c.qname(), c.qtype()), 4096, ExtendedFlags.DO), Transport.UDP);
  }

  private static List<String> validate(Denial d, Case c, Message m) {
    return DnssecValidator.validate(
        Objects.requireNonNull(ZONES.get(d)), m, SignedZoneFixture.name(c.qname()), c.qtype());
  }

  private static Message copy(Message m) {
    try {
      return new Message(m.toWire());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Without any one NSEC or NSEC3 record (and its RRSIGs) a proof is incomplete. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void everyProofRecordIsNeeded(Denial d, Case c) {
    Message m = ask(d, c);
    assertThat(validate(d, c, m)).isEmpty();

    for (Record proof : m.getSection(Section.AUTHORITY)) {
      if (proof.getType() != Type.NSEC && proof.getType() != Type.NSEC3) {
        continue;
      }
      Message cut = copy(m);
      cut.removeRecord(proof, Section.AUTHORITY);
      for (Record r : m.getSection(Section.AUTHORITY)) {
        if (r instanceof RRSIGRecord s
            && s.getTypeCovered() == proof.getType()
            && s.getName().equals(proof.getName())) {
          cut.removeRecord(r, Section.AUTHORITY);
        }
      }

      assertThat(validate(d, c, cut)).as("without %s\n%s", proof, m).isNotEmpty();
    }
  }

  /** A missing or tampered RRSIG, a wrong RRSIG TTL, a missing DS: each is caught. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void signatureFaultsAreCaught(Denial d, Case c) {
    Message m = ask(d, c);

    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : m.getSection(section)) {
        if (!(r instanceof RRSIGRecord s)) {
          continue;
        }
        boolean required = !(section == Section.ANSWER && c.qtype() == Type.RRSIG);
        Message missing = copy(m);
        missing.removeRecord(s, section);
        if (required) {
          assertThat(validate(d, c, missing)).as("without %s\n%s", s, m).isNotEmpty();
        }

        byte[] sig = s.getSignature().clone();
        sig[sig.length / 2] ^= 1;
        Message tampered = copy(m);
        tampered.removeRecord(s, section);
        tampered.addRecord(withSignature(s, s.getTTL(), sig), section);
        Message longer = copy(m);
        longer.removeRecord(s, section);
        longer.addRecord(withSignature(s, s.getTTL() + 1, s.getSignature()), section);
        if (required) {
          assertThat(validate(d, c, tampered)).as("tampered %s\n%s", s, m).isNotEmpty();
          assertThat(validate(d, c, longer)).as("TTL+1 %s\n%s", s, m).isNotEmpty();
        }
      }
    }
    if (c.kind() == Kind.REFERRAL) {
      for (Record r : m.getSection(Section.AUTHORITY)) {
        if (r.getType() == Type.DS) {
          Message noDs = copy(m);
          noDs.removeRecord(r, Section.AUTHORITY);
          assertThat(validate(d, c, noDs)).as("without %s\n%s", r, m).isNotEmpty();
        }
      }
    }
  }

  /**
   * RFC 5155 sections 7.2.2, 8.3 and 8.4 with opt-out: z.deep.example. is below deep, an empty
   * non-terminal above only the insecure delegation x.deep, which has no NSEC3. The closest
   * encloser proof is of the apex (the closest provable encloser), so the wildcard whose absence
   * must be shown is *.example.; the NSEC3 covering *.deep.example. in its place proves nothing to
   * a validator, which never learns that deep exists.
   */
  @Test
  void optOutNameErrorMustCoverTheWildcardAtTheClosestProvableEncloser() {
    Denial d = Denial.NSEC3_OPTOUT;
    Case c = new Case("z.deep.example.", Type.A, Kind.NXDOMAIN);
    Signed zone = Objects.requireNonNull(ZONES.get(d));
    Message m = ask(d, c);
    Record provable = coveringNsec3(zone, "*.example.");
    Record closer = coveringNsec3(zone, "*.deep.example.");
    assertThat(validate(d, c, m)).as("the engine's answer\n%s", m).isEmpty();
    assertThat(m.getSection(Section.AUTHORITY)).as("the engine's answer").contains(provable);
    assertThat(closer).as("one NSEC3 covers both wildcards").isNotEqualTo(provable);

    Message wrong = copy(m);
    for (Record r : zone(zone)) {
      if (r.getName().equals(provable.getName())) {
        wrong.removeRecord(r, Section.AUTHORITY);
      }
      if (r.getName().equals(closer.getName())) {
        wrong.addRecord(r, Section.AUTHORITY);
      }
    }

    assertThat(validate(d, c, wrong))
        .as("the wildcard proof moved to *.deep.example.\n%s", wrong)
        .contains("NXDOMAIN z.deep.example.: no NSEC3 covers the wildcard *.example.");
  }

  /** The NSEC3 record of the zone whose span covers the hash of {@code name}. */
  private static Record coveringNsec3(Signed zone, String name) {
    byte[] h = zone.hash(SignedZoneFixture.name(name));
    return zone(zone).stream()
        .filter(r -> r instanceof NSEC3Record)
        .map(r -> (NSEC3Record) r)
        .filter(
            n -> {
              byte[] owner = SignedZoneFixture.ownerHash(n.getName());
              boolean wraps = Arrays.compareUnsigned(n.getNext(), owner) <= 0;
              boolean after = Arrays.compareUnsigned(h, owner) > 0;
              boolean before = Arrays.compareUnsigned(h, n.getNext()) < 0;
              return wraps ? after || before : after && before;
            })
        .findFirst()
        .orElseThrow(() -> new AssertionError("no NSEC3 covers " + name));
  }

  /** The records of a signed zone. */
  private static List<Record> zone(Signed zone) {
    List<Record> out = new ArrayList<>();
    try (Master m =
        new Master(
            new ByteArrayInputStream(zone.text().getBytes(StandardCharsets.UTF_8)),
            zone.origin())) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        out.add(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static RRSIGRecord withSignature(RRSIGRecord s, long ttl, byte[] signature) {
    return new RRSIGRecord(
        s.getName(),
        s.getDClass(),
        ttl,
        s.getTypeCovered(),
        s.getAlgorithm(),
        s.getOrigTTL(),
        s.getExpire(),
        s.getTimeSigned(),
        s.getFootprint(),
        s.getSigner(),
        signature);
  }
}
