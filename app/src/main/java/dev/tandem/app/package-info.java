/**
 * The composition root and the {@code tandem} command line: {@code serve} wires the planes together
 * from its options; the other commands check files or talk to a running server.
 */
@NullMarked
package dev.tandem.app;

import org.jspecify.annotations.NullMarked;
