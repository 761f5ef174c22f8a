package dev.tandem.dns.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * A zone signed in-process with dnsjava, independently of the engine and of any signer tool: one
 * ECDSA P-256 key (flags 257, algorithm 13) signs every authoritative RRset, with an NSEC chain, an
 * NSEC3 chain (SHA-1, with or without salt and iterations) or an NSEC3 opt-out chain. It also keeps
 * the facts about the zone's name space that a validator of the answers needs (which names exist,
 * which are empty non-terminals, which have an NSEC3), computed here from the zone text, not by the
 * engine.
 */
final class SignedZoneFixture {
  /** Signatures are valid from this instant ... */
  static final Instant INCEPTION = Instant.parse("2024-01-01T00:00:00Z");

  /** ... to this one ... */
  static final Instant EXPIRATION = Instant.parse("2040-01-01T00:00:00Z");

  /** ... and are checked at this one. */
  static final Instant VALID_AT = Instant.parse("2030-01-01T00:00:00Z");

  private static final base32 B32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

  /** How the zone proves what does not exist. */
  enum Denial {
    NSEC(false, 0, ""),
    NSEC3(false, 0, ""),
    NSEC3_SALTED(false, 5, "aabbccdd"),
    NSEC3_OPTOUT(true, 0, "");

    final boolean optOut;
    final int iterations;
    private final String saltHex;

    Denial(boolean optOut, int iterations, String saltHex) {
      this.optOut = optOut;
      this.iterations = iterations;
      this.saltHex = saltHex;
    }

    byte[] salt() {
      return HexFormat.of().parseHex(saltHex);
    }

    boolean nsec3() {
      return this != NSEC;
    }
  }

  /**
   * A signed zone.
   *
   * @param text the signed zone, as zone-file text with absolute owner names
   * @param authoritative names with authoritative data (the apex, delegation points, everything not
   *     below a zone cut)
   * @param emptyNonTerminals names without records that have authoritative names below them
   * @param cuts delegation points, each with whether it has a DS RRset
   * @param hashed the names that have an NSEC3 record (NSEC3 forms only)
   * @param nsec3Owners the owner name of the NSEC3 record of each name in {@code hashed}
   */
  record Signed(
      Name origin,
      Denial denial,
      String text,
      DNSKEYRecord dnskey,
      long soaMinimum,
      Set<Name> authoritative,
      Set<Name> emptyNonTerminals,
      Map<Name, Boolean> cuts,
      Set<Name> hashed,
      Map<Name, Name> nsec3Owners) {

    /** Whether the name exists in the zone (with data, or as an empty non-terminal). */
    boolean exists(Name name) {
      return authoritative.contains(name) || emptyNonTerminals.contains(name);
    }

    /** The longest ancestor of {@code name} (or the name itself) that exists in the zone. */
    Name closestEncloser(Name name) {
      Name n = name;
      while (!exists(n)) {
        n = parent(n);
      }
      return n;
    }

    /** The NSEC3 hash of a name, with this zone's parameters. */
    byte[] hash(Name name) {
      return nsec3Hash(name, denial.iterations, denial.salt());
    }

    /** The owner name an NSEC3 record for {@code name} would have. */
    Name hashedOwner(Name name) {
      return hashOwner(hash(name), origin);
    }
  }

  private SignedZoneFixture() {}

  private static final class KeyHolder {
    static final KeyPair KEYS = generate();

    private static KeyPair generate() {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The name one label up. */
  static Name parent(Name name) {
    return new Name(name, 1);
  }

  /** RFC 5155 section 5 with dnsjava's implementation (SHA-1 over the canonical wire name). */
  static byte[] nsec3Hash(Name name, int iterations, byte[] salt) {
    try {
      return new NSEC3PARAMRecord(
              Name.root, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0, iterations, salt)
          .hashName(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A hash written as an NSEC3 owner label below {@code origin}. */
  static Name hashOwner(byte[] hash, Name origin) {
    try {
      return Name.concatenate(Name.fromString(base32hex(hash)), origin);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lower-case base32hex without padding, as in NSEC3 owner names. */
  static String base32hex(byte[] b) {
    return B32HEX.toString(b);
  }

  /** Decodes the first label of an NSEC3 owner name. */
  static byte[] ownerHash(Name owner) {
    byte[] h = B32HEX.fromString(owner.getLabelString(0).toUpperCase(Locale.ROOT));
    if (h == null) {
      throw new IllegalArgumentException("not an NSEC3 owner: " + owner);
    }
    return h;
  }

  /** Signs the unsigned zone text (origin {@code origin}) in the given form. */
  static Signed sign(String origin, String unsigned, Denial denial) {
    Name apex = name(origin);
    // Records by owner, canonically ordered (dnsjava's Name order is RFC 4034 section 6.1's).
    TreeMap<Name, Map<Integer, RRset>> nodes = new TreeMap<>();
    try (Master master =
        new Master(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.UTF_8)), apex)) {
      Record r;
      while ((r = master.nextRecord()) != null) {
        add(nodes, r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Integer, RRset> apexNode = nodes.get(apex);
    if (apexNode == null || !apexNode.containsKey(Type.SOA)) {
      throw new IllegalArgumentException("no SOA at the apex");
    }
    SOARecord soa = (SOARecord) apexNode.get(Type.SOA).first();
    long minimum = Math.min(soa.getMinimum(), soa.getTTL()); // RFC 9077

    KeyPair keys = KeyHolder.KEYS;
    DNSKEYRecord dnskey;
    try {
      dnskey =
          new DNSKEYRecord(
              apex,
              DClass.IN,
              3600,
              DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY,
              DNSKEYRecord.Protocol.DNSSEC,
              DNSSEC.Algorithm.ECDSAP256SHA256,
              keys.getPublic());
    } catch (DNSSEC.DNSSECException e) {
      throw new IllegalStateException(e);
    }
    add(nodes, dnskey);
    if (denial.nsec3()) {
      add(
          nodes,
          new NSEC3PARAMRecord(
              apex, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0, denial.iterations, denial.salt()));
    }

    // The name space: zone cuts, authoritative names, occluded names, empty non-terminals.
    Map<Name, Boolean> cuts = new TreeMap<>();
    for (Map.Entry<Name, Map<Integer, RRset>> e : nodes.entrySet()) {
      if (!e.getKey().equals(apex) && e.getValue().containsKey(Type.NS)) {
        cuts.put(e.getKey(), e.getValue().containsKey(Type.DS));
      }
    }
    TreeSet<Name> authoritative = new TreeSet<>();
    for (Name n : nodes.keySet()) {
      if (!isOccluded(n, cuts.keySet())) {
        authoritative.add(n);
      }
    }
    TreeSet<Name> ents = new TreeSet<>();
    for (Name n : authoritative) {
      for (Name p = n; !p.equals(apex); ) {
        p = parent(p);
        if (!nodes.containsKey(p)) {
          ents.add(p);
        }
      }
    }

    Set<Name> hashed = new TreeSet<>();
    Map<Name, Name> nsec3Owners = new TreeMap<>();
    List<Record> chain = new ArrayList<>();
    if (denial == Denial.NSEC) {
      List<Name> names = new ArrayList<>(authoritative);
      for (int i = 0; i < names.size(); i++) {
        Name n = names.get(i);
        Name next = names.get((i + 1) % names.size());
        TreeSet<Integer> types =
            new TreeSet<>(typesAt(Objects.requireNonNull(nodes.get(n)), cuts.containsKey(n)));
        types.add(Type.RRSIG);
        types.add(Type.NSEC);
        chain.add(new NSECRecord(n, DClass.IN, minimum, next, toArray(types)));
      }
    } else {
      // Opt-out leaves out insecure delegations and the empty non-terminals only they are below.
      for (Name n : authoritative) {
        if (!(denial.optOut && Boolean.FALSE.equals(cuts.get(n)))) {
          hashed.add(n);
        }
      }
      for (Name e : ents) {
        boolean needed =
            !denial.optOut || hashed.stream().anyMatch(h -> h.subdomain(e) && !h.equals(e));
        if (needed) {
          hashed.add(e);
        }
      }
      // By hash: base32hex keeps the order of the hashes.
      TreeMap<String, Name> byHash = new TreeMap<>();
      for (Name n : hashed) {
        String h = base32hex(nsec3Hash(n, denial.iterations, denial.salt()));
        if (byHash.put(h, n) != null) {
          throw new IllegalStateException("hash collision in the test zone");
        }
      }
      List<String> hashes = new ArrayList<>(byHash.keySet());
      for (int i = 0; i < hashes.size(); i++) {
        Name n = byHash.get(hashes.get(i));
        byte[] next =
            B32HEX.fromString(hashes.get((i + 1) % hashes.size()).toUpperCase(Locale.ROOT));
        TreeSet<Integer> types = new TreeSet<>();
        Map<Integer, RRset> node = nodes.get(n);
        if (node != null) {
          boolean cut = cuts.containsKey(n);
          types.addAll(typesAt(node, cut));
          if (!(cut && !Boolean.TRUE.equals(cuts.get(n)))) {
            types.add(Type.RRSIG); // something here is signed
          }
        }
        Name owner = hashOwner(B32HEX.fromString(hashes.get(i).toUpperCase(Locale.ROOT)), apex);
        nsec3Owners.put(n, owner);
        chain.add(
            new NSEC3Record(
                owner,
                DClass.IN,
                minimum,
                NSEC3Record.SHA1_DIGEST_ID,
                denial.optOut ? NSEC3Record.Flags.OPT_OUT : 0,
                denial.iterations,
                denial.salt(),
                next,
                toArray(types)));
      }
    }
    for (Record r : chain) {
      add(nodes, r);
    }

    // Sign every authoritative RRset but the NS at a zone cut; then the zone text.
    StringBuilder text = new StringBuilder();
    for (Map.Entry<Name, Map<Integer, RRset>> e : nodes.entrySet()) {
      Name owner = e.getKey();
      boolean occluded = isOccluded(owner, cuts.keySet());
      boolean cut = cuts.containsKey(owner);
      for (RRset rrset : e.getValue().values()) {
        for (Record r : rrset.rrs(false)) {
          text.append(r).append('\n');
        }
        if (occluded || (cut && rrset.getType() == Type.NS)) {
          continue;
        }
        text.append(signature(rrset, dnskey, keys)).append('\n');
      }
    }
    return new Signed(
        apex,
        denial,
        text.toString(),
        dnskey,
        minimum,
        Collections.unmodifiableSet(authoritative),
        Collections.unmodifiableSet(ents),
        Collections.unmodifiableMap(cuts),
        Collections.unmodifiableSet(hashed),
        Collections.unmodifiableMap(nsec3Owners));
  }

  /**
   * The RRSIG over an RRset; the same RRset always gets the same signature (ECDSA signatures are
   * randomized), so two versions of a zone differ only where their data does.
   */
  private static RRSIGRecord signature(RRset rrset, DNSKEYRecord dnskey, KeyPair keys) {
    StringBuilder key = new StringBuilder();
    for (Record r : rrset.rrs(false)) {
      key.append(r).append('\n');
    }
    return SIGNATURES.computeIfAbsent(
        key.toString(),
        k -> {
          try {
            return DNSSEC.sign(rrset, dnskey, keys.getPrivate(), INCEPTION, EXPIRATION);
          } catch (DNSSEC.DNSSECException ex) {
            throw new IllegalStateException(ex);
          }
        });
  }

  private static final Map<String, RRSIGRecord> SIGNATURES = new ConcurrentHashMap<>();

  /** The types in the NSEC/NSEC3 bitmap for the data at a name (at a cut: NS and DS only). */
  private static Set<Integer> typesAt(Map<Integer, RRset> node, boolean cut) {
    Set<Integer> types = new TreeSet<>();
    for (int t : node.keySet()) {
      if (!cut || t == Type.NS || t == Type.DS) {
        types.add(t);
      }
    }
    return types;
  }

  private static boolean isOccluded(Name n, Set<Name> cuts) {
    for (Name c : cuts) {
      if (n.subdomain(c) && !n.equals(c)) {
        return true;
      }
    }
    return false;
  }

  private static int[] toArray(Set<Integer> types) {
    return types.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void add(Map<Name, Map<Integer, RRset>> nodes, Record r) {
    nodes
        .computeIfAbsent(r.getName(), k -> new LinkedHashMap<>())
        .computeIfAbsent(r.getType(), k -> new RRset())
        .addRR(r);
  }

  static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
