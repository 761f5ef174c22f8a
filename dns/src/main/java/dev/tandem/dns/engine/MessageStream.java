package dev.tandem.dns.engine;

import org.jspecify.annotations.Nullable;

/**
 * The rest of a response that takes several messages (a zone transfer out), made one message at a
 * time so that the connection sends each before the next is built.
 */
public interface MessageStream {

  /**
   * Makes the next message: its wire form is in {@link #buffer()}{@code [0, length)}, valid until
   * the next call. Returns the length, or -1 when the stream is over. (The sender copies it into
   * its own buffer anyway; making it here without a copy of its own saves one per message.)
   */
  int nextInto();

  /** Where {@link #nextInto()} leaves each message. */
  byte[] buffer();

  /** The next message in wire form, as a copy, or null when the stream is over. */
  default byte @Nullable [] next() {
    int n = nextInto();
    return n < 0 ? null : java.util.Arrays.copyOf(buffer(), n);
  }

  /** Records sent so far. */
  long records();

  /** Bytes sent so far. */
  long bytes();

  /** What is being sent, for logs: zone and serial. */
  String describe();

  /**
   * The sender is done with the stream: it sent it whole ({@code error} null) or gave up ({@code
   * error} says why: the connection closed, a write failed). {@code millis}: since the request. The
   * sender calls it once, on its own thread; it must not block.
   */
  default void finished(long millis, @Nullable String error) {}
}
