package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ApiHarness.Answer;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/docs}: Swagger UI over the OpenAPI document, every file it loads served by Tandem
 * itself, so that the page works on a network without the Internet.
 */
class ApiDocsTest extends ApiOnSqlite {

  @Test
  void theDocsPageLoadsSwaggerUiFromTandemAndReadsTheOpenApiDocument() {
    Answer page = h.call("GET", "/api/docs", null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("url: \"/api/openapi.json\"");
    assertThat(page.body()).as("nothing from elsewhere").doesNotContain("http:", "https:", "//cdn");
    for (String file :
        new String[] {
          "swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"
        }) {
      assertThat(page.body()).contains("/api/docs/" + file);
      Answer f = h.call("GET", "/api/docs/" + file, null, null);
      assertThat(f.status()).as(file).isEqualTo(200);
      assertThat(f.body().length()).as(file).isGreaterThan(1000);
    }
    assertThat(h.call("GET", "/api/docs/swagger-ui-bundle.js", null, null).contentType())
        .startsWith("text/javascript");
    assertThat(h.call("GET", "/api/openapi.json", null, null).status()).isEqualTo(200);
  }

  @Test
  void onlyTheFilesThePageLoadsAreServed() {
    assertThat(h.call("GET", "/api/docs/index.html", null, null).status()).isEqualTo(404);
    assertThat(h.call("GET", "/api/docs/..%2F..%2FMANIFEST.MF", null, null).status())
        .isEqualTo(404);
    assertThat(h.call("GET", "/api/docs/pom.properties", null, null).status()).isEqualTo(404);
  }
}
