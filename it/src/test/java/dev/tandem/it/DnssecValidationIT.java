package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.SignedZones.Form;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Tandem serving signed zones as a validating resolver sees them (issue 5): Debian's unbound, with
 * the test zone's KSK as its trust anchor and Tandem as the zone's only server (a stub zone), asked
 * with DO=1. Every answer must come out as unbound judges it from what Tandem sends:
 *
 * <ul>
 *   <li>positive answers (apex SOA and MX, names, CNAME and DNAME chains, wildcard expansion, DS at
 *       a secure delegation) SECURE: AD=1;
 *   <li>NXDOMAIN and NODATA (at a name, at empty non-terminals, at a wildcard, no DS at an insecure
 *       delegation) securely proven: AD=1 and the right RCODE;
 *   <li>except, in the NSEC3 opt-out form, where the RFC 5155 proof itself only shows that an
 *       opt-out span covers the name (NXDOMAIN, wildcards, insecure delegations and the empty
 *       non-terminals above only them): INSECURE, AD=0 and the right RCODE, not SERVFAIL;
 *   <li>an answer whose RRSIG was tampered with in the zone file: BOGUS, SERVFAIL with a DNSSEC
 *       extended error, while the rest of the zone still validates.
 * </ul>
 *
 * A missing, wrong or unsigned proof makes unbound call the answer bogus (SERVFAIL), so each
 * expectation fails if Tandem leaves out or garbles the DNSSEC records it must add.
 *
 * <p>Besides: the zone as Tandem transfers it out (AXFR) equals the signed file and passes {@code
 * ldns-verify-zone} and {@code kzonecheck -d on}; and Tandem as the secondary of a knotd that signs
 * the zone itself (NSEC3) serves it so that it validates, before and after a change and a full
 * re-signing on the primary, which reach Tandem by IXFR.
 *
 * <p>With {@code -Ddnssec.reference=knotd}, knotd takes Tandem's place everywhere (a knotd
 * secondary in the last test): a check of the test itself, which must pass then.
 */
class DnssecValidationIT {
  private static final Name ORIGIN = Name.fromConstantString("signed.test.");
  private static final String KEY = "xfr.signed.test.";
  private static final String SECRET = "ZG5zc2VjLXZhbGlkYXRpb24taXQtc2VjcmV0LTAxMjM=";
  private static final TSIG TSIG_KEY = new TSIG(TSIG.HMAC_SHA256, KEY, SECRET);
  private static final boolean REFERENCE =
      "knotd".equals(System.getProperty("dnssec.reference", ""));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** How unbound judges an answer (RFC 4035 section 4.3). */
  enum Security {
    /** Validated: AD=1, the RCODE expected. */
    SECURE,
    /** Proven to be outside the signed part (opt-out): AD=0, the RCODE expected. */
    INSECURE,
    /** Failed validation: SERVFAIL, AD=0. */
    BOGUS
  }

  private static final Security S = Security.SECURE;
  private static final Security I = Security.INSECURE;

  /**
   * A question to ask unbound and what it must answer: the RCODE, whether the answer section holds
   * records of the type asked for, and the security in each {@link Form} (NSEC, NSEC3, opt-out).
   */
  record Probe(
      String what,
      String owner,
      int type,
      int rcode,
      boolean data,
      Security nsec,
      Security nsec3,
      Security optOut) {
    Name name() {
      return Name.fromConstantString(owner.endsWith(".") ? owner : owner + "." + ORIGIN);
    }

    Security in(Form form) {
      return switch (form) {
        case NSEC -> nsec;
        case NSEC3 -> nsec3;
        case NSEC3_OPTOUT -> optOut;
      };
    }

    static Probe positive(String what, String owner, int type) {
      return new Probe(what, owner, type, Rcode.NOERROR, true, S, S, S);
    }

    static Probe nodata(String what, String owner, int type, Security optOut) {
      return new Probe(what, owner, type, Rcode.NOERROR, false, S, S, optOut);
    }
  }

  /** The questions, over the corner cases of {@code zones/signed.test.zone}. */
  static final List<Probe> PROBES =
      List.of(
          Probe.positive("apex SOA", "signed.test.", Type.SOA),
          Probe.positive("apex MX", "signed.test.", Type.MX),
          Probe.positive("apex DNSKEY", "signed.test.", Type.DNSKEY),
          Probe.positive("A at a name", "www", Type.A),
          Probe.positive("AAAA at a name", "mail", Type.AAAA),
          Probe.positive("MX at a name", "mx-host", Type.MX),
          Probe.positive("upper-case owner", "upper", Type.HINFO),
          Probe.positive("CNAME chain a -> b -> c", "a", Type.A),
          Probe.positive("DNAME", "host.dname", Type.A),
          Probe.positive("DS at a secure delegation", "secure", Type.DS),
          Probe.positive("DS at a secure delegation below an ENT", "child.q.ent", Type.DS),
          // wildcard expansions: the next closer name is only covered (by an opt-out NSEC3)
          new Probe("wildcard expansion", "host.wild", Type.A, Rcode.NOERROR, true, S, S, I),
          new Probe("CNAME to a wildcard", "to-wild", Type.A, Rcode.NOERROR, true, S, S, I),
          new Probe("wildcard CNAME", "x.cn", Type.A, Rcode.NOERROR, true, S, S, I),
          // NXDOMAIN: covered, so only opt-out-insecure with opt-out
          new Probe("NXDOMAIN", "nothere", Type.A, Rcode.NXDOMAIN, false, S, S, I),
          new Probe("NXDOMAIN below a name", "x.www", Type.A, Rcode.NXDOMAIN, false, S, S, I),
          new Probe("CNAME to NXDOMAIN", "dangling", Type.A, Rcode.NXDOMAIN, false, S, S, I),
          new Probe(
              "wildcard CNAME to NXDOMAIN", "x.cn-nx", Type.A, Rcode.NXDOMAIN, false, S, S, I),
          // NODATA
          Probe.nodata("NODATA at a name", "www", Type.MX, S),
          Probe.nodata("NODATA at the apex", "signed.test.", Type.SRV, S),
          Probe.nodata("NODATA at an ENT", "ent", Type.A, S),
          Probe.nodata("NODATA at a deeper ENT", "y.z.ent", Type.TXT, S),
          Probe.nodata("NODATA at an ENT below a wildcard", "sub.wild", Type.MX, S),
          Probe.nodata("NODATA at a name beside a wildcard", "exists.wild", Type.MX, S),
          Probe.nodata("wildcard NODATA", "host.wild", Type.MX, I),
          Probe.nodata("no DS at an insecure delegation", "insecure", Type.DS, I),
          Probe.nodata("no DS at an insecure delegation (2)", "unsigned2", Type.DS, I),
          Probe.nodata("no DS, delegation below an ENT", "deleg.only-ins", Type.DS, I),
          Probe.nodata(
              "NODATA at an ENT above only an insecure delegation", "only-ins", Type.A, I));

  // ---------------------------------------------------------------------------------------------
  // 2. Signed zones served from files, validated by unbound

  @ParameterizedTest(name = "{0}")
  @EnumSource(Form.class)
  void everyAnswerValidatesAsExpected(Form form, @TempDir Path dir) throws Exception {
    SignedZones.Signed signed = sign(dir, form);
    try (Auth auth = Auth.serve(dir.resolve("auth"), signed.file());
        UnboundProcess unbound =
            UnboundProcess.start(
                dir.resolve("unbound"), ORIGIN, auth.port(), signed.trustAnchors())) {
      List<String> failures = new ArrayList<>();
      for (Probe p : PROBES) {
        check(unbound, p, p.in(form), failures);
        auth.assertAlive();
      }
      assertThat(failures)
          .as(
              "%s zone served by %s, validated by unbound (%d of %d probes failed)",
              form, auth, failures.size(), PROBES.size())
          .isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Form.class)
  void aTamperedSignatureIsCaughtAndTheRestStillValidates(Form form, @TempDir Path dir)
      throws Exception {
    SignedZones.Signed signed = sign(dir, form);
    Name victim = Name.fromConstantString("mail." + ORIGIN);
    Path tampered = tamper(signed.file(), victim, Type.A, dir.resolve("tampered.zone"));
    try (Auth auth = Auth.serve(dir.resolve("auth"), tampered);
        UnboundProcess unbound =
            UnboundProcess.start(
                dir.resolve("unbound"), ORIGIN, auth.port(), signed.trustAnchors())) {
      List<String> failures = new ArrayList<>();
      check(
          unbound,
          new Probe(
              "tampered RRSIG",
              "mail",
              Type.A,
              Rcode.SERVFAIL,
              false,
              Security.BOGUS,
              Security.BOGUS,
              Security.BOGUS),
          Security.BOGUS,
          failures);
      check(unbound, Probe.positive("other RRset, same name", "mail", Type.AAAA), S, failures);
      check(unbound, Probe.positive("other name", "www", Type.A), S, failures);
      Probe nx = new Probe("NXDOMAIN", "nothere", Type.A, Rcode.NXDOMAIN, false, S, S, I);
      check(unbound, nx, nx.in(form), failures);
      assertThat(failures)
          .as("%s zone with mail/A's RRSIG tampered, served by %s", form, auth)
          .isEmpty();
      assertThat(unbound.logLinesAbout(victim))
          .as("unbound logs the validation failure")
          .anyMatch(l -> l.contains("validation failure"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 3. The zone as transferred out

  @ParameterizedTest(name = "{0}")
  @EnumSource(Form.class)
  void theZoneTransferredOutIsTheSignedZoneAndVerifies(Form form, @TempDir Path dir)
      throws Exception {
    SignedZones.Signed signed = sign(dir, form);
    try (Auth auth = Auth.serve(dir.resolve("auth"), signed.file())) {
      List<Record> out = axfr(auth.port());
      Path file = write(out, dir.resolve("axfr.zone"));
      assertThat(lines(out))
          .as("the records %s transfers out (AXFR) are those of the signed file", auth)
          .isEqualTo(lines(SignedZones.records(signed.file(), ORIGIN)));
      verifyZone(file, auth.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Secondary of a knotd that signs the zone itself

  @Test
  void followsAnAutomaticallySigningKnotPrimaryThroughAChangeAndAResigning(@TempDir Path dir)
      throws Exception {
    String zoneText = Files.readString(SignedZones.sourceZone(dir.resolve("source")));
    int secondaryPort = Peers.freePort();
    Name added = Name.fromConstantString("added." + ORIGIN);
    Name www = Name.fromConstantString("www." + ORIGIN);
    try (KnotProcess knot =
            KnotProcess.startSigningPrimary(
                dir.resolve("knot"),
                ORIGIN.toString(),
                zoneText,
                KEY,
                SECRET,
                secondaryPort,
                true);
        SecondaryUnderTest secondary =
            SecondaryUnderTest.start(dir.resolve("secondary"), secondaryPort, knot.port())) {
      List<String> anchors = knot.trustAnchors();
      long first = knot.serial();
      Serials.await(secondary.port(), ORIGIN.toString(), first, TIMEOUT);

      // As first transferred: the same zone as the primary's, verifying, validating.
      List<Record> before = axfr(knot.port());
      assertThat(lines(axfr(secondary.port())))
          .as("%s serves the zone knotd signed (serial %d)", secondary, first)
          .isEqualTo(lines(before));
      verifyZone(write(axfr(secondary.port()), dir.resolve("first.zone")), secondary.toString());
      try (UnboundProcess unbound =
          UnboundProcess.start(dir.resolve("unbound"), ORIGIN, secondary.port(), anchors)) {
        List<String> failures = new ArrayList<>();
        for (Probe p : PROBES) {
          check(unbound, p, p.nsec3(), failures);
        }
        assertThat(failures)
            .as("knotd-signed (NSEC3) zone via %s, serial %d", secondary, first)
            .isEmpty();

        // A change, signed by knotd on commit, then the whole zone signed again.
        knot.change("added", 300, "A", "192.0.2.222");
        long last = knot.resign();
        Serials.await(secondary.port(), ORIGIN.toString(), last, TIMEOUT);
        assertThat(Eventually.holds(Duration.ofSeconds(5), () -> secondary.tookByIxfr(last)))
            .as("%s took serial %d by IXFR; its log:%n%s", secondary, last, secondary.logTail())
            .isTrue();

        List<Record> after = axfr(knot.port());
        assertThat(rrsig(after, www, Type.A))
            .as("knotd signed www/A again")
            .isNotEqualTo(rrsig(before, www, Type.A));
        List<Record> served = axfr(secondary.port());
        assertThat(lines(served))
            .as("%s serves the zone knotd changed and signed again (serial %d)", secondary, last)
            .isEqualTo(lines(after));
        verifyZone(write(served, dir.resolve("last.zone")), secondary.toString());

        unbound.flush();
        failures.clear();
        check(unbound, Probe.positive("the added name", "added", Type.A), S, failures);
        for (Probe p : PROBES) {
          check(unbound, p, p.nsec3(), failures);
        }
        assertThat(failures)
            .as(
                "knotd-signed zone via %s after the change and re-signing, serial %d",
                secondary, last)
            .isEmpty();
        Message m = unbound.query(added, Type.A);
        assertThat(m.getSection(Section.ANSWER))
            .as("the new RRSIG over %s/A reaches the resolver", added)
            .anyMatch(r -> r instanceof RRSIGRecord s && s.getTypeCovered() == Type.A);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Checks

  /**
   * Asks unbound {@code p}'s question and adds to {@code failures} what differs from {@code want}:
   * the RCODE (SERVFAIL for BOGUS), the AD flag, whether the answer has the type asked for (with
   * its RRSIG when SECURE), and, for BOGUS, a DNSSEC extended error (RFC 8914 codes 6 to 12) rather
   * than one for an unreachable server.
   */
  private static void check(UnboundProcess unbound, Probe p, Security want, List<String> failures)
      throws IOException {
    Message m;
    try {
      m = unbound.query(p.name(), p.type());
    } catch (IOException e) {
      // unbound drops a query (closes the connection) when the server does not answer at all
      failures.add(
          String.format(
              "%s: %s/%s expected %s, but unbound gave no answer (%s)%n  unbound log:%n    %s",
              p.what(),
              p.name(),
              Type.string(p.type()),
              want,
              e,
              String.join("\n    ", unbound.logLinesAbout(p.name()))));
      return;
    }
    List<String> wrong = new ArrayList<>();
    int rcode = m.getRcode();
    boolean ad = m.getHeader().getFlag(Flags.AD);
    List<Record> answer = m.getSection(Section.ANSWER);
    boolean hasData = answer.stream().anyMatch(r -> r.getType() == p.type());
    boolean hasSig =
        answer.stream().anyMatch(r -> r instanceof RRSIGRecord s && s.getTypeCovered() == p.type());
    switch (want) {
      case SECURE, INSECURE -> {
        if (rcode != p.rcode()) {
          wrong.add("rcode " + Rcode.string(rcode) + ", not " + Rcode.string(p.rcode()));
        }
        if (ad != (want == Security.SECURE)) {
          wrong.add(ad ? "AD=1 (secure)" : "AD=0 (not secure)");
        }
        if (rcode == p.rcode() && hasData != p.data()) {
          wrong.add(hasData ? "records of the type asked for" : "no records of the type asked for");
        }
        if (want == Security.SECURE && p.data() && hasData && !hasSig) {
          wrong.add("no RRSIG over the answer");
        }
      }
      case BOGUS -> {
        if (rcode != Rcode.SERVFAIL) {
          wrong.add("rcode " + Rcode.string(rcode) + ", not SERVFAIL (bogus)");
        }
        if (ad) {
          wrong.add("AD=1");
        }
        List<Integer> ede = extendedErrors(m);
        if (ede.stream().noneMatch(c -> c >= 6 && c <= 12)) {
          wrong.add("no DNSSEC extended error (6-12), got " + ede);
        }
      }
    }
    if (!wrong.isEmpty()) {
      failures.add(
          String.format(
              "%s: %s/%s expected %s %s%s, but: %s%n%s%n  unbound log:%n    %s",
              p.what(),
              p.name(),
              Type.string(p.type()),
              want,
              Rcode.string(want == Security.BOGUS ? Rcode.SERVFAIL : p.rcode()),
              want == Security.BOGUS ? "" : p.data() ? " with data" : " without data",
              String.join(", ", wrong),
              m,
              String.join("\n    ", unbound.logLinesAbout(p.name()))));
    }
  }

  private static List<Integer> extendedErrors(Message m) {
    OPTRecord opt = m.getOPT();
    if (opt == null) {
      return List.of();
    }
    List<Integer> codes = new ArrayList<>();
    for (EDNSOption o : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
      if (o instanceof ExtendedErrorCodeOption e) {
        codes.add(e.getErrorCode());
      }
    }
    return codes;
  }

  /**
   * Runs ldns-verify-zone and kzonecheck (with its DNSSEC checks) on {@code file}; both must pass.
   */
  private static void verifyZone(Path file, String source)
      throws IOException, InterruptedException {
    Result ldns =
        exec(List.of(Peers.binary("ldns-verify-zone", "ldnsutils").toString(), file.toString()));
    assertThat(ldns.exit())
        .as("ldns-verify-zone on the zone transferred from %s:%n%s", source, ldns.out())
        .isZero();
    Result knot =
        exec(
            List.of(
                Peers.binary("kzonecheck", "knot").toString(),
                "-d",
                "on",
                "-o",
                ORIGIN.toString(),
                file.toString()));
    assertThat(knot.exit())
        .as("kzonecheck -d on on the zone transferred from %s:%n%s", source, knot.out())
        .isZero();
  }

  private record Result(int exit, String out) {}

  private static Result exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------------------------------------
  // Zones

  private static SignedZones.Signed sign(Path dir, Form form)
      throws IOException, InterruptedException {
    Path source = SignedZones.sourceZone(dir.resolve("source"));
    return SignedZones.sign(dir.resolve("signed"), ORIGIN, source, form);
  }

  /**
   * Writes {@code signed} to {@code out} with one byte of the signature of the RRSIG over {@code
   * owner}/{@code type} flipped (the middle one, in the signature's s half for ECDSA), every other
   * record as it was.
   */
  private static Path tamper(Path signed, Name owner, int type, Path out) throws IOException {
    List<Record> records = SignedZones.records(signed, ORIGIN);
    List<Record> result = new ArrayList<>();
    int tampered = 0;
    for (Record r : records) {
      if (r instanceof RRSIGRecord s && s.getName().equals(owner) && s.getTypeCovered() == type) {
        byte[] sig = s.getSignature().clone();
        sig[sig.length / 2 + 1] ^= 0x01;
        result.add(
            new RRSIGRecord(
                s.getName(),
                s.getDClass(),
                s.getTTL(),
                s.getTypeCovered(),
                s.getAlgorithm(),
                s.getOrigTTL(),
                s.getExpire(),
                s.getTimeSigned(),
                s.getFootprint(),
                s.getSigner(),
                sig));
        tampered++;
      } else {
        result.add(r);
      }
    }
    if (tampered != 1) {
      throw new IllegalStateException(
          tampered + " RRSIGs over " + owner + "/" + Type.string(type) + " in " + signed);
    }
    return write(result, out);
  }

  /** The zone at 127.0.0.1:{@code port} by AXFR with the test key, the closing SOA left out. */
  private static List<Record> axfr(int port) throws Exception {
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(ORIGIN, "127.0.0.1", port, TSIG_KEY);
    xfr.setTimeout(Duration.ofSeconds(30));
    xfr.run();
    List<Record> records = new ArrayList<>(xfr.getAXFR());
    if (records.size() > 1 && records.get(records.size() - 1).getType() == Type.SOA) {
      records.remove(records.size() - 1);
    }
    return records;
  }

  /** The records as a master file, one per line, absolute names. */
  private static Path write(List<Record> records, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        records.stream().map(Record::toString).collect(Collectors.joining("\n", "", "\n")),
        StandardCharsets.UTF_8);
    return file;
  }

  /** The records in presentation form, lower-cased (case is not what these tests are about). */
  private static Set<String> lines(List<Record> records) {
    return records.stream()
        .map(r -> r.toString().toLowerCase(Locale.ROOT))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static @Nullable String rrsig(List<Record> zone, Name owner, int type) {
    return zone.stream()
        .filter(r -> r instanceof RRSIGRecord s && s.getName().equals(owner))
        .filter(r -> ((RRSIGRecord) r).getTypeCovered() == type)
        .map(r -> Arrays.toString(((RRSIGRecord) r).getSignature()))
        .findFirst()
        .orElse(null);
  }

  // ---------------------------------------------------------------------------------------------
  // Servers

  /**
   * The authoritative server for a signed zone file: Tandem, or knotd with {@code
   * -Ddnssec.reference=knotd}. Both allow AXFR with the test key.
   */
  private static final class Auth implements AutoCloseable {
    private final @Nullable TandemProcess tandem;
    private final @Nullable KnotProcess knot;

    private Auth(@Nullable TandemProcess tandem, @Nullable KnotProcess knot) {
      this.tandem = tandem;
      this.knot = knot;
    }

    static Auth serve(Path dir, Path zoneFile) throws IOException, InterruptedException {
      if (REFERENCE) {
        return new Auth(
            null,
            KnotProcess.start(
                dir, List.of(new KnotProcess.Zone(ORIGIN.toString(), zoneFile)), KEY, SECRET));
      }
      return new Auth(
          TandemProcess.serve(
              dir,
              "--dns",
              "127.0.0.1:0",
              "--threads",
              "1",
              "--zone",
              ORIGIN + "=" + zoneFile.toAbsolutePath(),
              "--tsig",
              KEY + "=hmac-sha256:" + SECRET,
              "--allow-transfer",
              ORIGIN + "=127.0.0.1@" + KEY),
          null);
    }

    int port() {
      return tandem != null ? tandem.port() : knot.port();
    }

    /** Fails at once, with the server's output, if the server has exited. */
    void assertAlive() throws IOException {
      if (tandem != null) {
        assertThat(tandem.isAlive())
            .as("%s is running; its output:%n%s", this, tandem.output())
            .isTrue();
      } else {
        assertThat(knot.isAlive()).as("%s is running", this).isTrue();
      }
    }

    @Override
    public String toString() {
      return (tandem != null ? "Tandem" : "knotd") + " on 127.0.0.1:" + port();
    }

    @Override
    public void close() throws InterruptedException {
      if (tandem != null) {
        tandem.close();
      }
      if (knot != null) {
        knot.close();
      }
    }
  }

  /**
   * The secondary of the signing knotd: Tandem, or a knotd secondary with {@code
   * -Ddnssec.reference=knotd}. TSIG-signed transfers and NOTIFY; AXFR out allowed with the key.
   */
  private static final class SecondaryUnderTest implements AutoCloseable {
    private final @Nullable TandemProcess tandem;
    private final @Nullable KnotProcess knot;
    private final int port;

    private SecondaryUnderTest(
        @Nullable TandemProcess tandem, @Nullable KnotProcess knot, int port) {
      this.tandem = tandem;
      this.knot = knot;
      this.port = port;
    }

    static SecondaryUnderTest start(Path dir, int port, int primaryPort)
        throws IOException, InterruptedException {
      if (REFERENCE) {
        return new SecondaryUnderTest(
            null,
            KnotProcess.startSecondary(dir, port, ORIGIN.toString(), primaryPort, KEY, SECRET),
            port);
      }
      return new SecondaryUnderTest(
          TandemProcess.serve(
              dir,
              "--dns",
              "127.0.0.1:" + port,
              "--threads",
              "1",
              "--data",
              dir.resolve("data").toString(),
              "--tsig",
              KEY + "=hmac-sha256:" + SECRET,
              "--secondary",
              ORIGIN + "=127.0.0.1:" + primaryPort + "@" + KEY,
              "--allow-transfer",
              ORIGIN + "=127.0.0.1@" + KEY),
          null,
          port);
    }

    int port() {
      return port;
    }

    /**
     * Whether the transfer that brought {@code serial} was an incremental IXFR: Tandem logs "ZONE:
     * serial N from ADDR by IXFR (K records, T ms)" (by AXFR, or AXFR-style IXFR, otherwise).
     */
    boolean tookByIxfr(long serial) throws IOException, InterruptedException {
      if (tandem != null) {
        return Pattern.compile("serial " + serial + " from \\S+ by IXFR \\(")
            .matcher(tandem.output())
            .find();
      }
      return knot.fetchedByIxfr(serial);
    }

    String logTail() throws IOException {
      if (tandem != null) {
        List<String> lines = tandem.output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      }
      List<String> lines = Primary.logLines(knot.log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public String toString() {
      return (tandem != null ? "Tandem" : "knotd") + " secondary on 127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
      if (tandem != null) {
        tandem.close();
      }
      if (knot != null) {
        knot.close();
      }
    }
  }
}
