/** JMH benchmarks of the hot paths: answering a query, applying a change to a large zone. */
@NullMarked
package dev.tandem.bench;

import org.jspecify.annotations.NullMarked;
