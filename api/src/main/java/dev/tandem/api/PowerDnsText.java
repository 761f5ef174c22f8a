package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ServiceException.Problem;
import dev.tandem.control.service.ZoneText;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Text as PowerDNS writes and reads it, since its clients compare what they read back with what
 * they sent: zone and key ids ({@code =XX} escapes), names in bodies (absolute, the trailing dot
 * required), record content (TXT always quoted, AAAA as RFC 5952 has it, hex in lower case).
 */
final class PowerDnsText {
  private PowerDnsText() {}

  /**
   * PowerDNS's zone and key ids: the name with a trailing dot, every byte but letters, digits, '.'
   * and '-' as {@code =XX}; the root as {@code =2E}.
   */
  static String id(Name name) {
    String text = name.toString();
    if (text.equals(".")) {
      return "=2E";
    }
    StringBuilder b = new StringBuilder();
    for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '-') {
        b.append(c);
      } else {
        b.append('=').append(String.format(Locale.ROOT, "%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  /** Reverses {@link #id}: each {@code =XX} back to its byte. */
  static String unescape(String id) {
    if (id.indexOf('=') < 0) {
      return id;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in = id.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '=' && i + 2 < in.length && isHex(in[i + 1]) && isHex(in[i + 2])) {
        out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(in[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  /** The zone of the URL: its id or its name, the dot optional; unknown as PowerDNS words it. */
  static Name zoneParam(Context ctx) {
    String text = unescape(ctx.pathParam("zone"));
    try {
      return ZoneText.zoneName(text, "zone", true);
    } catch (ServiceException e) {
      throw new ServiceException(Problem.NOT_FOUND, "Could not find domain '" + text + "'");
    }
  }

  /** A new zone's name: canonical ({@link #canonicalName}), then as every surface checks it. */
  static Name zoneName(String text) {
    if (!text.trim().endsWith(".")) {
      throw new ApiError(
          422, "name", "DNS Name '" + ZoneText.printable(text) + "' is not canonical");
    }
    return ZoneText.zoneName(text, "name", true);
  }

  /** NOT_FOUND reworded as PowerDNS words it; other refusals as they are. */
  static ServiceException rename(ServiceException e, String notFound) {
    if (e.problem() == Problem.NOT_FOUND) {
      return new ServiceException(Problem.NOT_FOUND, notFound);
    }
    return e;
  }

  /** A key id or name as clients give it (with or without the trailing dot). */
  static String keyName(String idOrName) {
    return unescape(idOrName.trim());
  }

  /** A name as PowerDNS requires it in bodies: absolute, with the trailing dot. */
  static Name canonicalName(String text) {
    String t = text.trim();
    if (!t.endsWith(".")) {
      throw new ApiError(422, "DNS Name '" + ZoneText.printable(text) + "' is not canonical");
    }
    try {
      return Name.fromString(t, Name.root);
    } catch (TextParseException e) {
      throw new ApiError(
          422, "DNS Name '" + ZoneText.printable(text) + "' is not valid: " + ZoneText.why(e));
    }
  }

  /** A string field PowerDNS requires, refused as PowerDNS words it. */
  static String requiredText(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new ApiError(422, field, "Key '" + field + "' not present or not a String");
    }
    return v.asText();
  }

  /** The first of {@code values}, or {@code absent}. */
  static String first(List<String> values, String absent) {
    return values.isEmpty() ? absent : values.get(0);
  }

  /** Record data as PowerDNS prints it (TXT always quoted, AAAA compressed, hex lower case). */
  static String content(Record r) {
    int t = r.getType();
    List<byte[]> strings =
        r instanceof TXTRecord txt
            ? txt.getStringsAsByteArrays()
            : r instanceof SPFRecord spf ? spf.getStringsAsByteArrays() : null;
    if (strings != null) {
      StringBuilder b = new StringBuilder();
      for (byte[] string : strings) {
        if (!b.isEmpty()) {
          b.append(' ');
        }
        b.append('"');
        for (byte x : string) {
          int c = x & 0xff;
          if (c < 32 || c >= 127) {
            b.append('\\').append(String.format(Locale.ROOT, "%03d", c));
          } else if (c == '"' || c == '\\') {
            b.append('\\').append((char) c);
          } else {
            b.append((char) c);
          }
        }
        b.append('"');
      }
      return b.toString();
    }
    if (t == Type.AAAA) {
      return ipv6(r.rdataToWireCanonical());
    }
    if (t == Type.DS || t == Type.CDS || t == Type.SSHFP || t == Type.TLSA || t == Type.SMIMEA) {
      return r.rdataToString().toLowerCase(Locale.ROOT);
    }
    // PowerDNS writes an '@' in a name as it is (an SOA's RNAME "hostmaster@..." as given);
    // dnsjava escapes it. Unknown types' "\\# 0 " loses dnsjava's trailing space.
    return r.rdataToString().replace("\\@", "@").trim();
  }

  /** RFC 5952 text of 16 bytes: lower case, the longest run of two or more zero groups as "::". */
  static String ipv6(byte[] a) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (!b.isEmpty() && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }
}
