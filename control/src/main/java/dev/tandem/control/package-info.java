@NullMarked
package dev.tandem.control;

import org.jspecify.annotations.NullMarked;
