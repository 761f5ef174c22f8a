package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.engine.Transport;
import dev.tandem.store.SqliteZoneStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * A zone's settings and a TSIG key's secret change at run time, each with one call, all or nothing,
 * the zone served throughout: what transfers and signed requests meet next is checked through the
 * data plane's own port, and what a restart finds through the store.
 */
class SettingsAtRunTimeTest {
  private static final Name ZONE = Name.fromConstantString("shop.test.");

  @TempDir Path dir;
  private ApiHarness h;
  private final MovingClock clock = new MovingClock();

  /** The system's time, moved forward at will (TSIG checks the time, within its fudge). */
  static final class MovingClock extends Clock {
    private volatile Duration ahead = Duration.ZERO;

    void forward(Duration d) {
      ahead = ahead.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Clock.systemUTC().instant().plus(ahead);
    }
  }

  private ApiHarness open() {
    return new ApiHarness(SqliteZoneStore.open(dir.resolve("tandem.db")), clock);
  }

  @BeforeEach
  void start() {
    h = open();
    Answer a =
        h.createPrimary(
            "shop.test",
            "$ORIGIN shop.test.\n@ 300 SOA ns1 hm 1 60 60 600 60\n@ 300 NS ns1\nns1 300 A 192.0.2.53\n");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static String j(String s) {
    return s.replace('\'', '"');
  }

  private boolean mayTransfer(String address, @org.jspecify.annotations.Nullable String key) {
    return h.mayTransfer("shop.test.", address, key);
  }

  @Test
  void aPrimarysTransferAndUpdateRulesChangeWithOneCallAndSurviveARestart() throws Exception {
    assertThat(mayTransfer("192.0.2.7", null)).isFalse();
    Answer a =
        h.call(
            "PATCH",
            "/api/zones/shop.test",
            j(
                "{'allowTransfer':['192.0.2.0/24','any@configured.'],"
                    + "'allowUpdate':['configured.:_acme-challenge.shop.test.:TXT'],"
                    + "'serialPolicy':'unixtime','journal':{'maxChanges':10}}"),
            ApiHarness.ADMIN);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().path("allowTransfer").toString())
        .isEqualTo("[\"192.0.2.0/24\",\"any@configured.\"]");
    assertThat(a.json().path("journal").path("maxChanges").asInt()).isEqualTo(10);
    assertThat(mayTransfer("192.0.2.7", null)).isTrue();
    assertThat(mayTransfer("198.51.100.7", null)).isFalse();
    assertThat(mayTransfer("198.51.100.7", "configured.")).isTrue();
    assertThat(h.served.get(ZONE)).isNotNull(); // served throughout

    // A change to a unixtime serial policy: the next change's serial is the time.
    Answer change =
        h.call(
            "PATCH",
            "/api/zones/shop.test/rrsets",
            j(
                "{'rrsets':[{'name':'www','type':'A','ttl':60,'records':['192.0.2.1'],'changetype':'REPLACE'}]}"),
            ApiHarness.ADMIN);
    assertThat(change.json().path("toSerial").asLong())
        .isGreaterThan(clock.instant().getEpochSecond() - 60);

    h.close();
    h = open();
    JsonNode after = h.get("/api/zones/shop.test/settings").json();
    assertThat(after.path("allowTransfer").toString())
        .isEqualTo("[\"192.0.2.0/24\",\"any@configured.\"]");
    assertThat(after.path("allowUpdate").get(0).asText())
        .isEqualTo("configured.:_acme-challenge.shop.test.:TXT");
    assertThat(after.path("serialPolicy").asText()).isEqualTo("unixtime");
    assertThat(after.path("journal").path("maxChanges").asInt()).isEqualTo(10);
    assertThat(mayTransfer("192.0.2.7", null)).isTrue();
  }

  @Test
  void aBadSettingIsRefusedWholeAndChangesNothing() throws Exception {
    String before = h.get("/api/zones/shop.test/settings").body();
    record Case(String body, String field, String says) {}
    for (Case c :
        new Case[] {
          new Case("{'allowTransfer':['192.0.2.0/24'],'allowUpdate':['nokey.']}", "", "nokey"),
          new Case("{'allowTransfer':['300.0.0.0/8']}", "allowTransfer[0]", "300.0.0.0"),
          new Case("{'primaries':['192.0.2.1']}", "primaries", "not a setting of a primary"),
          new Case("{'serialPolicy':'sometimes'}", "serialPolicy", "sometimes"),
          new Case("{'journal':{'maxChanges':0}}", "journal", "journal depth"),
          new Case("{'alowTransfer':[]}", "alowTransfer", "unknown field"),
          new Case("{}", "settings", "no setting given"),
        }) {
      Answer a = h.call("PATCH", "/api/zones/shop.test", j(c.body()), ApiHarness.ADMIN);
      assertThat(a.status()).as(c.body() + " → " + a.body()).isEqualTo(422);
      assertThat(a.error()).as(c.body()).contains(c.says());
      if (!c.field().isEmpty()) {
        assertThat(a.json().path("field").asText()).as(c.body()).isEqualTo(c.field());
      }
      assertThat(h.get("/api/zones/shop.test/settings").body()).isEqualTo(before);
    }
    assertThat(mayTransfer("192.0.2.7", null)).isFalse();
  }

  @Test
  void aSecondarysPrimariesAndTheirKeyChangeWithOneCall() {
    Answer made =
        h.post(
            "/api/zones",
            j("{'zone':'follow.test','kind':'secondary','primaries':['127.0.0.1:1@configured.']}"));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    Answer created = h.post("/api/tsig-keys", j("{'name':'xfr','algorithm':'hmac-sha256'}"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Answer a =
        h.call(
            "PATCH",
            "/api/zones/follow.test",
            j("{'primaries':['127.0.0.1:2@xfr.','127.0.0.1:3']}"),
            ApiHarness.ADMIN);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().path("primaries").toString())
        .isEqualTo("[\"127.0.0.1:2@xfr.\",\"127.0.0.1:3\"]");
    assertThat(h.get("/api/zones/follow.test").json().path("primaries").toString())
        .isEqualTo("[\"127.0.0.1:2\",\"127.0.0.1:3\"]");
    // The PowerDNS view reads the truth: the key the masters are asked with.
    JsonNode pdns =
        h.call("GET", "/api/v1/servers/localhost/zones/follow.test.", null, ApiHarness.ADMIN)
            .json();
    assertThat(pdns.path("slave_tsig_key_ids").toString()).isEqualTo("[\"xfr.\"]");
    // The key is in use now: it cannot be deleted until no zone names it.
    assertThat(h.call("DELETE", "/api/tsig-keys/xfr", null, ApiHarness.ADMIN).status())
        .isEqualTo(409);
    Answer none =
        h.call("PATCH", "/api/zones/follow.test", j("{'primaries':[]}"), ApiHarness.ADMIN);
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.error()).contains("at least one primary");
  }

  /** A signed query through the data plane: REFUSED (no such zone) if the TSIG verified. */
  private int signedQuery(Responder responder, String secret) throws Exception {
    Message q =
        Message.newQuery(Record.newRecord(Name.fromString("nowhere.test."), Type.SOA, DClass.IN));
    TSIG signer =
        new TSIG(
            TSIG.HMAC_SHA256,
            Name.fromString("rotated."),
            new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"),
            clock);
    signer.apply(q, null);
    byte[] wire = q.toWire();
    Responder.Session s = responder.newSession();
    int n =
        responder.respond(s, wire, wire.length, Transport.UDP, InetAddress.getLoopbackAddress());
    Message r = new Message(java.util.Arrays.copyOf(s.response(), n));
    return r.getRcode();
  }

  @Test
  void aRotatedKeysOldSecretIsAcceptedDuringTheOverlapThenOnlyTheNewOne() throws Exception {
    String old = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=";
    Answer created =
        h.post(
            "/api/tsig-keys",
            j("{'name':'rotated','algorithm':'hmac-sha256','secret':'" + old + "'}"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Responder responder =
        new Responder(() -> ServedZones.EMPTY, ResponderConfig.defaults(), h.plane.port());
    assertThat(signedQuery(responder, old)).isEqualTo(Rcode.REFUSED);

    Answer rotated =
        h.call("PUT", "/api/tsig-keys/rotated", j("{'overlapSeconds':600}"), ApiHarness.ADMIN);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String fresh = rotated.json().path("secret").asText();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(rotated.json().path("previousUntil").asText()).isNotEmpty();
    assertThat(signedQuery(responder, fresh)).isEqualTo(Rcode.REFUSED); // verified
    assertThat(signedQuery(responder, old)).isEqualTo(Rcode.REFUSED); // still, during the overlap

    clock.forward(Duration.ofSeconds(601));
    assertThat(signedQuery(responder, fresh)).isEqualTo(Rcode.REFUSED);
    assertThat(signedQuery(responder, old)).isEqualTo(Rcode.NOTAUTH); // BADSIG now
    assertThat(h.get("/api/tsig-keys/rotated").json().has("previousUntil")).isFalse();

    // Without an overlap the old secret stops at once.
    Answer now =
        h.call("PUT", "/api/tsig-keys/rotated", j("{'overlapSeconds':0}"), ApiHarness.ADMIN);
    assertThat(signedQuery(responder, fresh)).isEqualTo(Rcode.NOTAUTH);
    assertThat(signedQuery(responder, now.json().path("secret").asText())).isEqualTo(Rcode.REFUSED);
    // A key of the configuration is changed there.
    assertThat(h.call("PUT", "/api/tsig-keys/configured.", j("{}"), ApiHarness.ADMIN).status())
        .isEqualTo(409);
  }
}
