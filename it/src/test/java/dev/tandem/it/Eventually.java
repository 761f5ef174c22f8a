package dev.tandem.it;

import java.time.Duration;

/**
 * Waiting for what a server does after it answers (logs a transfer, delivers a webhook, reads back
 * a peer): the condition is asked again every 100 ms until it holds or the time is up.
 */
final class Eventually {
  private Eventually() {}

  /** A question about a server, asked again until it says yes. */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  /** Whether {@code c} holds now or within {@code within}. */
  static boolean holds(Duration within, Condition c) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  /** Waits for {@code c}; an {@link AssertionError} naming {@code what} if it never holds. */
  static void await(Condition c, String what, Duration within) throws Exception {
    if (!holds(within, c)) {
      throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
    }
  }
}
