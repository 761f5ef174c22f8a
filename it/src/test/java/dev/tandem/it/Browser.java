package dev.tandem.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (both paths given, so Selenium
 * never looks for or downloads a driver). It reaches loopback only: every other address goes to a
 * proxy on a closed loopback port, and Chromium's own background traffic (updates, sync, safe
 * browsing, metrics) is switched off, and its IPv6 reachability check kept off the network ({@link
 * #blockIpv6Probe}). Screenshots go to {@code target/screenshots/NAME.png}.
 */
final class Browser implements AutoCloseable {
  static final Path SHOTS = Path.of("target", "screenshots");
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /** Where Chromium's IPv6 probe connects (net/dns/host_resolver_manager.cc, a constant). */
  static final String IPV6_PROBE = "2001:4860:4860::8888/128";

  private static int running;
  private static boolean probeBlocked;

  private final ChromeDriver driver;
  private final String base;

  /** A browser on {@code base} ({@code http://127.0.0.1:PORT}), its window 1280×800. */
  Browser(String base) {
    this.base = base;
    blockIpv6Probe();
    try {
      driver = start();
    } catch (RuntimeException e) {
      unblockIpv6Probe();
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(90));
  }

  private static ChromeDriver start() {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM);
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,800",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--lang=en-GB",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
        "--no-pings",
        "--dns-prefetch-disable",
        // Loopback bypasses a proxy; everything else goes to this closed port and fails.
        "--proxy-server=http://127.0.0.1:9");
    return new ChromeDriver(service, o);
  }

  /**
   * Before each host resolution, IP literals and the proxy's included, Chromium checks whether IPv6
   * reaches the internet (its result kept for a second): it connect()s a UDP socket to
   * 2001:4860:4860::8888 port 443. No datagram is sent, but the kernel's route lookup for it picks
   * the IPv6 default router and, when that router's neighbour entry is not known good, sends it a
   * neighbour solicitation on the real interface (router reachability probing, one a minute at
   * most). No switch, feature or policy skips the check (EnableIPv6ReachabilityOverride only
   * overrides its result), so while browsers run that one address is unreachable: the connect()
   * fails at once, Chromium takes IPv6 as unavailable (it only ever opens 127.0.0.1 here) and
   * nothing leaves. The route is removed when the last browser closes, as {@link LoopbackInternet}
   * removes its address from lo. A route already there is left alone; without root (or IPv6) the
   * route cannot be added and the browser runs without it.
   */
  private static synchronized void blockIpv6Probe() {
    if (running++ > 0) {
      return;
    }
    try {
      Primary.run(List.of("ip", "-6", "route", "add", "unreachable", IPV6_PROBE), "");
      probeBlocked = true;
    } catch (IOException | RuntimeException e) {
      if (!String.valueOf(e.getMessage()).contains("File exists")) {
        System.err.println("Browser: could not make " + IPV6_PROBE + " unreachable: " + e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static synchronized void unblockIpv6Probe() {
    if (--running > 0 || !probeBlocked) {
      return;
    }
    probeBlocked = false;
    try {
      Primary.run(List.of("ip", "-6", "route", "del", "unreachable", IPV6_PROBE), "");
    } catch (IOException | RuntimeException e) {
      System.err.println("Browser: could not remove the route to " + IPV6_PROBE + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Logs in on the panel's form with the API key {@code key}. */
  void logIn(String key) {
    open("/login");
    type("#key", key);
    click("button[type=submit]");
  }

  void open(String path) {
    driver.get(base + path);
  }

  String path() {
    String url = driver.getCurrentUrl();
    return url == null ? "" : url.substring(base.length());
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String text(String css) {
    return find(css).getText();
  }

  /** All the text in an element, shown or not (a closed {@code <details>}, say). */
  String textContent(String css) {
    return String.valueOf(find(css).getDomProperty("textContent"));
  }

  /** The page's visible text. */
  String page() {
    return find("body").getText();
  }

  void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  /**
   * Clicks something that leads to another page (a link, a form's button) and waits until that page
   * has loaded: until the element clicked is gone with the old page, then the new one is complete.
   */
  void click(String css) {
    WebElement e = find(css);
    e.click();
    new WebDriverWait(driver, Duration.ofSeconds(90)).until(d -> gone(e));
    waitLoaded();
  }

  /**
   * Whether the element left the document with its page. Chromedriver says so with a stale
   * reference, or, while the old page is being torn down, with another error about the node.
   */
  private static boolean gone(WebElement e) {
    try {
      e.isEnabled();
      return false;
    } catch (org.openqa.selenium.WebDriverException x) {
      return true;
    }
  }

  /** Clicks something that stays on the page (a radio button, a checkbox). */
  void choose(String css) {
    find(css).click();
  }

  void waitLoaded() {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d ->
                "complete"
                    .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  void waitFor(String css) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
  }

  /** Waits until the element's text contains {@code text} (a part of the page htmx replaced). */
  void waitForText(String css, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d -> {
              try {
                return d.findElement(By.cssSelector(css)).getText().contains(text);
              } catch (org.openqa.selenium.WebDriverException e) {
                return false; // replaced while read
              }
            });
  }

  /** The session cookie's value, for requests made outside the browser. */
  String cookie(String name) {
    var c = driver.manage().getCookieNamed(name);
    return c == null ? "" : c.getValue();
  }

  /** The whole page (not only the window) as {@code target/screenshots/NAME.png}. */
  void screenshot(String name) throws IOException {
    Dimension window = driver.manage().window().getSize();
    Object height =
        ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
    int h = Math.min(6000, Math.max(window.getHeight(), ((Number) height).intValue() + 90));
    driver.manage().window().setSize(new Dimension(window.getWidth(), h));
    ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    try {
      Files.createDirectories(SHOTS);
      Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } finally {
      driver.manage().window().setSize(window);
    }
  }

  /** The window's size (the page's width is what a phone's or a laptop's would be). */
  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      unblockIpv6Probe();
    }
  }
}
