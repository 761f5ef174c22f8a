package dev.tandem.control.sync.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Another Tandem's REST API: the zone read by {@code GET /api/zones/{zone}/rrsets}, changes sent as
 * one {@code PATCH /api/zones/{zone}/rrsets} (REPLACE or DELETE per RRset), which makes one new
 * serial there or refuses all with 400/422 and the reason.
 */
public final class TandemAdapter implements SyncAdapter {
  private final Name zone;
  private final JsonHttp http;
  private final String path;

  public TandemAdapter(Name zone, URI url, String apiKey) {
    this.zone = zone;
    this.http = new JsonHttp(url, apiKey);
    this.path =
        "/api/zones/" + URLEncoder.encode(zone.toString(), StandardCharsets.UTF_8) + "/rrsets";
  }

  @Override
  public String describe() {
    return http.describe();
  }

  @Override
  public List<SyncRrSet> list() throws SyncException {
    List<SyncRrSet> out = new ArrayList<>();
    for (JsonNode r : http.get(path)) {
      List<String> data = new ArrayList<>();
      r.path("records").forEach(d -> data.add(d.asText()));
      if (data.isEmpty()) {
        continue;
      }
      Name owner;
      try {
        owner = Name.fromString(r.path("name").asText(), zone);
      } catch (TextParseException e) {
        throw SyncException.failed("Tandem at " + describe() + " lists a name that does not read");
      }
      out.add(
          SyncRrSet.parse(
              owner, PowerDnsAdapter.type(r.path("type").asText()), r.path("ttl").asLong(), data));
    }
    return out;
  }

  @Override
  public void apply(List<Replacement> changes) throws SyncException {
    http.patch(path, Map.of("rrsets", JsonHttp.rrsetChanges(changes, SyncRrSet::quoted)));
  }
}
