package dev.tandem.api;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Tandem's HTTP surface on {@code --http ADDR:PORT}: Prometheus metrics at {@code /metrics} now;
 * the REST API joins it later. Javalin (on Jetty) serves it, on its own threads, away from the DNS
 * event loops.
 */
public final class HttpApi implements AutoCloseable {
  private final Javalin app;
  private final String host;

  private HttpApi(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /**
   * Listens on {@code address} and serves {@code registry}'s metrics.
   *
   * @throws IllegalStateException if the address cannot be bound (the message says why)
   */
  public static HttpApi start(InetSocketAddress address, PrometheusMeterRegistry registry) {
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.host = address.getAddress().getHostAddress();
              config.jetty.port = address.getPort();
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(registry.scrape()));
            });
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      throw new IllegalStateException("cannot serve HTTP on " + address + ": " + rootMessage(e), e);
    }
    return new HttpApi(app, address.getAddress().getHostAddress());
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    for (var c : app.jettyServer().server().getConnectors()) {
      if (c instanceof ServerConnector sc) {
        return sc.getLocalPort();
      }
    }
    return app.port();
  }

  /** Where it listens, as {@code HOST:PORT} ({@code [V6]:PORT} for IPv6). */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  @Override
  public void close() {
    app.stop();
  }
}
