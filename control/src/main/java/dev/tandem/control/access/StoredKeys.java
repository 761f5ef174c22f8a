package dev.tandem.control.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.store.ZoneStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TSIG keys made through the API, as the store keeps them: one object of kind {@value #KIND}
 * per key, {@code {"algorithm": ..., "secret": base64}}, with {@code "previous": {"algorithm",
 * "secret", "until"}} while a rotation's old secret is still accepted. Every node sharing the store
 * reads them.
 */
public final class StoredKeys {
  private static final Logger log = LoggerFactory.getLogger(StoredKeys.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The store's object kind for TSIG keys. */
  public static final String KIND = "tsig-key";

  private StoredKeys() {}

  /**
   * A stored key, with the secret a rotation replaced while it is still accepted.
   *
   * @param previous the replaced secret, or null
   * @param until until when {@code previous} is accepted, or null
   */
  public record Stored(TsigKey key, @Nullable TsigKey previous, @Nullable Instant until) {}

  /** The stored keys; a damaged one is logged and left out. */
  public static List<TsigKey> read(ZoneStore store) {
    return readAll(store).stream().map(Stored::key).toList();
  }

  /** The stored keys with their rotations; a damaged one is logged and left out. */
  public static List<Stored> readAll(ZoneStore store) {
    List<Stored> out = new ArrayList<>();
    store
        .objects(KIND)
        .forEach(
            (name, body) -> {
              try {
                JsonNode n = JSON.readTree(body);
                TsigKey key =
                    TsigKey.of(name, n.path("algorithm").asText(), n.path("secret").asText());
                JsonNode p = n.path("previous");
                TsigKey previous =
                    p.isObject()
                        ? TsigKey.of(name, p.path("algorithm").asText(), p.path("secret").asText())
                        : null;
                Instant until = p.isObject() ? Instant.parse(p.path("until").asText()) : null;
                out.add(new Stored(key, previous, until));
              } catch (JsonProcessingException | RuntimeException e) {
                log.error("stored TSIG key {} is damaged and not loaded: {}", name, e.getMessage());
              }
            });
    return out;
  }

  /** Stores {@code key} (replacing one of that name). */
  public static void save(ZoneStore store, TsigKey key) {
    save(store, key, null, null);
  }

  /** Stores {@code key}, and the secret it replaced while that is still accepted (until then). */
  public static void save(
      ZoneStore store, TsigKey key, @Nullable TsigKey previous, @Nullable Instant until) {
    ObjectNode body = JSON.createObjectNode();
    body.put("algorithm", key.algorithmName());
    body.put("secret", Base64.getEncoder().encodeToString(key.secret()));
    if (previous != null && until != null) {
      body.putObject("previous")
          .put("algorithm", previous.algorithmName())
          .put("secret", Base64.getEncoder().encodeToString(previous.secret()))
          .put("until", until.toString());
    }
    store.saveObject(KIND, key.name().toString(), body.toString());
  }
}
