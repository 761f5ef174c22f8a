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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import picocli.CommandLine;

/**
 * The cross-provider checks' settings of {@code tandem serve}: where resolution starts ({@code
 * --root-hints}), the providers, the interval and pace, and where alerts go (the webhook and its
 * HMAC secret: the flag's file, else the environment, else one kept in the data directory).
 */
final class CheckSettings {
  /** The environment variable that holds the alert webhook's HMAC secret when no flag gives one. */
  static final String WEBHOOK_SECRET_VARIABLE = "TANDEM_ALERT_WEBHOOK_SECRET";

  static final long DEFAULT_CHECK_INTERVAL = MonitorOptions.DEFAULT_INTERVAL.toSeconds();
  static final int DEFAULT_CHECK_RATE = DnsClient.Options.DEFAULT.queriesPerSecond();

  private CheckSettings() {}

  /**
   * The checks' settings from {@code serve}'s flags, the {@code check:} section of its file and the
   * environment: a flag given wins, else the file's value, else the flag's default; providers of
   * both add up.
   *
   * @param sample the sample zone of a bare {@code tandem serve}, never checked, or null
   */
  static TandemServer.Checks of(
      ServeCommand flags,
      CommandLine.ParseResult given,
      ConfigFile.Checks file,
      Map<String, String> env,
      @Nullable Name sample) {
    long interval =
        pick(given, "--check-interval", flags.checkInterval, file.interval(), Duration::toSeconds);
    long grace =
        pick(given, "--alert-grace", flags.alertGrace, file.alertGrace(), Duration::toSeconds);
    int rate = pick(given, "--check-rate", flags.checkRate, file.rate(), r -> r);
    if (interval < 0) {
      throw new ServeSettings.Invalid("invalid --check-interval: " + interval + " is negative");
    }
    if (grace < 0) {
      throw new ServeSettings.Invalid("invalid --alert-grace: " + grace + " is negative");
    }
    Path hints = either(given, "--root-hints", flags.rootHints, file.rootHints());
    RootHints roots =
        hints == null ? RootHints.internet() : usage("--root-hints", () -> RootHints.read(hints));
    List<String> providerSpecs = new ArrayList<>(file.providers());
    providerSpecs.addAll(flags.providers);
    Providers providers = usage("--provider", () -> Providers.parse(providerSpecs));
    DnsClient.Options client =
        usage(
            "--check-rate",
            () ->
                new DnsClient.Options(
                    DnsClient.Options.DEFAULT.timeout(),
                    DnsClient.Options.DEFAULT.tries(),
                    DnsClient.Options.DEFAULT.maxInFlight(),
                    rate));
    MonitorOptions options =
        MonitorOptions.defaults(roots)
            .withInterval(Duration.ofSeconds(interval))
            .withProviders(providers)
            .withClient(client)
            .withGrace(Duration.ofSeconds(grace))
            .withSkip(sample != null ? List.of(sample.toString()) : List.of());
    URI webhook = null;
    String url = either(given, "--alert-webhook", flags.alertWebhook, file.alertWebhook());
    if (url != null) {
      webhook = usage("--alert-webhook", () -> webhookUrl(url));
    }
    byte[] secret = null;
    Path secretFile =
        either(
            given,
            "--alert-webhook-secret-file",
            flags.alertWebhookSecretFile,
            file.alertWebhookSecretFile());
    String fromEnv = env.get(WEBHOOK_SECRET_VARIABLE);
    if (secretFile != null) {
      secret = usage("--alert-webhook-secret-file", () -> KeyFiles.secret(secretFile));
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      secret = fromEnv.strip().getBytes(StandardCharsets.UTF_8);
    }
    return new TandemServer.Checks(options, webhook, secret);
  }

  /** The flag's value if it was given or the file is silent, else the file's, converted. */
  private static <F, T> T pick(
      CommandLine.ParseResult given,
      String flag,
      T flagValue,
      @Nullable F fileValue,
      Function<F, T> convert) {
    return given.hasMatchedOption(flag) || fileValue == null ? flagValue : convert.apply(fileValue);
  }

  /** {@link #pick} for a setting that may be absent from both. */
  private static <T> @Nullable T either(
      CommandLine.ParseResult given, String flag, @Nullable T flagValue, @Nullable T fileValue) {
    return given.hasMatchedOption(flag) || fileValue == null ? flagValue : fileValue;
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
