/**
 * Persistence: the ports the control plane writes zones, journals and timers through ({@link
 * dev.tandem.store.ZoneStore}) and their JDBC implementations. The embedded default is SQLite (ADR
 * 0006); PostgreSQL satisfies the same contract, for nodes that share one database ({@link
 * dev.tandem.store.Stores} opens either from the operator's words). Only this module touches JDBC.
 */
@NullMarked
package dev.tandem.store;

import org.jspecify.annotations.NullMarked;
