package dev.tandem.control.monitor.check;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Which provider a server belongs to. The questions multi-provider DNS asks ("does the NS set list
 * both providers?", "does the zone survive the loss of one?") are about providers, not servers, so
 * every server gets one, in this order:
 *
 * <ol>
 *   <li>the configured rules ({@code --provider NAME=PATTERN,...}), in order: a pattern is an
 *       address ({@code 192.0.2.1}), a network ({@code 192.0.2.0/24}) or a name suffix ({@code
 *       provider-a.example}, matching that name and every name under it);
 *   <li>well-known providers whose name servers are named in several domains (Route 53's {@code
 *       awsdns-NN.com/.net/.org/.co.uk}, UltraDNS, Azure DNS, ...), so that they count once;
 *   <li>the domain the server's NS name is in, at the registration level ({@code ns1.example.net.}
 *       → {@code example.net}; {@code ns.example.co.uk.} → {@code example.co.uk});
 *   <li>{@code unknown}, for a server configured by address alone.
 * </ol>
 *
 * Vanity names (a provider's servers named inside the customer's own zone) hide the provider from
 * the third rule: those need a rule.
 */
public final class Providers {
  /** The provider of a server nothing attributes. */
  public static final String UNKNOWN = "unknown";

  private record Rule(String provider, List<Pattern> patterns) {}

  private sealed interface Pattern {
    record Network(byte[] prefix, int bits) implements Pattern {}

    record Suffix(Name name) implements Pattern {}
  }

  /** Name-server domains of providers that spread them over several registered domains. */
  private static final String[][] WELL_KNOWN = {
    {"awsdns-", "Amazon Route 53"},
    {"ultradns.", "UltraDNS"},
    {"azure-dns.", "Azure DNS"},
    {"googledomains.com.", "Google Cloud DNS"},
    {"dynect.net.", "Oracle Dyn"},
    {"nsone.net.", "NS1"},
    {"akam.net.", "Akamai"},
    {"cloudflare.com.", "Cloudflare"},
    {"domaincontrol.com.", "GoDaddy"},
  };

  private final List<Rule> rules;

  private Providers(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** No configured rules: well-known providers and NS-name domains only. */
  public static final Providers DEFAULT = new Providers(List.of());

  /**
   * The rules of {@code --provider} flags, each {@code NAME=PATTERN[,PATTERN...]}, in order.
   *
   * @throws IllegalArgumentException naming the rule and what is wrong with it
   */
  public static Providers parse(List<String> specs) {
    List<Rule> rules = new ArrayList<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new IllegalArgumentException(
            "provider '" + spec + "' is not of the form NAME=PATTERN[,PATTERN...]");
      }
      String name = spec.substring(0, eq).trim();
      List<Pattern> patterns = new ArrayList<>();
      for (String p : spec.substring(eq + 1).split(",")) {
        patterns.add(pattern(p.trim(), spec));
      }
      rules.add(new Rule(name, patterns));
    }
    return new Providers(rules);
  }

  private static Pattern pattern(String p, String spec) {
    if (p.isEmpty()) {
      throw new IllegalArgumentException("provider '" + spec + "' has an empty pattern");
    }
    String address = p;
    int bits = -1;
    int slash = p.indexOf('/');
    if (slash > 0) {
      address = p.substring(0, slash);
      try {
        bits = Integer.parseInt(p.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "provider '" + spec + "': bad prefix length in '" + p + "'", e);
      }
    }
    if (address.matches("[0-9.]+") || address.contains(":")) {
      byte[] bytes;
      try {
        bytes = Address.getByAddress(address).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("provider '" + spec + "': bad address '" + p + "'", e);
      }
      int max = bytes.length * 8;
      if (bits < 0) {
        bits = max;
      }
      if (bits > max) {
        throw new IllegalArgumentException(
            "provider '" + spec + "': prefix length " + bits + " is longer than the address");
      }
      return new Pattern.Network(bytes, bits);
    }
    if (slash > 0) {
      throw new IllegalArgumentException("provider '" + spec + "': bad address '" + p + "'");
    }
    try {
      String n = p.startsWith(".") ? p.substring(1) : p;
      return new Pattern.Suffix(Name.fromString(n.endsWith(".") ? n : n + "."));
    } catch (TextParseException e) {
      throw new IllegalArgumentException("provider '" + spec + "': bad name '" + p + "'", e);
    }
  }

  /** The provider of a server at {@code address} named {@code name} (either may be null). */
  public String of(@Nullable Name name, @Nullable InetAddress address) {
    for (Rule r : rules) {
      for (Pattern p : r.patterns()) {
        if (matches(p, name, address)) {
          return r.provider();
        }
      }
    }
    if (name == null) {
      return UNKNOWN;
    }
    String lower = name.toString().toLowerCase(Locale.ROOT);
    for (String[] w : WELL_KNOWN) {
      int at = lower.indexOf(w[0]);
      if (at == 0 || at > 0 && lower.charAt(at - 1) == '.') {
        return w[1];
      }
    }
    return registered(name);
  }

  private static boolean matches(Pattern p, @Nullable Name name, @Nullable InetAddress address) {
    return switch (p) {
      case Pattern.Suffix s -> name != null && name.subdomain(s.name());
      case Pattern.Network n -> address != null && inNetwork(address.getAddress(), n);
    };
  }

  private static boolean inNetwork(byte[] a, Pattern.Network n) {
    if (a.length != n.prefix().length) {
      return false;
    }
    int full = n.bits() / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != n.prefix()[i]) {
        return false;
      }
    }
    int rest = n.bits() % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (n.prefix()[full] & mask);
  }

  /**
   * The domain {@code name} is registered in, roughly: its last two labels, or three under a
   * two-letter country code whose second level is a short generic one ({@code co.uk}, {@code
   * com.au}). Names of one label or the root name themselves.
   */
  static String registered(Name name) {
    int labels = name.labels() - 1; // without the root label
    if (labels <= 2) {
      String s = name.toString(true);
      return s.isEmpty() ? "." : s.toLowerCase(Locale.ROOT);
    }
    String tld = name.getLabelString(labels - 1).toLowerCase(Locale.ROOT);
    String second = name.getLabelString(labels - 2).toLowerCase(Locale.ROOT);
    int keep =
        tld.length() == 2 && labels >= 3 && (second.length() <= 3 || second.equals("gov")) ? 3 : 2;
    return new Name(name, labels - keep).toString(true).toLowerCase(Locale.ROOT);
  }
}
