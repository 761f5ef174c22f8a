package dev.tandem.dns.engine;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** What a handler of the request path answered with: the closed set of ways a response leaves. */
sealed interface Reply {

  /** One response, in the {@link Exchange}'s writer, {@code length} bytes long. */
  record Written(int length) implements Reply {}

  /**
   * One response in its own array, followed by the messages of {@code rest} when it begins a zone
   * transfer (null otherwise).
   */
  record Streamed(byte[] first, @Nullable MessageStream rest) implements Reply {}

  /** No response now: it comes when {@code response} completes (an UPDATE's, once applied). */
  record Later(CompletionStage<byte[]> response) implements Reply {}
}
