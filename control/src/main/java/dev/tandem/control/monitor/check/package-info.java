/**
 * The cross-provider checks as pure functions: what was observed of a zone's servers and its parent
 * ({@link dev.tandem.control.monitor.check.ZoneObservation}) in, {@link
 * dev.tandem.control.monitor.check.Finding}s and states ({@link
 * dev.tandem.control.monitor.check.Evaluation}) out. No sockets, no clock, no threads: every rule
 * is unit-tested with observations written by hand.
 */
@NullMarked
package dev.tandem.control.monitor.check;

import org.jspecify.annotations.NullMarked;
