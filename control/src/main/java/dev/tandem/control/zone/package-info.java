/**
 * What every managed zone shares: the {@link dev.tandem.control.zone.ManagedZone} interface the
 * registry and the data plane see, its status, the services a zone runs on, the in-memory journal
 * for IXFR out, the per-zone event queue and signature freshness.
 */
@NullMarked
package dev.tandem.control.zone;

import org.jspecify.annotations.NullMarked;
