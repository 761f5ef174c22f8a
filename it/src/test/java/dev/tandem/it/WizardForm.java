package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

/** The setup wizard's pages as an operator drives them in the browser. */
record WizardForm(Browser browser) {
  /** Starts a setup with the form, Tandem's name server being ns1.provider-b.test. */
  void start(String zone, String strategy, String peer, String key, String secret) {
    browser.open("/wizard");
    browser.choose("input[name=strategy][value=" + strategy + "]");
    browser.type("#zone", zone);
    browser.type("#peer", peer);
    browser.type("#ourNames", "ns1.provider-b.test.");
    browser.type("#keyName", key);
    browser.type("#secret", secret);
    browser.click("#start button[type=submit]");
    assertThat(browser.path()).startsWith("/wizard/" + zone);
  }

  /** Checks one step in the page and returns its lines. */
  String check(String step) {
    return check(step, "");
  }

  /** Checks one step with its button matching {@code button} (e.g. {@code [value=theirs]}). */
  String check(String step, String button) {
    browser.click("#" + step + " button.check" + button);
    return browser.text("#" + step);
  }

  /** The step's classes: passed, failed or not-checked among them. */
  String outcome(String step) {
    return browser.find("#" + step).getDomAttribute("class");
  }
}
