package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code tandem reload} ({@code zone-reload}): makes the running server re-read its zone files. */
@Command(
    name = "reload",
    aliases = "zone-reload",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the running server re-read its zone files (as SIGHUP does).",
      "Reports each zone. A zone whose file has errors keeps serving its previous version;",
      "the exit code is then 1. Needs an admin API key (the local one is)."
    })
final class ReloadCommand extends ClientCommand {
  @Override
  int run(ApiClient api) {
    ApiClient.Answer a = api.exchange("POST", "/api/reload", null, null);
    JsonNode r = a.status() == 422 ? a.json() : ApiClient.checked(a).json();
    if (!r.has("ok")) {
      ApiClient.checked(a);
      throw new ClientException("the server's answer to reload has no 'ok': " + a.body());
    }
    r.path("lines").forEach(l -> out().println(l.asText()));
    return r.path("ok").asBoolean() ? 0 : 1;
  }
}
