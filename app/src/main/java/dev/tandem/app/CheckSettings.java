package dev.tandem.app;

import static dev.tandem.app.ServeSettings.usage;

import dev.tandem.control.monitor.MonitorOptions;
import dev.tandem.control.monitor.check.Providers;
import dev.tandem.control.monitor.lookup.DnsClient;
import dev.tandem.control.monitor.lookup.RootHints;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The cross-provider checks' settings of {@code tandem serve}: where resolution starts ({@code
 * --root-hints}), the providers, the interval and pace, and where alerts go (the webhook and its
 * HMAC secret: the flag's file, else the environment, else one kept in the data directory).
 */
final class CheckSettings {
  /** The environment variable that holds the alert webhook's HMAC secret when no flag gives one. */
  static final String WEBHOOK_SECRET_VARIABLE = "TANDEM_ALERT_WEBHOOK_SECRET";

  static final int DEFAULT_CHECK_RATE = DnsClient.Options.DEFAULT.queriesPerSecond();

  private CheckSettings() {}

  /**
   * The checks' settings from {@code serve}'s flags and environment.
   *
   * @param sample the sample zone of a bare {@code tandem serve}, never checked, or null
   */
  static TandemServer.Checks of(
      ServeCommand flags, Map<String, String> env, @Nullable Name sample) {
    if (flags.checkInterval < 0) {
      throw new ServeSettings.Invalid(
          "invalid --check-interval: " + flags.checkInterval + " is negative");
    }
    if (flags.alertGrace < 0) {
      throw new ServeSettings.Invalid(
          "invalid --alert-grace: " + flags.alertGrace + " is negative");
    }
    Path hints = flags.rootHints;
    RootHints roots =
        hints == null ? RootHints.internet() : usage("--root-hints", () -> RootHints.read(hints));
    Providers providers = usage("--provider", () -> Providers.parse(flags.providers));
    DnsClient.Options client =
        usage(
            "--check-rate",
            () ->
                new DnsClient.Options(
                    DnsClient.Options.DEFAULT.timeout(),
                    DnsClient.Options.DEFAULT.tries(),
                    DnsClient.Options.DEFAULT.maxInFlight(),
                    flags.checkRate));
    MonitorOptions options =
        MonitorOptions.defaults(roots)
            .withInterval(Duration.ofSeconds(flags.checkInterval))
            .withProviders(providers)
            .withClient(client)
            .withGrace(Duration.ofSeconds(flags.alertGrace))
            .withSkip(sample != null ? List.of(sample.toString()) : List.of());
    URI webhook = null;
    String url = flags.alertWebhook;
    if (url != null) {
      webhook = usage("--alert-webhook", () -> webhookUrl(url));
    }
    byte[] secret = null;
    Path secretFile = flags.alertWebhookSecretFile;
    String fromEnv = env.get(WEBHOOK_SECRET_VARIABLE);
    if (secretFile != null) {
      secret = usage("--alert-webhook-secret-file", () -> KeyFiles.secret(secretFile));
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      secret = fromEnv.strip().getBytes(StandardCharsets.UTF_8);
    }
    return new TandemServer.Checks(options, webhook, secret);
  }

  private static URI webhookUrl(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage(), e);
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL");
    }
    return u;
  }
}
