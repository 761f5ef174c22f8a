package dev.tandem.app;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.monitor.Alert;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.RegistryZones;
import dev.tandem.control.monitor.Webhook;
import dev.tandem.control.monitor.lookup.DnsClient;
import dev.tandem.store.ZoneStore;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the cross-provider checks of a server: their DNS client, alert sinks and monitor. */
final class Checking {
  private static final Logger log = LoggerFactory.getLogger(Checking.class);

  private Checking() {}

  /**
   * The alert webhook of {@code checks}, or null when none is given; opened, it is added to {@code
   * opened}. The monitor and the sync targets alert through it.
   */
  static @Nullable Webhook webhook(
      TandemServer.Checks checks, DataDirectory data, List<AutoCloseable> opened)
      throws StartException {
    java.net.URI url = checks.webhook();
    if (url == null) {
      return null;
    }
    byte[] secret = checks.webhookSecret();
    if (secret == null) {
      secret = data.webhookSecret();
      log.info(
          "alert webhook {}: signed with the secret in {}",
          url,
          data.path().resolve(DataDirectory.WEBHOOK_SECRET));
    }
    Webhook webhook = new Webhook(url, secret);
    opened.add(webhook);
    return webhook;
  }

  /**
   * The monitor for {@code checks} over {@code plane}, not started yet, alerting to {@code webhook}
   * as well as the log; what it opened is added to {@code opened}, to be closed with the server.
   */
  static Monitor start(
      TandemServer.Checks checks,
      @Nullable Webhook webhook,
      ControlPlane plane,
      ZoneStore store,
      Clock clock,
      List<AutoCloseable> opened)
      throws StartException {
    DnsClient client;
    try {
      client = new DnsClient(checks.options().client());
    } catch (IOException e) {
      throw new StartException("cannot open a socket for the checks: " + e.getMessage());
    }
    opened.add(client);
    List<Alert.Sink> sinks = new ArrayList<>();
    if (webhook != null) {
      sinks.add(webhook);
    }
    boolean ipv6 = hasIpv6();
    Monitor monitor =
        new Monitor(
            checks.options().withIpv6(ipv6),
            new RegistryZones(plane),
            client,
            store,
            sinks,
            clock,
            RandomGenerator.getDefault());
    opened.add(monitor);
    if (checks.options().roots().loopbackOnly()) {
      log.info(
          "checks start from root hints on loopback: {}", checks.options().roots().addresses());
    }
    return monitor;
  }

  /** Whether this host has an IPv6 address to reach others from (not loopback, not link-local). */
  private static boolean hasIpv6() {
    try {
      Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
      while (all != null && all.hasMoreElements()) {
        NetworkInterface n = all.nextElement();
        if (!n.isUp() || n.isLoopback()) {
          continue;
        }
        Enumeration<InetAddress> addresses = n.getInetAddresses();
        while (addresses.hasMoreElements()) {
          InetAddress a = addresses.nextElement();
          if (a instanceof Inet6Address && !a.isLinkLocalAddress() && !a.isSiteLocalAddress()) {
            return true;
          }
        }
      }
    } catch (SocketException e) {
      log.debug("cannot list network interfaces: {}", e.toString());
    }
    return false;
  }
}
