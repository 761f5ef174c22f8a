package dev.tandem.api;

/** The page at {@code /}: where things are, for whoever opens the API's address in a browser. */
final class Index {
  private Index() {}

  static final String HTML =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Tandem</title></head>
      <body>
      <h1>Tandem</h1>
      <ul>
        <li><a href="/api/docs">/api/docs</a>: the API, browsable (Swagger UI)</li>
        <li><a href="/api/openapi.json">/api/openapi.json</a>: the API as OpenAPI 3</li>
        <li><a href="/api/v1">/api/v1</a>: the PowerDNS-compatible API</li>
        <li><a href="/metrics">/metrics</a>: Prometheus metrics</li>
        <li><a href="/health">/health</a> and <a href="/ready">/ready</a>: for probes</li>
      </ul>
      <p>Every request under /api needs a key: X-API-Key or Authorization: Bearer.</p>
      </body></html>
      """;
}
