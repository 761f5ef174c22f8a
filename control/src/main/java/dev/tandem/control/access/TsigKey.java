package dev.tandem.control.access;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key (RFC 8945): its name, HMAC algorithm and shared secret.
 *
 * @param name the key's name, as both sides spell it
 * @param algorithm the algorithm's name, e.g. {@code hmac-sha256.}
 * @param secret the shared secret
 */
public record TsigKey(Name name, Name algorithm, byte[] secret) {
  /** Algorithms by the names operators write (BIND's and Knot's spellings). */
  private static final Map<String, Name> ALGORITHMS =
      Map.of(
          "hmac-md5", TSIG.HMAC_MD5,
          "hmac-sha1", TSIG.HMAC_SHA1,
          "hmac-sha224", TSIG.HMAC_SHA224,
          "hmac-sha256", TSIG.HMAC_SHA256,
          "hmac-sha384", TSIG.HMAC_SHA384,
          "hmac-sha512", TSIG.HMAC_SHA512);

  public TsigKey {
    secret = secret.clone();
  }

  /** Parses {@code NAME=ALGORITHM:BASE64SECRET}, the form of {@code --tsig}. */
  public static TsigKey parse(String spec) {
    int eq = spec.indexOf('=');
    int colon = spec.indexOf(':', eq + 1);
    if (eq <= 0 || colon < 0) {
      throw new IllegalArgumentException(
          "TSIG key '" + spec + "' is not of the form NAME=ALGORITHM:BASE64SECRET");
    }
    return of(spec.substring(0, eq), spec.substring(eq + 1, colon), spec.substring(colon + 1));
  }

  /** Whether {@code algorithm} is one a key may use (as operators write it). */
  public static boolean knows(String algorithm) {
    return ALGORITHMS.containsKey(algorithm.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
  }

  /** Whether {@code secret} is base64 of at least one byte. */
  public static boolean isBase64(String secret) {
    try {
      return Base64.getDecoder().decode(secret.trim()).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A key from its three parts as a configuration file gives them. */
  public static TsigKey of(String name, String algorithm, String base64Secret) {
    Name keyName;
    try {
      keyName = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("TSIG key name '" + name + "': " + e.getMessage(), e);
    }
    Name alg = ALGORITHMS.get(algorithm.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
    if (alg == null) {
      throw new IllegalArgumentException(
          "TSIG key "
              + name
              + ": unknown algorithm '"
              + algorithm
              + "' (use one of hmac-sha256, hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1,"
              + " hmac-md5)");
    }
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(base64Secret.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TSIG key " + name + ": the secret is not base64", e);
    }
    if (secret.length == 0) {
      throw new IllegalArgumentException("TSIG key " + name + ": the secret is empty");
    }
    return new TsigKey(keyName, alg, secret);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /** The algorithm as operators write it: {@code hmac-sha256}, ..., {@code hmac-md5}. */
  public String algorithmName() {
    String a = algorithm.toString(true).toLowerCase(Locale.ROOT);
    return a.startsWith("hmac-md5") ? "hmac-md5" : a;
  }

  /**
   * A dnsjava signer and verifier for this key, reading time from {@code clock}.
   *
   * <p>On the system clock it is made from one keyed {@link Mac} that dnsjava copies for each
   * message; otherwise dnsjava looks the algorithm up among the JCA providers and keys a new one
   * each time: about 1.3 s of the CPU of 100,000 catalog members transferred in with TSIG
   * (docs/benchmarks.md). dnsjava takes no clock with a Mac, hence the two ways.
   */
  public TSIG tsig(Clock clock) {
    SecretKeySpec key = new SecretKeySpec(secret, TSIG.nameToAlgorithm(algorithm));
    if (clock.equals(Clock.systemUTC())) {
      try {
        Mac mac = Mac.getInstance(key.getAlgorithm());
        mac.init(key);
        return new TSIG(mac, name);
      } catch (GeneralSecurityException e) {
        // no provider keys it here: dnsjava reports that on first use, as below
      }
    }
    return new TSIG(algorithm, name, key, clock);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TsigKey k
        && k.name.equals(name)
        && k.algorithm.equals(algorithm)
        && java.util.Arrays.equals(k.secret, secret);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "TSIG key " + name + " (" + TSIG.nameToAlgorithm(algorithm) + ")";
  }
}
