package dev.tandem.app;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.server.DnsServer;
import dev.tandem.server.ListenException;
import dev.tandem.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tandem: the composition root. Everything is built here from the options and torn down
 * in reverse order; nothing else in the code base sees both the data plane and the rest.
 *
 * <p>Start-up either completes or leaves nothing behind: the data directory is locked first, then
 * every zone must load, then every address must bind, and only then is the control channel opened
 * and readiness reported.
 */
final class TandemServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TandemServer.class);

  private final DataDirectory data;
  private final ZoneFiles zoneFiles;
  private final AtomicReference<ServedZones> served;
  private final DnsServer dns;
  private final ControlChannel control;

  private TandemServer(
      DataDirectory data,
      ZoneFiles zoneFiles,
      AtomicReference<ServedZones> served,
      DnsServer dns,
      ControlChannel control) {
    this.data = data;
    this.zoneFiles = zoneFiles;
    this.served = served;
    this.dns = dns;
    this.control = control;
  }

  /** The settings {@code tandem serve} starts with. */
  record Options(
      List<ZoneSource> zones,
      java.nio.file.Path dataDir,
      ServerConfig server,
      ResponderConfig responder) {}

  static TandemServer start(Options o) throws StartException {
    DataDirectory data = DataDirectory.open(o.dataDir());
    List<AutoCloseable> opened = new ArrayList<>();
    opened.add(data);
    try {
      AtomicReference<ServedZones> served = new AtomicReference<>(ServedZones.EMPTY);
      ZoneFiles zoneFiles = new ZoneFiles(o.zones(), served);
      List<ZoneFiles.Outcome> outcomes = zoneFiles.loadAll();
      outcomes.forEach(ZoneFiles::report);
      long failed = outcomes.stream().filter(ZoneFiles.Outcome::failed).count();
      if (failed > 0) {
        throw new StartException(
            failed + " of " + outcomes.size() + " zones did not load (errors above)");
      }
      // Loading a large zone leaves much garbage: collect it now, not under query load, and
      // let the heap shrink back (resident memory is what operators see).
      System.gc();
      Responder responder = new Responder(served::get, o.responder());
      DnsServer dns;
      try {
        dns = DnsServer.start(o.server(), responder);
      } catch (ListenException e) {
        throw new StartException(String.valueOf(e.getMessage()));
      }
      opened.add(dns);
      ZoneFilesControl commands = new ZoneFilesControl(zoneFiles, served);
      ControlChannel control = ControlChannel.open(data.controlSocket(), commands::handle);
      TandemServer server = new TandemServer(data, zoneFiles, served, dns, control);
      Reload.onHangup(server::reload);
      return server;
    } catch (StartException | RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        closeQuietly(opened.get(i));
      }
      throw e;
    }
  }

  DnsServer dns() {
    return dns;
  }

  ServedZones zones() {
    return served.get();
  }

  /** Re-reads the zone files (SIGHUP). */
  void reload() {
    log.info("reloading zone files");
    zoneFiles.reload();
  }

  /** Re-reads the zone files and returns what became of each. */
  List<ZoneFiles.Outcome> reloadNow() {
    return zoneFiles.reload();
  }

  @Override
  public void close() {
    closeQuietly(control);
    closeQuietly(dns);
    closeQuietly(data);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("while closing: {}", e.toString());
    }
  }
}
