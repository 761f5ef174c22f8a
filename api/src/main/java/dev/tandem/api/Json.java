package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading request bodies strictly and writing JSON answers. A body is read into a record whose
 * components are the body's fields ({@link #fieldsOf}); an answer is a record written by Jackson,
 * its components in order.
 *
 * <p>A body is read within fixed limits, each refused with 400 naming it: {@value #MAX_BODY_BYTES}
 * bytes in all (a zone file is uploaded whole), JSON nested at most {@value #MAX_DEPTH} levels (the
 * deepest body, a PowerDNS PATCH with comments, has 4), a string at most the body's size.
 */
final class Json {
  /** The largest request body taken (a zone file is uploaded whole, as text or in JSON). */
  static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

  /** The deepest JSON nesting taken: far above any body's, far below a stack's worth. */
  static final int MAX_DEPTH = 32;

  static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength((int) MAX_BODY_BYTES)
                          .maxDocumentLength(MAX_BODY_BYTES)
                          .build())
                  .build())
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private static final Logger log = LoggerFactory.getLogger(Json.class);

  private Json() {}

  /** Sends {@code value} as JSON with {@code status}. */
  static void send(Context ctx, int status, Object value) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the answer as JSON", e);
    }
  }

  static void ok(Context ctx, Object value) {
    send(ctx, 200, value);
  }

  /**
   * Sends {@code items} as a JSON array written as they come, each rendered and dropped before the
   * next is made: a list of 100,000 zones (43 MB) is never held whole, nor are the objects it is
   * made from. The status is sent before the first item: an item that fails to render cuts the
   * answer short, and the connection is closed. A client that hangs up midway is not an error of
   * the server's: the writing stops, and only the debug log says so.
   */
  static void okEach(Context ctx, Stream<?> items) {
    ctx.status(200).contentType("application/json");
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(ctx.outputStream())) {
      g.writeStartArray();
      for (Iterator<?> it = items.iterator(); it.hasNext(); ) {
        MAPPER.writeValue(g, it.next());
      }
      g.writeEndArray();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the answer as JSON", e);
    } catch (IOException e) {
      log.debug("{} {}: the client went away midway: {}", ctx.method(), ctx.path(), e.toString());
    }
  }

  /**
   * The request body as a JSON object.
   *
   * @throws ApiError 400 if it is not JSON or not an object
   */
  static ObjectNode object(Context ctx) {
    JsonNode n = parse(ctx.body());
    if (!(n instanceof ObjectNode o)) {
      throw ApiError.badRequest("the request body must be a JSON object");
    }
    return o;
  }

  /** The request body as JSON of any shape (an array for a PATCH list). */
  static JsonNode parse(String body) {
    if (body.isBlank()) {
      throw ApiError.badRequest("the request body is empty; a JSON object is expected");
    }
    try {
      return MAPPER.readTree(body);
    } catch (StreamConstraintsException e) {
      // Jackson's own words name its setting; ours name the limit as the API documents it.
      String why = String.valueOf(e.getOriginalMessage());
      throw ApiError.badRequest(
          why.contains("nesting depth")
              ? "the JSON is nested deeper than the limit of " + MAX_DEPTH + " levels"
              : "the JSON is longer than the limit of " + MAX_BODY_BYTES + " bytes");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw ApiError.badRequest(
          "malformed JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    }
  }

  /** Fails on any field of {@code o} not in {@code known}: a misspelt field is not ignored. */
  static void only(ObjectNode o, Set<String> known) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw ApiError.invalid(
            f,
            "unknown field '"
                + f
                + "' (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  /**
   * The fields of a body read into {@code shape}: its components' names, or their {@link
   * JsonProperty} names (as Jackson writes them).
   */
  static Set<String> fieldsOf(Class<? extends Record> shape) {
    Set<String> out = new LinkedHashSet<>();
    for (RecordComponent c : shape.getRecordComponents()) {
      JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
      out.add(p == null || p.value().isEmpty() ? c.getName() : p.value());
    }
    return out;
  }

  /** As {@link #only(ObjectNode, Set)}, the known fields being those of {@code shape}. */
  static void only(ObjectNode o, Class<? extends Record> shape) {
    only(o, fieldsOf(shape));
  }

  static String text(ObjectNode o, String field) {
    String v = optionalText(o, field);
    if (v == null || v.isBlank()) {
      throw ApiError.invalid(field, "field '" + field + "' is required");
    }
    return v;
  }

  static @Nullable String optionalText(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.invalid(field, "field '" + field + "' must be a string");
    }
    return v.asText();
  }

  static List<String> texts(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw ApiError.invalid(field, "field '" + field + "' must be a list of strings");
    }
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw ApiError.invalid(field, "field '" + field + "' must be a list of strings");
      }
      out.add(item.asText());
    }
    return out;
  }

  static long number(ObjectNode o, String field, long absent) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isIntegralNumber()) {
      throw ApiError.invalid(field, "field '" + field + "' must be a whole number");
    }
    return v.asLong();
  }

  static boolean bool(ObjectNode o, String field, boolean absent) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isBoolean()) {
      throw ApiError.invalid(field, "field '" + field + "' must be true or false");
    }
    return v.asBoolean();
  }
}
