package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.engine.SignedZoneFixture.Denial;
import dev.tandem.dns.zone.ZoneText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A response over UDP, truncated or not, holds only records that the full answer (the same query
 * over TCP) has, each in the same section (RFC 2181 section 9: TC says records are missing, never
 * that others stand in for them); one that is not truncated has the whole answer section. Every
 * name of the corner-case zone and of the signed zone of {@link DnssecAnswerTest} (each form, with
 * DO), a child of each, times many types, at UDP sizes where many answers are cut.
 */
class TruncatedAnswerTest {
  private static final int[] TYPES = {
    Type.A,
    Type.AAAA,
    Type.NS,
    Type.SOA,
    Type.MX,
    Type.TXT,
    Type.CNAME,
    Type.DS,
    Type.SRV,
    Type.HINFO,
    Type.DNSKEY,
    Type.NSEC,
    Type.ANY
  };

  private static final int SHOWN = 10;

  /**
   * How a query is sent over UDP: no EDNS (512 bytes), or EDNS at a payload, with or without DO.
   */
  private record Ask(int payload, boolean dnssecOk) {
    Message query(Name name, int type) {
      Message q = InProcessResponder.query(name.toString(), type);
      return payload < 0 ? q : withEdns(q, payload, dnssecOk ? ExtendedFlags.DO : 0);
    }

    int limit() {
      return payload < 0 ? 512 : Math.min(Math.max(payload, 512), 1232);
    }
  }

  /** What one zone's queries showed. */
  private static final class Tally {
    int queries;
    int truncated;
    final List<String> problems = new ArrayList<>();
  }

  @Test
  void truncatedAnswersOfTheCornerZoneHoldOnlyRecordsOfTheFullAnswer() throws IOException {
    Path file = Path.of(resource("/zones/corner.test.zone"));
    String text = Files.readString(file, StandardCharsets.UTF_8);
    InProcessResponder server = InProcessResponder.serving("corner.test.", text);
    List<Ask> asks =
        List.of(
            new Ask(-1, false),
            new Ask(512, false),
            new Ask(700, false),
            new Ask(512, true),
            new Ask(1232, false));

    Tally t = run(server, names("corner.test.", text), asks);

    assertThat(t.truncated).as("truncated answers among %d", t.queries).isGreaterThan(50);
    assertThat(t.problems).as("%d queries, %d truncated", t.queries, t.truncated).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Denial.class)
  void truncatedSignedAnswersHoldOnlyRecordsOfTheFullAnswer(Denial d) {
    String unsigned = DnssecAnswerTest.unsigned();
    InProcessResponder server =
        InProcessResponder.serving(
            "example.", SignedZoneFixture.sign("example.", unsigned, d).text());
    List<Ask> asks = List.of(new Ask(512, true), new Ask(700, true), new Ask(-1, false));

    Tally t = run(server, names("example.", unsigned), asks);

    assertThat(t.truncated).as("truncated answers among %d", t.queries).isGreaterThan(50);
    assertThat(t.problems).as("%d queries, %d truncated", t.queries, t.truncated).isEmpty();
  }

  private static Tally run(InProcessResponder server, Set<Name> names, List<Ask> asks) {
    Tally t = new Tally();
    for (Name name : names) {
      for (int type : TYPES) {
        for (Ask ask : asks) {
          Message q = ask.query(name, type);
          byte[] udp = server.respond(q.toWire(), Transport.UDP);
          Message full = server.ask(q, Transport.TCP);
          Message cut = parse(udp);
          t.queries++;
          boolean tc = cut.getHeader().getFlag(Flags.TC);
          if (tc) {
            t.truncated++;
          }
          List<String> wrong = compare(cut, udp.length, ask.limit(), full);
          if (!wrong.isEmpty() && t.problems.size() < SHOWN) {
            t.problems.add(
                name
                    + " "
                    + Type.string(type)
                    + " "
                    + ask
                    + ": "
                    + wrong
                    + "\n--- UDP:\n"
                    + cut
                    + "\n--- TCP:\n"
                    + full);
          }
        }
      }
    }
    return t;
  }

  /** What is wrong with the UDP response {@code cut} beside the TCP response {@code full}. */
  private static List<String> compare(Message cut, int size, int limit, Message full) {
    List<String> wrong = new ArrayList<>();
    if (size > limit) {
      wrong.add(size + " bytes, over " + limit);
    }
    if (cut.getRcode() != full.getRcode()) {
      wrong.add("RCODE differs");
    }
    if (cut.getHeader().getFlag(Flags.AA) != full.getHeader().getFlag(Flags.AA)) {
      wrong.add("AA differs");
    }
    if (!Objects.equals(cut.getQuestion(), full.getQuestion())) {
      wrong.add("question differs");
    }
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      Set<String> extra = records(cut, section);
      extra.removeAll(records(full, section));
      if (!extra.isEmpty()) {
        wrong.add("not in the full " + Section.string(section) + " section: " + extra);
      }
    }
    if (!cut.getHeader().getFlag(Flags.TC)
        && !records(cut, Section.ANSWER).equals(records(full, Section.ANSWER))) {
      wrong.add("answer section incomplete without TC");
    }
    return wrong;
  }

  private static Set<String> records(Message m, int section) {
    Set<String> out = new TreeSet<>();
    for (Record r : m.getSection(section)) {
      if (r.getType() != Type.OPT) {
        out.add(r.toString());
      }
    }
    return out;
  }

  /** The zone's owner names, a child of each, and a name below a wildcard or delegation. */
  private static Set<Name> names(String origin, String text) {
    Set<Name> owners = new LinkedHashSet<>();
    try (Master m =
        new Master(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            ZoneText.name(origin))) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        owners.add(r.getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<Name> names = new LinkedHashSet<>(owners);
    for (Name o : owners) {
      names.add(ZoneText.name("nx." + (o.isWild() ? new Name(o, 1) : o)));
    }
    return names;
  }

  private static java.net.URI resource(String path) {
    try {
      return Objects.requireNonNull(TruncatedAnswerTest.class.getResource(path), path).toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new UncheckedIOException("unparsable response", e);
    }
  }
}
