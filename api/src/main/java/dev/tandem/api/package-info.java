@NullMarked
package dev.tandem.api;

import org.jspecify.annotations.NullMarked;
