package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        jsonSchema(doc, "/paths/~1api~1zones~1{zone}~1transfers/get/responses/200");
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
            jsonSchema(doc, "/paths/~1api~1v1~1servers~1{server}~1zones~1{zone}/get/responses/200")
                .path("$ref")
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

  /**
   * Where JSON of any shape is the contract, by "schema.property": the one place a client cannot be
   * given a type.
   */
  private static final Map<String, String> FREE_FORM =
      Map.of(
          "PowerDnsServer.StatisticJson.value",
          "PowerDNS's statistics are a number as text, or a ring's list of {name, value}",
          "AuditResource.AuditJson.detail",
          "what changed, as each action records it: an RRset diff, a setting before and after");

  @Test
  void everyBodyAndAnswerOfEveryRouteHasASchema() {
    JsonNode doc = doc();
    List<String> untyped = new ArrayList<>();
    doc.path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          String route = op.getKey() + " " + path.getKey();
                          JsonNode body = op.getValue().path("requestBody");
                          if (!body.isMissingNode()) {
                            typed(route + " body", body, untyped);
                          }
                          op.getValue()
                              .path("responses")
                              .properties()
                              .forEach(
                                  answer -> {
                                    String code = answer.getKey();
                                    if (code.startsWith("2") && !code.equals("204")) {
                                      typed(route + " " + code, answer.getValue(), untyped);
                                    }
                                  });
                        }));
    doc.at("/components/schemas")
        .properties()
        .forEach(
            schema -> {
              assertThat(schema.getValue().path("properties").isEmpty())
                  .as(schema.getKey() + " has no fields")
                  .isFalse();
              schema
                  .getValue()
                  .path("properties")
                  .properties()
                  .forEach(
                      field -> {
                        String where = schema.getKey() + "." + field.getKey();
                        if (bare(field.getValue()) && !FREE_FORM.containsKey(where)) {
                          untyped.add(where);
                        }
                      });
            });
    assertThat(untyped).as("bodies, answers and fields without a schema").isEmpty();
  }

  @Test
  void aRouteThatTakesNoBodyDescribesNoneAndOneThatOnlyRefusesPromisesNoSuccess() {
    JsonNode doc = doc();
    JsonNode retransfer = doc.at("/paths/~1api~1zones~1{zone}~1retransfer/post");
    assertThat(retransfer.has("requestBody")).isFalse();
    assertThat(retransfer.at("/responses/202/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/ActionResource.Accepted");
    JsonNode autoprimary = doc.at("/paths/~1api~1v1~1servers~1{server}~1autoprimaries/post");
    assertThat(autoprimary.path("responses").has("200")).isFalse();
    assertThat(autoprimary.path("responses").has("422")).isTrue();
  }

  @Test
  void aNewZoneIsEitherAPrimaryOrASecondary() {
    JsonNode doc = doc();
    List<String> alternatives = new ArrayList<>();
    doc.at("/paths/~1api~1zones/post/requestBody/content/application~1json/schema/oneOf")
        .forEach(n -> alternatives.add(n.path("$ref").asText()));
    assertThat(alternatives)
        .containsExactly(
            "#/components/schemas/ZoneResource.NewPrimaryBody",
            "#/components/schemas/ZoneResource.NewSecondaryBody");
    assertThat(
            doc.at("/components/schemas/ZoneResource.NewSecondaryBody/properties").has("primaries"))
        .isTrue();
    // What the handler defaults when absent is not required, and shows its default.
    JsonNode secondary = doc.at("/components/schemas/ZoneResource.NewSecondaryBody");
    List<String> required = new ArrayList<>();
    secondary.path("required").forEach(n -> required.add(n.asText()));
    assertThat(required)
        .contains("zone", "kind", "primaries")
        .doesNotContain("allowNotify", "notify", "allowSerialReset");
    assertThat(secondary.at("/properties/allowSerialReset/default").asBoolean(true)).isFalse();
    assertThat(secondary.at("/properties/notify/default").isArray()).isTrue();
  }

  @Test
  void powerDnsRequestBodiesAreDescribedUnderPowerDnsNames() {
    JsonNode doc = doc();
    JsonNode patch =
        jsonSchema(doc, "/paths/~1api~1v1~1servers~1{server}~1zones~1{zone}/patch/requestBody");
    assertThat(patch.path("$ref").asText())
        .isEqualTo("#/components/schemas/PowerDnsBodies.RrSetsChange");
    JsonNode rrset = doc.at("/components/schemas/PowerDnsBodies.RrSetBody/properties");
    List<String> changetypes = new ArrayList<>();
    rrset.at("/changetype/enum").forEach(n -> changetypes.add(n.asText()));
    assertThat(changetypes).contains("REPLACE", "DELETE", "EXTEND", "PRUNE");
    JsonNode put = doc.at("/components/schemas/PowerDnsBodies.ZoneChange/properties");
    assertThat(put.has("master_tsig_key_ids")).isTrue();
    assertThat(put.has("masterTsigKeyIds")).isFalse();
  }

  /** The JSON schema of the body or answer at {@code pointer}. */
  private static JsonNode jsonSchema(JsonNode doc, String pointer) {
    return doc.at(pointer).path("content").path("application/json").path("schema");
  }

  /** The schemas under {@code holder}'s content: at least one, none a bare object. */
  private static void typed(String what, JsonNode holder, List<String> untyped) {
    JsonNode content = holder.path("content");
    if (content.isEmpty()) {
      untyped.add(what);
    }
    content
        .properties()
        .forEach(
            media -> {
              JsonNode schema = media.getValue().path("schema");
              JsonNode items = schema.path("items");
              if (bare(schema) || (!items.isMissingNode() && bare(items))) {
                untyped.add(what + " " + media.getKey());
              }
            });
  }

  /** Any JSON ({@code {}}) or an object of unknown fields. */
  private static boolean bare(JsonNode schema) {
    return schema.isEmpty()
        || (schema.path("type").asText().equals("object")
            && !schema.has("properties")
            && !schema.has("additionalProperties"));
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
