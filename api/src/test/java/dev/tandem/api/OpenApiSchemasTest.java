package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes request bodies and answers with schemas made from the records the
 * handlers use, so a client generator gets types, not {@code "type": "object"}.
 */
class OpenApiSchemasTest extends ApiOnSqlite {

  private JsonNode doc() {
    return h.call("GET", "/api/openapi.json", null, null).json();
  }

  @Test
  void creatingAnApiKeyIsDescribedByTheRecordsItsHandlerReadsAndWrites() {
    JsonNode doc = doc();
    JsonNode post = doc.path("paths").path("/api/api-keys").path("post");
    assertThat(post.at("/requestBody/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/ApiKeyResource.NewKeyBody");
    assertThat(post.at("/responses/201/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/ApiKeyResource.MadeJson");
    JsonNode body = doc.at("/components/schemas/ApiKeyResource.NewKeyBody");
    List<String> fields = new ArrayList<>();
    body.path("properties").fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyElementsOf(
            Arrays.stream(ApiKeyResource.NewKeyBody.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList());
    assertThat(body.at("/properties/zones/type").asText()).isEqualTo("array");
    assertThat(body.at("/properties/zones/items/type").asText()).isEqualTo("string");
  }

  @Test
  void listsAreArraysOfTheirRecordAndOptionalFieldsAreNotRequired() {
    JsonNode doc = doc();
    JsonNode transfers =
        doc.at("/paths/~1api~1zones~1{zone}~1transfers/get/responses/200/content")
            .path("application/json")
            .path("schema");
    assertThat(transfers.path("type").asText()).isEqualTo("array");
    assertThat(transfers.at("/items/$ref").asText())
        .isEqualTo("#/components/schemas/HistoryResource.TransferJson");
    JsonNode transfer = doc.at("/components/schemas/HistoryResource.TransferJson");
    List<String> required = new ArrayList<>();
    transfer.path("required").forEach(n -> required.add(n.asText()));
    assertThat(required).contains("peer", "records").doesNotContain("error", "fromSerial");
    assertThat(transfer.at("/properties/records/type").asText()).isEqualTo("integer");
  }

  @Test
  void everyReferenceResolves() {
    JsonNode doc = doc();
    List<String> refs = new ArrayList<>();
    collect(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(doc.at(ref.substring(1))).as(ref).isNotNull();
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private static void collect(JsonNode n, List<String> refs) {
    if (n.has("$ref")) {
      refs.add(n.get("$ref").asText());
    }
    n.forEach(c -> collect(c, refs));
  }
}
