package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The setup wizard in Chromium, in a small internet on loopback ({@link LoopbackInternet}): a root,
 * the TLD {@code test.}, provider A's BIND primary with a TSIG key, and Tandem as provider B. The
 * secondary wizard meets each failure an operator meets (a wrong key, a key the primary refuses
 * transfers to, NS records missing at one provider, a delegation to one provider only) with the
 * exact reason, the world is fixed as the operator would fix it, and every step turns green; Tandem
 * then serves the zone and the canary went through both providers. The primary wizard takes a Knot
 * secondary of a zone Tandem holds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupWizardIT {
  private static final String ADMIN = "wizard-admin-secret";
  private static final String KEY = "wiz-key";
  private static final String SECRET = "d2l6YXJkLWtleS1zZWNyZXQtZm9yLXRoZS1zZXR1cC10ZXN0cw==";
  private static final String WRONG = "d3JvbmctZm9yLXRoZS13aXphcmQtdGVzdHMtMDEyMzQ1Njc4OQ==";
  private static final String LEAD_KEY = "lead-key";

  static Path dir;
  static LoopbackInternet net;
  static TandemProcess tandem;
  static Secondary knot;
  static Browser browser;
  static WizardForm wizard;
  static int http;
  static int local;

  private static String zoneAtA(long serial, String ns) {
    return """
        $ORIGIN wiz.test.
        @ 3600 SOA ns1.provider-a.test. hostmaster.wiz.test. %d 3600 600 1209600 300
        %s
        www 300 A 192.0.2.80
        """
        .formatted(serial, ns);
  }

  @BeforeAll
  static void buildTheInternet() throws Exception {
    dir = Files.createTempDirectory("wizard-it");
    net = new LoopbackInternet(dir.resolve("net"));
    net.startRoot();
    net.startTld(net.tldZone(1, "wiz 3600 NS ns1.provider-a\n"));
    net.addAddress();
    net.startNamed(Map.of("wiz.test.", zoneAtA(1, "@ 3600 NS ns1.provider-a.test.")), KEY, SECRET);
    http = Peers.freePort();
    local = Peers.freePort();
    tandem =
        TandemProcess.serve(
            dir.resolve("tandem"),
            "--dns",
            net.b1 + ":53",
            "--dns",
            "127.0.0.1:" + local,
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
            LEAD_KEY + "=hmac-sha256:" + SECRET);
    browser = new Browser("http://127.0.0.1:" + http);
    browser.logIn(ADMIN);
    wizard = new WizardForm(browser);
  }

  @AfterAll
  static void stop() throws Exception {
    Peers.closeAll(browser, knot, tandem, net);
  }

  @Test
  @Order(1)
  void aWrongKeyFailsTheZoneDataStepWithTheReason() throws Exception {
    browser.open("/wizard");
    browser.screenshot("wizard-start");
    wizard.start("wiz.test.", "secondary", net.a1, KEY, WRONG);
    String lines = wizard.check("zone-data");
    assertThat(wizard.outcome("zone-data")).contains("failed");
    assertThat(lines)
        .contains("✓ the primary " + net.a1 + " answers the SOA of wiz.test.: serial 1")
        .contains(
            "✗ AXFR signed with key wiz-key. failed: "
                + net.a1
                + ":53: AXFR failed: NOTAUTH"
                + " (TSIG error BADSIG). The primary does not know this key, or its secret differs");
    browser.screenshot("wizard-wrong-key");
  }

  @Test
  @Order(2)
  void aKeyThePrimaryDoesNotAllowFailsTheZoneDataStepAsRefused() throws Exception {
    wizard.start(
        "wiz.test.",
        "secondary",
        net.a1,
        LoopbackInternet.DENIED_KEY,
        LoopbackInternet.DENIED_SECRET);
    String lines = wizard.check("zone-data");
    assertThat(wizard.outcome("zone-data")).contains("failed");
    assertThat(lines)
        .contains(
            "✗ AXFR signed with key denied-key. failed: "
                + net.a1
                + ":53: AXFR failed: REFUSED. Allow transfers with this key at the primary"
                + " (configuration below).");
    assertThat(browser.textContent("details.snippets"))
        .contains("allow-transfer { key \"denied-key\"; };");
    browser.screenshot("wizard-transfer-refused");
  }

  @Test
  @Order(3)
  void theRightKeyPassesTheZoneDataStepAndTandemServesTheZone() throws Exception {
    wizard.start("wiz.test.", "secondary", net.a1, KEY, SECRET);
    String lines = wizard.check("zone-data");
    assertThat(lines)
        .contains("✓ AXFR signed with key wiz-key. allowed")
        .contains("✓ Tandem now follows " + net.a1 + " for wiz.test.")
        .contains("✓ Tandem serves wiz.test. at serial 1");
    assertThat(wizard.outcome("zone-data")).contains("passed");
    assertThat(browser.textContent("details.snippets"))
        .contains(
            "allow-transfer { key \"wiz-key\"; };",
            "also-notify { " + net.b1 + " port 53 key \"wiz-key\";");
    assertThat(LoopbackInternet.serial(net.b1, "wiz.test.")).isEqualTo(1);
  }

  @Test
  @Order(4)
  void nsRecordsMissingAtOneProviderFailUntilBothListBoth() throws Exception {
    String lines = wizard.check("ns-records");
    assertThat(wizard.outcome("ns-records")).contains("failed");
    assertThat(lines)
        .contains(
            "✗ ns1.provider-a.test. ("
                + net.a1
                + ":53, other provider) lists ns1.provider-a.test.: add ns1.provider-b.test. to"
                + " its NS RRset");
    browser.screenshot("wizard-ns-missing");

    // The operator adds Tandem's server to the NS RRset at the primary; Tandem gets it by NOTIFY.
    update("ns1.provider-b.test.", true);
    LoopbackInternet.awaitSerial(net.b1, "wiz.test.", 2);
    lines = wizard.check("ns-records");
    assertThat(wizard.outcome("ns-records")).as(lines).contains("passed");
    assertThat(lines)
        .contains(
            "✓ ns1.provider-b.test. ("
                + net.b1
                + ":53, Tandem) lists ns1.provider-a.test.,"
                + " ns1.provider-b.test.");
  }

  @Test
  @Order(5)
  void aDelegationToOneProviderOnlyFailsUntilTheRegistrarListsBoth() throws Exception {
    String lines = wizard.check("registrar");
    assertThat(wizard.outcome("registrar")).contains("failed");
    assertThat(lines)
        .contains(
            "✗ the parent test. delegates wiz.test. to ns1.provider-a.test. only: at your"
                + " registrar, set the name servers to ns1.provider-a.test., ns1.provider-b.test.");
    net.changeTld(net.tldZone(2, "wiz 3600 NS ns1.provider-a\nwiz 3600 NS ns1.provider-b\n"));
    lines = wizard.check("registrar");
    assertThat(wizard.outcome("registrar")).as(lines).contains("passed");
  }

  @Test
  @Order(6)
  void theCanaryReachesEveryServerOfBothProvidersAndEveryStepIsGreen() throws Exception {
    String lines = wizard.check("updates");
    assertThat(wizard.outcome("updates")).as(lines).contains("passed");
    assertThat(lines)
        .contains("✓ ns1.provider-a.test. (" + net.a1 + ":53) served the canary after")
        .contains("✓ ns1.provider-b.test. (" + net.b1 + ":53) served the canary after")
        .contains("✓ the primary's NOTIFY reached Tandem")
        .contains("✓ canary _tandem-canary.wiz.test. removed");
    assertThat(browser.text(".head")).contains("all four steps pass");
    browser.screenshot("wizard-done");

    // Progress is kept: the list shows it, and the page is the same when opened again.
    browser.open("/wizard");
    assertThat(browser.text("table")).contains("wiz.test.", "4 of 4");
    // A round of the cross-provider checks: the dashboard shows each provider's serial.
    LoopbackInternet.awaitSerial(net.b1, "wiz.test.", 4); // the canary's removal
    new TandemApi(http, ADMIN).expect(200, "POST", "/api/zones/wiz.test./check", null);
    browser.open("/");
    String row = "table.zones tr:has(a[href='/zones/wiz.test.'])";
    assertThat(browser.text(row)).contains("wiz.test.", "secondary", "ok", "in 13 d");
    assertThat(browser.text(row + " td.num")).isEqualTo("4");
    assertThat(browser.text(row + " td.providers").split("\\s+"))
        .as("the serial at each provider's server")
        .contains("4")
        .doesNotContain("checked");
    browser.screenshot("dashboard-after-wizard");
    browser.open("/zones/wiz.test.#consistency");
    assertThat(browser.text("#consistency")).contains(net.a1, net.b1, "ok");
    browser.screenshot("zone-secondary");
  }

  @Test
  @Order(7)
  void thePrimaryWizardTakesAKnotSecondaryOfAZoneTandemHolds() throws Exception {
    TandemApi api = new TandemApi(http, ADMIN);
    api.expect(
        201,
        "POST",
        "/api/zones",
        "{\"zone\":\"lead.test.\",\"kind\":\"primary\",\"nameservers\":[\"ns1.provider-b.test.\"],"
            + "\"allowTransfer\":[\"127.0.0.1@"
            + LEAD_KEY
            + "\"]}");
    int knotPort = Peers.freePort();
    knot =
        Secondary.start(
            "knotd", dir.resolve("knot"), knotPort, "lead.test", local, LEAD_KEY, SECRET);
    wizard.start("lead.test.", "primary", "127.0.0.1:" + knotPort, LEAD_KEY, SECRET);
    String lines = wizard.check("zone-data");
    assertThat(wizard.outcome("zone-data")).as(lines).contains("passed");
    assertThat(lines)
        .contains("✓ the secondary 127.0.0.1:" + knotPort + " serves serial")
        .contains("✓ NOTIFY to 127.0.0.1:" + knotPort);
    assertThat(browser.textContent("details.snippets"))
        .contains("primaries { ", "key \"lead-key\"");
    lines = wizard.check("updates");
    assertThat(wizard.outcome("updates")).as(lines).contains("passed");
    assertThat(lines)
        .contains("✓ the other side's server (127.0.0.1:" + knotPort + ") served the canary after");
    browser.screenshot("wizard-primary");
  }

  @Test
  @Order(8)
  void aZonesSettingsAreChangedInThePanelWithTheApisRulesAndErrors() throws Exception {
    browser.open("/zones/lead.test.#settings");
    assertThat(browser.find("#set-alsoNotify").getDomProperty("value"))
        .as("the NOTIFY target the wizard added")
        .contains("@lead-key.");
    browser.type("#set-allowUpdate", "no-such-key");
    browser.click(".settings-form button[type=submit]");
    assertThat(browser.text("#settings-error"))
        .as("the API's error, nothing changed")
        .contains("no-such-key", "not defined");
    browser.open("/zones/lead.test.#settings");
    browser.type("#set-allowUpdate", "lead-key");
    browser.click(".settings-form button[type=submit]");
    assertThat(browser.text(".notice")).contains("Settings saved");
    assertThat(
            new TandemApi(http, ADMIN).expect(200, "GET", "/api/zones/lead.test./settings", null))
        .contains("lead-key.");
    browser.screenshot("zone-settings");
  }

  /** Adds (or removes) an NS record at provider A's primary, as its operator would. */
  private static void update(String target, boolean add) throws Exception {
    Update u = new Update(Name.fromString("wiz.test."));
    if (add) {
      u.add(Name.fromString("wiz.test."), Type.NS, 3600, target);
    } else {
      u.delete(Name.fromString("wiz.test."), Type.NS, target);
    }
    SimpleResolver r = new SimpleResolver(net.a1);
    r.setTCP(true);
    r.setTimeout(Duration.ofSeconds(5));
    r.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, KEY, SECRET));
    Message m = r.send(u);
    assertThat(Rcode.string(m.getRcode())).isEqualTo("NOERROR");
  }
}
