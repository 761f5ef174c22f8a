package dev.tandem.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SIGHUP: reload, as every Unix daemon does. Reloads run on their own thread, one at a time. */
final class Reload {
  private static final Logger log = LoggerFactory.getLogger(Reload.class);

  private Reload() {}

  @SuppressWarnings("sunapi") // the JDK has no supported API for signals; this one is stable
  static void onHangup(Runnable reload) {
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tandem-reload");
              t.setDaemon(true);
              return t;
            });
    try {
      sun.misc.SignalHandler before =
          sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> worker.execute(reload));
      if (before == sun.misc.SignalHandler.SIG_IGN) {
        // Started with SIGHUP ignored (nohup, or a parent that ignores it): the JVM keeps it so.
        log.warn(
            "SIGHUP is ignored in this process (started under nohup?): it will not reload the"
                + " zone files; use 'tandem reload' instead");
      }
    } catch (IllegalArgumentException e) {
      log.warn("SIGHUP is not available here; use 'tandem reload' instead");
    }
  }
}
