package dev.tandem.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Signed test zones made at test time with the Debian tools, each with a fresh KSK and ZSK
 * (ECDSAP256SHA256, algorithm 13, from {@code ldns-keygen}):
 *
 * <ul>
 *   <li>{@link Form#NSEC}: {@code ldns-signzone};
 *   <li>{@link Form#NSEC3}: {@code ldns-signzone -n}, SHA-1, 1 iteration, salt {@code aabbccdd}, no
 *       opt-out;
 *   <li>{@link Form#NSEC3_OPTOUT}: {@code dnssec-signzone -A} (BIND), 0 iterations, empty salt.
 *       BIND's signer, because {@code ldns-signzone -p} only sets the opt-out flag and still puts
 *       every insecure delegation into the chain; {@code dnssec-signzone -A} leaves insecure
 *       delegations (and the empty non-terminals above only them) out, as opt-out is meant to.
 * </ul>
 */
final class SignedZones {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final DateTimeFormatter SIGNER_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private SignedZones() {}

  /** How the zone proves what does not exist. */
  enum Form {
    NSEC,
    NSEC3,
    NSEC3_OPTOUT
  }

  /**
   * A signed zone file made at test time.
   *
   * @param keys the DNSKEY RRset at the apex of the signed zone (KSK and ZSK)
   * @param ds DS records (SHA-256) of the KSKs (the keys with the SEP flag)
   */
  record Signed(Name origin, Path file, Form form, List<DNSKEYRecord> keys, List<DSRecord> ds) {
    Signed {
      keys = List.copyOf(keys);
      ds = List.copyOf(ds);
    }

    /**
     * unbound "trust-anchor:" lines (DS form) for this zone, such as {@code trust-anchor:
     * "signed.test. DS 35552 13 2 F347..."}, one per KSK.
     */
    List<String> trustAnchors() {
      List<String> out = new ArrayList<>();
      for (DSRecord d : ds) {
        out.add("trust-anchor: \"" + origin + " DS " + d.rdataToString() + "\"");
      }
      return out;
    }
  }

  /**
   * Signs the given unsigned zone file (origin as named) in the given form into dir; returns the
   * signed file. Signatures valid from now-1h for 30 days.
   */
  static Signed sign(Path dir, Name origin, Path unsigned, Form form)
      throws IOException, InterruptedException {
    Instant now = Instant.now();
    return sign(
        dir, origin, unsigned, form, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
  }

  /**
   * Same, with explicit inception/expiration (for tests of signatures near expiry). Keys and the
   * signed file go into a fresh subdirectory of {@code dir}, so one dir can hold several signings.
   */
  static Signed sign(
      Path dir, Name origin, Path unsigned, Form form, Instant inception, Instant expiration)
      throws IOException, InterruptedException {
    if (!origin.isAbsolute()) {
      throw new IllegalArgumentException("origin must be absolute: " + origin);
    }
    Files.createDirectories(dir);
    Path work =
        Files.createTempDirectory(
            dir.toAbsolutePath(), "signed-" + form.name().toLowerCase(java.util.Locale.ROOT) + "-");
    String ksk = keygen(work, origin, true);
    String zsk = keygen(work, origin, false);
    String zone = origin.toString();
    Path out = work.resolve(zone + "zone.signed");
    String from = SIGNER_TIME.format(inception);
    String until = SIGNER_TIME.format(expiration);
    List<String> cmd = new ArrayList<>();
    switch (form) {
      case NSEC, NSEC3 -> {
        cmd.add(Peers.binary("ldns-signzone", "ldnsutils").toString());
        if (form == Form.NSEC3) {
          cmd.addAll(List.of("-n", "-a", "1", "-t", "1", "-s", "aabbccdd"));
        }
        cmd.addAll(List.of("-o", zone, "-i", from, "-e", until, "-f", out.toString()));
        cmd.addAll(List.of(unsigned.toAbsolutePath().toString(), ksk, zsk));
      }
      case NSEC3_OPTOUT -> {
        // dnssec-signzone wants the DNSKEYs in the zone
        Path withKeys = work.resolve(zone + "zone.keys");
        Files.writeString(
            withKeys,
            Files.readString(unsigned)
                + "\n"
                + Files.readString(work.resolve(ksk + ".key"))
                + Files.readString(work.resolve(zsk + ".key")));
        cmd.add(Peers.binary("dnssec-signzone", "bind9-utils").toString());
        cmd.addAll(List.of("-3", "-", "-H", "0", "-A", "-O", "full", "-N", "keep", "-q"));
        cmd.addAll(List.of("-o", zone, "-s", from, "-e", until, "-f", out.toString()));
        cmd.addAll(List.of("-K", work.toString(), "-k", ksk, withKeys.toString(), zsk));
      }
    }
    run(work, cmd);
    List<DNSKEYRecord> keys = new ArrayList<>();
    for (Record r : records(out, origin)) {
      if (r instanceof DNSKEYRecord k && r.getName().equals(origin)) {
        keys.add(k);
      }
    }
    if (keys.size() < 2) {
      throw new IllegalStateException("no DNSKEY RRset in " + out + ": " + keys);
    }
    List<DSRecord> ds = new ArrayList<>();
    for (DNSKEYRecord k : keys) {
      if ((k.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0) {
        ds.add(new DSRecord(origin, DClass.IN, k.getTTL(), DNSSEC.Digest.SHA256, k));
      }
    }
    if (ds.isEmpty()) {
      throw new IllegalStateException("no KSK in " + out + ": " + keys);
    }
    return new Signed(origin, out, form, keys, ds);
  }

  /**
   * The corner-case source zone from resources, copied into dir under the given origin
   * "signed.test."
   */
  static Path sourceZone(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("signed.test.zone");
    try (InputStream in =
        Objects.requireNonNull(
            SignedZones.class.getResourceAsStream("/zones/signed.test.zone"),
            "/zones/signed.test.zone is missing")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /** The records of a zone file, in file order. */
  static List<Record> records(Path file, Name origin) throws IOException {
    List<Record> out = new ArrayList<>();
    try (Master m = new Master(file.toString(), origin)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        out.add(r);
      }
    }
    return out;
  }

  /** Makes a key in {@code work}; returns its base name (K&lt;name&gt;+013+&lt;id&gt;). */
  private static String keygen(Path work, Name origin, boolean ksk)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Peers.binary("ldns-keygen", "ldnsutils").toString());
    cmd.addAll(List.of("-a", "ECDSAP256SHA256", "-r", "/dev/urandom"));
    if (ksk) {
      cmd.add("-k");
    }
    cmd.add(origin.toString());
    String base = run(work, cmd).strip();
    if (!base.matches("K[^/\\s]+\\+013\\+\\d+") || !Files.exists(work.resolve(base + ".key"))) {
      throw new IllegalStateException("ldns-keygen printed " + base + ", no such key in " + work);
    }
    return base;
  }

  /** Runs {@code cmd} in {@code work} with a timeout; returns its standard output. */
  private static String run(Path work, List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "cmd", ".out");
    Path err = Files.createTempFile(work, "cmd", ".err");
    Process p =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(
          String.join(" ", cmd)
              + " did not finish in "
              + TIMEOUT
              + ":\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd)
              + " exited with "
              + p.exitValue()
              + ":\n"
              + Files.readString(err, StandardCharsets.UTF_8)
              + Files.readString(out, StandardCharsets.UTF_8));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
