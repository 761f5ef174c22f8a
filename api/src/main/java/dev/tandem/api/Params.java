package dev.tandem.api;

import dev.tandem.control.access.Names;
import dev.tandem.control.service.ApiKeys.Scope;
import dev.tandem.control.service.ZoneText;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Names as the REST API's paths and queries give them, and what the request's key may see. */
final class Params {
  private Params() {}

  /** The zone of a {@code /api/zones/{zone}} path. */
  static Name zone(Context ctx) {
    return zoneName(ctx.pathParam("zone"));
  }

  /** A zone's name, U-labels as A-labels ({@link ZoneText#zoneName}). */
  static Name zoneName(String text) {
    return ZoneText.zoneName(text, "zone");
  }

  /** An absolute name (the trailing dot optional). */
  static Name name(String text, String field) {
    try {
      return Names.parse(text, field);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, String.valueOf(e.getMessage()));
    }
  }

  /** A name relative to {@code zone} unless it ends with a dot; {@code @} is the apex. */
  static Name relative(String text, Name zone, String field) {
    if (text.equals("@")) {
      return zone;
    }
    try {
      return Name.fromString(text, zone);
    } catch (TextParseException e) {
      throw ApiError.invalid(field, "'" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  /**
   * A whole number from the query, from {@code min} to {@code max}; {@code absent} when not given.
   */
  static long number(Context ctx, String param, long absent, long min, long max) {
    String text = ctx.queryParam(param);
    if (text == null) {
      return absent;
    }
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiError.invalid(param, param + " '" + text + "' is not a number");
    }
    if (n < min || n > max) {
      throw ApiError.invalid(
          param,
          param
              + (max >= Integer.MAX_VALUE
                  ? " must be at least " + min
                  : " must be from " + min + " to " + max));
    }
    return n;
  }

  /**
   * The {@code Link} header (RFC 8288) of a full page of a list in DNS order: the page after {@code
   * last}, of {@code limit} items, with {@code more} parameters ({@code "&state=ok"}) kept.
   */
  static void linkNext(Context ctx, String path, Name last, long limit, String more) {
    ctx.header(
        "Link",
        "<"
            + path
            + "?after="
            + URLEncoder.encode(last.toString(), StandardCharsets.UTF_8)
            + "&limit="
            + limit
            + more
            + ">; rel=\"next\"");
  }

  /** Whether the request's key is an admin key (which sees secrets). */
  static boolean admin(Context ctx) {
    return Routes.key(ctx).scope().allows(Scope.ADMIN);
  }
}
