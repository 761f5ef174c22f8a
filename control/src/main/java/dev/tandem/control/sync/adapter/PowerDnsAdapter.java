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
import org.xbill.DNS.Type;

/**
 * A PowerDNS Authoritative server's HTTP API: the zone read by {@code GET
 * /api/v1/servers/{server}/zones/{zone}} (its {@code rrsets}), changes sent as one {@code PATCH} of
 * RRsets with {@code changetype} REPLACE or DELETE, which PowerDNS applies in one transaction or
 * refuses whole with 422 and its reason. Disabled records are not served, so not listed.
 */
public final class PowerDnsAdapter implements SyncAdapter {
  private final Name zone;
  private final JsonHttp http;
  private final String path;

  public PowerDnsAdapter(Name zone, URI url, String apiKey, String serverId) {
    this.zone = zone;
    this.http = new JsonHttp(url, apiKey);
    this.path =
        "/api/v1/servers/"
            + URLEncoder.encode(serverId, StandardCharsets.UTF_8)
            + "/zones/"
            + URLEncoder.encode(zone.toString(), StandardCharsets.UTF_8);
  }

  @Override
  public String describe() {
    return http.describe();
  }

  @Override
  public List<SyncRrSet> list() throws SyncException {
    JsonNode z = http.get(path);
    List<SyncRrSet> out = new ArrayList<>();
    for (JsonNode r : z.path("rrsets")) {
      List<String> data = new ArrayList<>();
      for (JsonNode rec : r.path("records")) {
        if (!rec.path("disabled").asBoolean(false)) {
          data.add(rec.path("content").asText());
        }
      }
      if (data.isEmpty()) {
        continue;
      }
      out.add(
          SyncRrSet.parse(
              name(r.path("name").asText()),
              type(r.path("type").asText()),
              r.path("ttl").asLong(),
              data));
    }
    return out;
  }

  @Override
  public void apply(List<Replacement> changes) throws SyncException {
    http.patch(
        path,
        Map.of(
            "rrsets",
            JsonHttp.rrsetChanges(
                changes,
                a -> {
                  List<Map<String, Object>> records = new ArrayList<>();
                  for (String d : a.quoted()) {
                    records.add(Map.of("content", d, "disabled", false));
                  }
                  return records;
                })));
  }

  private Name name(String text) throws SyncException {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw SyncException.failed(
          "PowerDNS at "
              + describe()
              + " lists a name "
              + text
              + " of zone "
              + zone
              + " that does not read");
    }
  }

  static int type(String text) throws SyncException {
    int t = Type.value(text);
    if (t < 0) {
      throw SyncException.failed("an RR type " + text + " that does not read");
    }
    return t;
  }
}
