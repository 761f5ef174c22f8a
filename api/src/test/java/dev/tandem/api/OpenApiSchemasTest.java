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
  void powerDnsAnswersAreDescribedWithPowerDnsNames() {
    JsonNode doc = doc();
    assertThat(
            doc.at("/paths/~1api~1v1~1servers~1{server}~1zones~1{zone}/get/responses/200/content")
                .path("application/json")
                .at("/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/PowerDnsZoneJson");
    JsonNode zone = doc.at("/components/schemas/PowerDnsZoneJson/properties");
    assertThat(zone.has("soa_edit_api")).isTrue();
    assertThat(zone.has("master_tsig_key_ids")).isTrue();
    assertThat(zone.has("soaEditApi")).isFalse();
    assertThat(zone.at("/rrsets/items/$ref").asText())
        .isEqualTo("#/components/schemas/PowerDnsRrSets.RrSetJson");
  }

  @Test
  void everyRouteDescribedIsServed() {
    JsonNode paths = doc().path("paths");
    for (String route : Schemas.described()) {
      String[] mp = route.split(" ", 2);
      assertThat(paths.path(mp[1]).has(mp[0])).as(route).isTrue();
    }
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
