/**
 * Primary/primary sync: another provider's primary kept equal to a zone served here, without zone
 * transfers. The journal is the outbox: each target ({@link dev.tandem.control.sync.SyncTarget})
 * has a position in it (the serial last applied there), kept in the store; {@link
 * dev.tandem.control.sync.TargetRunner} pushes the RRsets changed since, as replacements, retries
 * with backoff, falls back to a full comparison when the journal no longer reaches back, reads the
 * target back every interval and reports (or resolves) what changed there outside Tandem. {@link
 * dev.tandem.control.sync.SyncTargets} is the registry the API uses. What is synced is {@link
 * dev.tandem.control.sync.SyncView}'s rule; how a provider is spoken to is an adapter's ({@code
 * adapter}). Control plane: its own threads, never on the query path.
 */
@NullMarked
package dev.tandem.control.sync;

import org.jspecify.annotations.NullMarked;
