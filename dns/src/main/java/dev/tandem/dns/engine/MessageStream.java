package dev.tandem.dns.engine;

import org.jspecify.annotations.Nullable;

/**
 * The rest of a response that takes several messages (a zone transfer out), made one message at a
 * time so that the connection sends each before the next is built.
 */
public interface MessageStream {

  /** The next message in wire form, or null when the stream is over. */
  byte @Nullable [] next();

  /** Records sent so far. */
  long records();

  /** Bytes sent so far. */
  long bytes();

  /** What is being sent, for logs: zone and serial. */
  String describe();
}
