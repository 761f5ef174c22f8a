package dev.tandem.control.access;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Domain names from configuration text, with errors that say which setting was wrong. */
public final class Names {
  private Names() {}

  /** An absolute name from {@code text} (a trailing dot is optional). */
  public static Name parse(String text, String what) {
    try {
      return Name.fromString(text.trim(), Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(what + ": '" + text + "' is not a domain name", e);
    }
  }
}
