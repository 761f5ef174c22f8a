package dev.tandem.control.zone;

/**
 * What can happen to a zone, in the order they run when several are pending (see {@link
 * ZoneEvents}).
 */
public enum ZoneEvent {
  /** Serve what the store holds: another node sharing it stored a newer version. */
  LOAD,
  /**
   * The store refused a first version already served (written without waiting for it): say so, and
   * retry as after a failed refresh.
   */
  UNSTORED,
  /** Serial check and transfer (timer, NOTIFY, startup, operator). */
  REFRESH,
  /** Tell downstream secondaries about a new serial. */
  NOTIFY_OUT,
  /**
   * Rewrite the stored base from the served version, so that a restart need not replay a long
   * journal. Last: it is the least urgent.
   */
  FLUSH
}
