package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The setup wizard's primary/primary and hidden-primary strategies in Chromium, in a small internet
 * on loopback ({@link LoopbackInternet}): provider A's BIND is a primary of {@code pp.test.} taking
 * signed UPDATEs, and Tandem (provider B) keeps it equal through a sync target the wizard adds; a
 * knotd at ns2.provider-b is the only public server of {@code hid.test.}, whose hidden primary is
 * Tandem. A wrong TSIG key shows BIND's answer; a hidden primary left in the NS set and in the
 * delegation is flagged until removed; every step of both turns green.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WizardStrategiesIT {
  private static final String ADMIN = "strategies-admin-secret";
  private static final String SYNC_KEY = "sync-key";
  private static final String HID_KEY = "hid-key";
  private static final String SECRET = "c3RyYXRlZ2llcy1rZXktc2VjcmV0LWZvci10aGUtd2l6YXJkLXRlc3Q=";
  private static final String WRONG = "d3JvbmctZm9yLXRoZS13aXphcmQtdGVzdHMtMDEyMzQ1Njc4OQ==";

  static Path dir;
  static LoopbackInternet net;
  static TandemProcess tandem;
  static TandemApi api;
  static Browser browser;
  static WizardForm wizard;
  static String browserBase;

  @BeforeAll
  static void buildTheInternet() throws Exception {
    dir = Files.createTempDirectory("strategies-it");
    net = new LoopbackInternet(dir.resolve("net"));
    net.startRoot();
    net.startTld(
        net.tldZone(
            1,
            """
            pp 3600 NS ns1.provider-a
            pp 3600 NS ns1.provider-b
            hid 3600 NS ns1.provider-b
            hid 3600 NS ns2.provider-b
            """));
    net.addAddress();
    net.startNamed(
        Map.of(
            "pp.test.",
            """
            $ORIGIN pp.test.
            @ 3600 SOA ns1.provider-a.test. hostmaster.pp.test. 1 3600 600 1209600 300
            @ 3600 NS ns1.provider-a.test.
            www 300 A 192.0.2.99
            old 300 TXT "only at provider A"
            """,
            "adopt.test.",
            """
            $ORIGIN adopt.test.
            @ 3600 SOA ns1.provider-a.test. hostmaster.adopt.test. 1 3600 600 1209600 300
            @ 3600 NS ns1.provider-a.test.
            @ 3600 NS ns1.provider-b.test.
            www 300 A 192.0.2.99
            """),
        SYNC_KEY,
        SECRET);
    int http = Peers.freePort();
    tandem =
        TandemProcess.serve(
            dir.resolve("tandem"),
            "--dns",
            net.b1 + ":53",
            "--data",
            dir.resolve("data").toString(),
            "--http",
            "127.0.0.1:" + http,
            "--api-key",
            ADMIN,
            "--root-hints",
            net.rootHints().toString(),
            "--check-interval",
            "0",
            "--tsig",
            HID_KEY + "=hmac-sha256:" + SECRET);
    api = new TandemApi(http, ADMIN);
    api.expect(
        201,
        "POST",
        "/api/zones",
        "{\"zone\":\"pp.test.\",\"kind\":\"primary\","
            + "\"nameservers\":[\"ns1.provider-a.test.\",\"ns1.provider-b.test.\"]}");
    www("pp.test.", "192.0.2.80");
    api.expect(
        201,
        "POST",
        "/api/zones",
        "{\"zone\":\"adopt.test.\",\"kind\":\"primary\","
            + "\"nameservers\":[\"ns1.provider-a.test.\",\"ns1.provider-b.test.\"]}");
    www("adopt.test.", "192.0.2.81");
    api.expect(
        201,
        "POST",
        "/api/zones",
        "{\"zone\":\"hid.test.\",\"kind\":\"primary\","
            + "\"nameservers\":[\"ns1.provider-b.test.\",\"ns2.provider-b.test.\"],"
            + "\"allowTransfer\":[\"127.0.0.0/8@"
            + HID_KEY
            + "\"]}");
    net.startKnotSecondary("hid.test.", HID_KEY, SECRET);
    browserBase = "http://127.0.0.1:" + http;
    browser = new Browser(browserBase);
    browser.logIn(ADMIN);
    wizard = new WizardForm(browser);
  }

  @AfterAll
  static void stop() throws Exception {
    Peers.closeAll(browser, tandem, net);
  }

  private static void www(String zone, String address) throws Exception {
    api.expect(
        200,
        "PATCH",
        "/api/zones/" + zone + "/rrsets",
        "{\"rrsets\":[{\"name\":\"www\",\"type\":\"A\",\"ttl\":300,"
            + "\"records\":[\""
            + address
            + "\"],\"changetype\":\"REPLACE\"}]}");
  }

  @Test
  @Order(1)
  void aWrongKeyShowsTheOtherPrimarysAnswerAndIsNotKept() throws Exception {
    wizard.start("pp.test.", "primary-primary", net.a1, SYNC_KEY, WRONG);
    String lines = wizard.check("zone-data", "[value=ours]");
    assertThat(wizard.outcome("zone-data")).as(lines).contains("failed");
    assertThat(lines)
        .contains("✓ Tandem has pp.test. as a primary zone")
        .contains("✓ sync target 'wizard' added: RFC 2136 UPDATE to " + net.a1)
        .contains(
            "✗ the other primary "
                + net.a1
                + " could not be read: sync target wizard: AXFR of pp.test. from "
                + net.a1
                + ":53: NOTAUTH; an AXFR signed with sync-key. is answered ")
        .contains(
            "NOTAUTH (TSIG error BADSIG): the other primary does not know this key, or its"
                + " secret differs.");
    browser.screenshot("wizard-sync-wrong-key");
    assertThat(api.expect(200, "GET", "/api/tsig-keys", null))
        .as("a secret the other primary refused is not kept")
        .doesNotContain(SYNC_KEY);
    assertThat(api.expect(200, "GET", "/api/zones/pp.test./sync", null)).doesNotContain("wizard");
  }

  @Test
  @Order(2)
  void theRightKeyShowsThePlanAppliesItAndTheTargetIsInSync() throws Exception {
    wizard.start("pp.test.", "primary-primary", net.a1, SYNC_KEY, SECRET);
    String lines = wizard.check("zone-data", "[value=ours]");
    assertThat(wizard.outcome("zone-data")).as(lines).contains("passed");
    assertThat(lines)
        .contains("· plan at serial ")
        .contains("· plan at serial 2: add 0, change 2, delete 1")
        .contains(
            "· change www.pp.test. A: www.pp.test. 300 A 192.0.2.99 → www.pp.test. 300 A"
                + " 192.0.2.80")
        .contains("· delete old.pp.test. TXT: old.pp.test. 300 TXT \"only at provider A\"")
        .contains("✓ the plan applied: the other primary accepted the UPDATE")
        .contains("✓ the sync target is in-sync");
    assertThat(browser.textContent("details.snippets"))
        .contains("allow-update { key \"sync-key\"; };");
    browser.screenshot("wizard-sync-plan");
    assertThat(a(net.a1, "www.pp.test.")).as("BIND has Tandem's data").contains("192.0.2.80");
    assertThat(api.expect(200, "GET", "/api/zones/pp.test./sync/wizard", null))
        .contains("\"state\":\"in-sync\"");
  }

  @Test
  @Order(3)
  void bothPrimariesListBothAndTheCanaryGoesThroughTheSyncTarget() throws Exception {
    String lines = wizard.check("ns-records", "");
    assertThat(wizard.outcome("ns-records")).as(lines).contains("passed");
    assertThat(lines)
        .contains(
            "✓ ns1.provider-a.test. ("
                + net.a1
                + ":53, other provider) lists ns1.provider-a.test., ns1.provider-b.test.");
    lines = wizard.check("registrar", "");
    assertThat(wizard.outcome("registrar")).as(lines).contains("passed");
    lines = wizard.check("updates", "");
    assertThat(wizard.outcome("updates")).as(lines).contains("passed");
    assertThat(lines)
        .contains("✓ ns1.provider-a.test. (" + net.a1 + ":53) served the canary after")
        .contains("✓ ns1.provider-b.test. (" + net.b1 + ":53) served the canary after")
        .contains("✓ canary _tandem-canary.pp.test. removed");
    assertThat(browser.text(".head")).contains("all four steps pass");
    browser.screenshot("wizard-sync-done");
  }

  @Test
  @Order(5)
  void adoptingTheirsMakesTheOtherPrimarysRrSetsTandems() throws Exception {
    wizard.start("adopt.test.", "primary-primary", net.a1, SYNC_KEY, SECRET);
    String lines = wizard.check("zone-data", "[value=theirs]");
    assertThat(wizard.outcome("zone-data")).as(lines).contains("passed");
    assertThat(lines)
        .contains(
            "· change here www.adopt.test. A: www.adopt.test. 300 A 192.0.2.81 →"
                + " www.adopt.test. 300 A 192.0.2.99")
        .contains("✓ the other primary's RRsets adopted here")
        .contains("✓ the sync target is in-sync");
    assertThat(a(net.b1, "www.adopt.test.")).as("Tandem serves theirs").contains("192.0.2.99");
    browser.screenshot("wizard-sync-adopt");
  }

  @Test
  @Order(6)
  void theEleventhFailedLoginInAMinuteFromOneAddressIsRefusedWith429() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI login = java.net.URI.create(browserBase + "/login");
    var form =
        http.send(
            java.net.http.HttpRequest.newBuilder(login).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    var csrf =
        java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(csrf.find()).isTrue();
    java.util.List<Integer> statuses = new java.util.ArrayList<>();
    String last = "";
    for (int i = 0; i < 11; i++) {
      var r =
          http.send(
              java.net.http.HttpRequest.newBuilder(login)
                  .header("Cookie", cookie)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "csrf=" + csrf.group(1) + "&key=guess-" + i))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      statuses.add(r.statusCode());
      last = r.body() + " Retry-After: " + r.headers().firstValue("Retry-After").orElse("none");
    }
    assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429);
    assertThat(last)
        .contains("Too many failed logins from 127.0.0.1 (10 in a minute): try again in")
        .containsPattern("Retry-After: [1-6]?[0-9]$");
  }

  private static String a(String server, String name) throws Exception {
    Message m =
        new SimpleResolver(server)
            .send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1)));
    return m.getSection(Section.ANSWER).toString();
  }

  @Test
  @Order(4)
  void aHiddenPrimaryInTheNsSetAndTheDelegationIsFlaggedUntilRemoved() throws Exception {
    wizard.start("hid.test.", "hidden-primary", net.b2, HID_KEY, SECRET);
    String lines = wizard.check("zone-data", "");
    assertThat(wizard.outcome("zone-data")).as(lines).contains("passed");
    assertThat(lines).contains("✓ the secondary " + net.b2 + " serves serial");
    lines = wizard.check("ns-records", "");
    assertThat(wizard.outcome("ns-records")).as(lines).contains("failed");
    assertThat(lines)
        .contains(
            "✗ ns2.provider-b.test. ("
                + net.b2
                + ":53, other provider) lists ns1.provider-b.test., ns2.provider-b.test.: remove"
                + " ns1.provider-b.test., the hidden primary, from its NS RRset");
    browser.screenshot("wizard-hidden-ns");

    long before = LoopbackInternet.serial(net.b2, "hid.test.");
    api.expect(
        200,
        "PATCH",
        "/api/zones/hid.test./rrsets",
        "{\"rrsets\":[{\"name\":\"@\",\"type\":\"NS\",\"ttl\":3600,"
            + "\"records\":[\"ns2.provider-b.test.\"],\"changetype\":\"REPLACE\"}]}");
    LoopbackInternet.awaitSerialNot(net.b2, "hid.test.", before);
    lines = wizard.check("ns-records", "");
    assertThat(wizard.outcome("ns-records")).as(lines).contains("passed");

    lines = wizard.check("registrar", "");
    assertThat(wizard.outcome("registrar")).as(lines).contains("failed");
    assertThat(lines)
        .contains(
            "✗ the parent test. delegates hid.test. to ns1.provider-b.test., ns2.provider-b.test.:"
                + " at your registrar, remove ns1.provider-b.test., the hidden primary");
    net.changeTld(
        net.tldZone(
            2,
            """
            pp 3600 NS ns1.provider-a
            pp 3600 NS ns1.provider-b
            hid 3600 NS ns2.provider-b
            """));
    lines = wizard.check("registrar", "");
    assertThat(wizard.outcome("registrar")).as(lines).contains("passed");
    lines = wizard.check("updates", "");
    assertThat(wizard.outcome("updates")).as(lines).contains("passed");
    assertThat(lines)
        .contains("✓ ns2.provider-b.test. (" + net.b2 + ":53) served the canary after");
    assertThat(browser.text(".head")).contains("all four steps pass");
    browser.screenshot("wizard-hidden-done");
  }
}
