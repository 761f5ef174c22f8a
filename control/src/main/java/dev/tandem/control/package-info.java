/**
 * The control plane: the registry of managed zones ({@link dev.tandem.control.ControlPlane}), the
 * port the data plane calls, following a store other nodes share, and the watch on signature
 * freshness. Sub-packages: {@code access}, {@code transfer}, {@code zone}, {@code primary}, {@code
 * secondary}, {@code service}; dependencies point that way round (service → root → primary,
 * secondary → zone → transfer → access), never back.
 */
@NullMarked
package dev.tandem.control;

import org.jspecify.annotations.NullMarked;
