package dev.tandem.control.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.store.ZoneStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TSIG keys made through the API, as the store keeps them: one object of kind {@value #KIND}
 * per key, {@code {"algorithm": ..., "secret": base64}}. Every node sharing the store reads them.
 */
public final class StoredKeys {
  private static final Logger log = LoggerFactory.getLogger(StoredKeys.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The store's object kind for TSIG keys. */
  public static final String KIND = "tsig-key";

  private StoredKeys() {}

  /** The stored keys; a damaged one is logged and left out. */
  public static List<TsigKey> read(ZoneStore store) {
    List<TsigKey> out = new ArrayList<>();
    store
        .objects(KIND)
        .forEach(
            (name, body) -> {
              try {
                JsonNode n = JSON.readTree(body);
                out.add(TsigKey.of(name, n.path("algorithm").asText(), n.path("secret").asText()));
              } catch (JsonProcessingException | IllegalArgumentException e) {
                log.error("stored TSIG key {} is damaged and not loaded: {}", name, e.getMessage());
              }
            });
    return out;
  }

  /** Stores {@code key} (replacing one of that name). */
  public static void save(ZoneStore store, TsigKey key) {
    ObjectNode body = JSON.createObjectNode();
    body.put("algorithm", key.algorithmName());
    body.put("secret", Base64.getEncoder().encodeToString(key.secret()));
    store.saveObject(KIND, key.name().toString(), body.toString());
  }
}
