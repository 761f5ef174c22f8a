package dev.tandem.control.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

/**
 * Sends one RFC 2136 UPDATE to another server and says what came back: the setup wizard's canary
 * change at a primary that is not Tandem. Over TCP (RFC 2136 section 3.8 allows either; TCP avoids
 * a retried UPDATE applied twice), signed with the key given; blocks up to the timeout.
 */
public final class UpdateSender {
  private UpdateSender() {}

  /** The server's answer: its RCODE, or why there was none. */
  public record Outcome(int rcode, @Nullable String error) {
    public boolean ok() {
      return error == null && rcode == Rcode.NOERROR;
    }

    /** "NOERROR", "REFUSED", or the error. */
    public String describe() {
      return error != null ? error : Rcode.string(rcode);
    }
  }

  public static Outcome send(
      InetSocketAddress server, Message update, @Nullable TSIG key, Duration timeout) {
    try {
      SimpleResolver r = new SimpleResolver(server);
      r.setTCP(true);
      r.setTimeout(timeout);
      if (key != null) {
        r.setTSIGKey(key);
      }
      Message answer = r.send(update);
      if (key != null && !answer.isVerified()) {
        return new Outcome(answer.getRcode(), "the answer is not signed with the key (TSIG)");
      }
      return new Outcome(answer.getRcode(), null);
    } catch (IOException e) {
      return new Outcome(-1, "no answer from " + server + ": " + e.getMessage());
    }
  }
}
