package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.Server;

/** Told how long a new serial took to reach a server (for the metrics' histogram). */
@FunctionalInterface
public interface Propagation {
  void reached(Server server, long seconds);
}
