package dev.tandem.app;

import java.nio.file.Path;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** A zone served from a file: {@code --zone ORIGIN=FILE}. */
record ZoneSource(Name origin, Path file) {
  /**
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  static ZoneSource parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException(
          "'" + text + "': expected ORIGIN=FILE, like example.com=zones/example.com.zone");
    }
    String origin = text.substring(0, eq).trim();
    try {
      return new ZoneSource(
          Name.fromString(origin, Name.root), Path.of(text.substring(eq + 1).trim()));
    } catch (TextParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "': '" + origin + "' is not a domain name (" + e.getMessage() + ")");
    }
  }
}
