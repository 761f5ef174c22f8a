package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The control panel in Chromium against a real Tandem (primary of {@code panel.test}, with a Knot
 * secondary on loopback): log in with an API key, the dashboard, a record added through the preview
 * and then answered over DNS by Tandem and by Knot, a validation error beside its field, a change
 * reverted from the journal, a POST without the CSRF token refused, a read key that sees everything
 * and can change nothing. Every page visited is saved in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelIT {
  private static final String ORIGIN = "panel.test.";
  private static final String KEY = "xfr-key";
  private static final String SECRET = "c2VjcmV0LWtleS1mb3ItcGFuZWwtdGVzdHMtMTIzNDU2Nzg=";
  private static final String ADMIN = "panel-admin-secret";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @TempDir static Path dir;
  private static TandemProcess tandem;
  private static Secondary knot;
  private static int http;
  private static Browser browser;
  private static String readKey;

  @BeforeAll
  static void startTandemKnotAndChromium() throws Exception {
    Path zoneFile = dir.resolve("panel.test.zone");
    StringBuilder z =
        new StringBuilder(
            """
            $ORIGIN panel.test.
            $TTL 3600
            @     SOA  ns1 hostmaster 2026010101 3600 600 1209600 300
            @     NS   ns1
            @     NS   ns2
            ns1   A    127.0.0.1
            ns2   A    127.0.0.2
            www   A    192.0.2.80
            @     MX   10 mail
            mail  A    192.0.2.25
            @     TXT  "v=spf1 mx -all"
            """);
    Files.writeString(zoneFile, z);
    http = Peers.freePort();
    int knotPort = Peers.freePort();
    tandem =
        TandemProcess.serveApi(
            dir,
            http,
            ADMIN,
            "--zone",
            ORIGIN + "=" + zoneFile,
            "--tsig",
            KEY + "=hmac-sha256:" + SECRET,
            "--allow-transfer",
            ORIGIN + "=127.0.0.1@" + KEY,
            "--notify",
            ORIGIN + "=127.0.0.1:" + knotPort + "@" + KEY);
    knot =
        Secondary.start(
            "knotd", dir.resolve("knot"), knotPort, "panel.test", tandem.port(), KEY, SECRET);
    TandemApi api = new TandemApi(http, ADMIN);
    Map<?, ?> made =
        (Map<?, ?>)
            Json.parse(
                api.expect(
                    201, "POST", "/api/api-keys", "{\"name\":\"viewer\",\"scope\":\"read\"}"));
    readKey = (String) made.get("secret");
    browser = new Browser("http://127.0.0.1:" + http);
  }

  @AfterAll
  static void stop() throws Exception {
    Peers.closeAll(browser, knot, tandem);
  }

  @Test
  @Order(1)
  void aWrongKeyIsRefusedOnTheLoginFormAndTheAdminKeyOpensTheDashboard() throws Exception {
    browser.open("/");
    assertThat(browser.path()).as("not logged in: sent to the login form").startsWith("/login");
    browser.type("#key", "not-a-key");
    browser.click("button[type=submit]");
    assertThat(browser.text("#key-error")).contains("not valid");
    browser.screenshot("login-refused");

    browser.type("#key", ADMIN);
    browser.click("button[type=submit]");
    assertThat(browser.path()).isEqualTo("/");
    String session = browser.cookie("tandem_session");
    assertThat(session).isNotEmpty();
    HttpResponse<String> login =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/login")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.headers().firstValue("Set-Cookie").orElse(""))
        .as("the session cookie is out of scripts' and other sites' reach")
        .contains("HttpOnly", "SameSite=Strict", "Path=/")
        .doesNotContain("Secure");
    HttpResponse<String> behindTls =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/login"))
                .header("X-Forwarded-Proto", "https")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(behindTls.headers().firstValue("Set-Cookie").orElse(""))
        .as("behind a proxy that ends TLS, the cookie is sent over HTTPS only")
        .contains("; Secure");
    assertThat(browser.text("table.zones")).contains("panel.test.", "primary", "ok", "2026010101");
    browser.screenshot("dashboard");

    // The search filters as one types (htmx from the jar, under the pages' content policy).
    browser.type("#q", "no-such-zone");
    browser.waitForText("#zones", "No zone matches.");
    assertThat(browser.path()).as("the address follows the filter").contains("q=no-such-zone");
    browser.type("#q", "panel");
    browser.waitForText("#zones", "1 of 1 zones");
  }

  @Test
  @Order(2)
  void aRecordAddedInThePanelIsPreviewedThenAnsweredByTandemAndByTheKnotSecondary()
      throws Exception {
    browser.open("/zones/" + ORIGIN);
    assertThat(browser.text("#records")).contains("www", "192.0.2.80");
    assertThat(browser.text("#settings"))
        .as("a zone of the configuration is changed there")
        .contains("comes from the server's configuration");
    browser.screenshot("zone");
    browser.type("#name", "api");
    browser.type("#type", "A");
    browser.type("#ttl", "300");
    browser.type("#data", "192.0.2.55");
    browser.click("#record-form button[type=submit]");
    assertThat(browser.text("#summary")).isEqualTo("this becomes serial 2026010102: 1 added");
    assertThat(browser.text("pre.diff").replaceAll("\\s+", " "))
        .isEqualTo("+ api.panel.test. 300 IN A 192.0.2.55");
    browser.screenshot("preview");
    assertThat(Serials.of(tandem.port(), ORIGIN))
        .as("a preview changes nothing")
        .isEqualTo(2026010101L);

    browser.click("form button.primary");
    assertThat(browser.text(".notice")).contains("2026010101 → 2026010102");
    assertThat(answers(tandem.port(), "api.panel.test.", Type.A)).containsExactly("192.0.2.55");
    Serials.await(knot.port(), ORIGIN, 2026010102L, Duration.ofSeconds(15));
    assertThat(answers(knot.port(), "api.panel.test.", Type.A))
        .as("the Knot secondary got it by NOTIFY and IXFR")
        .containsExactly("192.0.2.55");
    browser.screenshot("zone-changed");
  }

  @Test
  @Order(3)
  void aRecordEditedInThePanelIsOneChangeAnsweredByTandemAndByTheKnotSecondary() throws Exception {
    browser.open("/zones/" + ORIGIN);
    browser.click("a[href*='name=www.panel.test.']");
    assertThat(browser.find("#data").getDomProperty("value")).isEqualTo("192.0.2.80");
    browser.type("#data", "192.0.2.81");
    browser.click("#record-form button[type=submit]");
    assertThat(browser.text("#summary")).isEqualTo("this becomes serial 2026010103: 1 changed");
    assertThat(browser.text("pre.diff").replaceAll("\\s+", " "))
        .isEqualTo("- www.panel.test. 3600 IN A 192.0.2.80 + www.panel.test. 3600 IN A 192.0.2.81");
    browser.click("form button.primary");
    assertThat(answers(tandem.port(), "www.panel.test.", Type.A)).containsExactly("192.0.2.81");
    Serials.await(knot.port(), ORIGIN, 2026010103L, Duration.ofSeconds(15));
    assertThat(answers(knot.port(), "www.panel.test.", Type.A)).containsExactly("192.0.2.81");
  }

  @Test
  @Order(4)
  void anInvalidRecordIsRefusedWithTheReasonBesideItsField() throws Exception {
    browser.open("/zones/" + ORIGIN);
    browser.type("#name", "bad");
    browser.type("#type", "A");
    browser.type("#data", "192.0.2.300");
    browser.click("#record-form button[type=submit]");
    assertThat(browser.text("#data-error")).contains("192.0.2.300");
    assertThat(browser.find("#data").getDomAttribute("aria-invalid")).isEqualTo("true");
    browser.screenshot("record-refused");
  }

  @Test
  @Order(5)
  void aChangeIsRevertedFromTheJournal() throws Exception {
    browser.open("/zones/" + ORIGIN + "#journal");
    assertThat(browser.text("ol.journal li:nth-child(2)"))
        .contains("2026010101 → 2026010102", "+ api.panel.test.");
    assertThat(browser.text("ol.journal li:first-child"))
        .contains("2026010102 → 2026010103", "- www.panel.test.", "+ www.panel.test.");
    browser.screenshot("journal");
    browser.click("ol.journal li:nth-child(2) button");
    assertThat(browser.text("#summary")).isEqualTo("this becomes serial 2026010104: 1 removed");
    browser.screenshot("revert-preview");
    browser.click("form button.primary");
    assertThat(answers(tandem.port(), "api.panel.test.", Type.A)).isEmpty();
    assertThat(Serials.of(tandem.port(), ORIGIN)).isEqualTo(2026010104L);
    assertThat(answers(tandem.port(), "www.panel.test.", Type.A))
        .as("the later change stays")
        .containsExactly("192.0.2.81");
  }

  @Test
  @Order(6)
  void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    String session = browser.cookie("tandem_session");
    HttpResponse<String> r =
        post(
            session,
            "/zones/" + ORIGIN + "/records",
            "op=add&name=forged&type=A&ttl=300&data=192.0.2.66");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("CSRF token is missing");
    HttpResponse<String> wrong =
        post(
            session,
            "/zones/" + ORIGIN + "/records",
            "csrf=guessed&op=add&name=forged&type=A&ttl=300&data=192.0.2.66");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(answers(tandem.port(), "forged.panel.test.", Type.A)).isEmpty();
  }

  @Test
  @Order(7)
  void keysPeersAclsAndApiKeysAreListedAnApiKeyMadeInThePanelWorksAndTheAuditLogShowsTheChanges()
      throws Exception {
    browser.open("/access");
    assertThat(browser.text("#tsig")).contains("xfr-key.", "hmac-sha256", "config");
    assertThat(browser.text("#api-key")).contains("viewer", "read");
    browser.type("#api-name", "made-in-panel");
    browser.click("#api-key button[type=submit]");
    String secret = browser.text("#made pre");
    assertThat(secret).startsWith("tdm_");
    assertThat(new TandemApi(http, secret).send("GET", "/api/zones", null).statusCode())
        .as("the key made in the panel opens the API")
        .isEqualTo(200);
    browser.screenshot("access");
    browser.open("/access");
    assertThat(browser.page()).as("the secret is shown once").doesNotContain(secret);

    browser.open("/audit");
    assertThat(browser.text("table.audit"))
        .contains("rrsets.change", "--api-key (panel)", "api-key.create", "made-in-panel");
    browser.screenshot("audit");

    browser.open("/stats");
    browser.waitFor("#queries-chart .uplot");
    browser.waitFor("#transfers-chart .uplot");
    browser.screenshot("traffic");
  }

  @Test
  @Order(8)
  void aReadKeySeesEverythingAndCanChangeNothing() throws Exception {
    browser.click("header form button");
    assertThat(browser.path()).startsWith("/login");
    browser.open("/");
    assertThat(browser.path()).as("logged out: the session is over").startsWith("/login");
    browser.logIn(readKey);
    assertThat(browser.text(".who")).contains("viewer", "read");
    browser.open("/zones/" + ORIGIN);
    assertThat(browser.text("#records")).contains("www", "192.0.2.81");
    assertThat(browser.all("#record-form")).as("no form to change records").isEmpty();
    assertThat(browser.all("button.danger")).as("no delete button").isEmpty();
    assertThat(browser.all("ol.journal button")).as("no revert button").isEmpty();
    browser.screenshot("zone-read-only");

    String session = browser.cookie("tandem_session");
    String csrf = browser.find("header form input[name=csrf]").getDomAttribute("value");
    HttpResponse<String> r =
        post(
            session,
            "/zones/" + ORIGIN + "/records",
            "csrf=" + csrf + "&op=add&name=forged&type=A&ttl=300&data=192.0.2.66");
    assertThat(r.statusCode()).as("a forged POST with the read key").isEqualTo(403);
    assertThat(r.body()).contains("has scope read; this needs write");
    assertThat(answers(tandem.port(), "forged.panel.test.", Type.A)).isEmpty();
    browser.open("/access");
    assertThat(browser.all("#api-key")).as("API keys are an admin's").isEmpty();
    assertThat(browser.all("form[action='/access/tsig']")).isEmpty();
    browser.open("/audit");
    assertThat(browser.page()).contains("has scope read; this needs admin");
    browser.screenshot("refused-read-key");
  }

  @Test
  @Order(9)
  void theDashboardIsReadableAtAPhonesWidth() throws Exception {
    browser.size(390, 844);
    try {
      browser.open("/");
      assertThat(browser.text("table.zones")).contains("panel.test.");
      browser.screenshot("dashboard-phone");
      browser.open("/zones/" + ORIGIN);
      assertThat(browser.text("#records")).contains("www");
      browser.screenshot("zone-phone");
      browser.open("/wizard");
      browser.screenshot("wizard-phone");
    } finally {
      browser.size(1280, 800);
    }
  }

  private static HttpResponse<String> post(String session, String path, String form)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
            .header("Cookie", "tandem_session=" + session)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The data of the {@code type} records at {@code name} that 127.0.0.1:{@code port} answers. */
  private static List<String> answers(int port, String name, int type) throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(port);
    r.setTimeout(Duration.ofSeconds(3));
    Lookup l = new Lookup(Name.fromString(name), type);
    l.setResolver(r);
    l.setCache(null);
    Record[] rs = l.run();
    return rs == null ? List.of() : java.util.Arrays.stream(rs).map(Record::rdataToString).toList();
  }
}
