/**
 * The cross-provider monitor: every zone's authoritative servers, found ({@link
 * dev.tandem.control.monitor.Discovery}) and asked ({@link dev.tandem.control.monitor.Probe}) on a
 * schedule per zone ({@link dev.tandem.control.monitor.Monitor}), judged by the pure rules of
 * {@code check}, remembered with since-when and transitions ({@link
 * dev.tandem.control.monitor.ZoneWatch}, kept in the store), alerted after a grace period ({@link
 * dev.tandem.control.monitor.Alerts}: log, webhook; metrics read the reports), and healed where
 * that is safe (NOTIFY again). Also the audit of any domain from the root ({@link
 * dev.tandem.control.monitor.Audit}). Control plane: its own threads, never on the query path.
 * Depends on the registry ({@code ControlPlane}), {@code check} and {@code lookup}.
 */
@NullMarked
package dev.tandem.control.monitor;

import org.jspecify.annotations.NullMarked;
