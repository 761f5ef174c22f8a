package dev.tandem.dns.engine;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * How the responses to one request are signed (RFC 8945 section 5.3): not at all when the request
 * was unsigned; otherwise with the key it was signed with (already verified), the first response's
 * MAC computed over the request's MAC, and in a stream each later message's over the message before
 * it (section 5.3.1).
 *
 * <p>Signing works on the response's bytes as written: the TSIG record is computed over {@code
 * buf[0, length)} and appended after it, and ARCOUNT is raised by one. Whoever writes the response
 * keeps {@link #reserve()} bytes free for it under the size limit.
 *
 * @param key the key, or null for an unsigned request
 * @param requestMac the request's TSIG record, or null for an unsigned request
 */
record Signer(@Nullable TSIG key, @Nullable TSIGRecord requestMac) {
  static final Signer UNSIGNED = new Signer(null, null);

  /** The key's name, or null when unsigned: what the control plane's permissions are keyed on. */
  @Nullable Name keyName() {
    TSIGRecord r = requestMac;
    return key == null || r == null ? null : r.getName();
  }

  /** The bytes a response must keep free for its TSIG record (the longest it can be). */
  int reserve() {
    TSIG k = key;
    return k == null ? 0 : k.recordLength();
  }

  /** Signs the single response in {@code buf[0, length)}; returns its new length. */
  int sign(byte[] buf, int length) {
    return sign(buf, length, Rcode.NOERROR);
  }

  /**
   * Signs the single response in {@code buf[0, length)} with the TSIG error {@code error} (BADTIME
   * is the one error that is signed: RFC 8945 section 5.2.3); returns its new length.
   */
  int sign(byte[] buf, int length, int error) {
    if (key == null) {
      return length;
    }
    return append(
        buf, length, mac(buf, length, error, requestMac, true).toWire(Section.ADDITIONAL));
  }

  /** A signer for the messages of one stream, to be signed in order. */
  Chain chain() {
    return new Chain();
  }

  /**
   * Signs the messages of one stream (a zone transfer) in place, in order (RFC 8945 section 5.3.1):
   * the first over the request's MAC with every TSIG variable, each later one over the MAC of the
   * message before it, with the timers only. Every message is signed.
   */
  final class Chain {
    private @Nullable TSIGRecord previous = requestMac;
    private boolean first = true;

    private Chain() {}

    /** Signs the next message, in {@code buf[0, length)}; returns its new length. */
    int sign(byte[] buf, int length) {
      if (key == null) {
        return length;
      }
      TSIGRecord mac = mac(buf, length, Rcode.NOERROR, previous, first);
      previous = mac;
      first = false;
      return append(buf, length, mac.toWire(Section.ADDITIONAL));
    }
  }

  private TSIGRecord mac(
      byte[] buf, int length, int error, @Nullable TSIGRecord previous, boolean full) {
    TSIG k = java.util.Objects.requireNonNull(key);
    int id = ((buf[0] & 0xff) << 8) | (buf[1] & 0xff);
    // dnsjava takes the ID from a Message and digests the whole array it is given.
    return k.generate(new Message(id), Arrays.copyOf(buf, length), error, previous, full);
  }

  /**
   * Appends a record in wire form to the message in {@code buf[0, length)}, as the last of the
   * additional section; returns the new length.
   */
  static int append(byte[] buf, int length, byte[] record) {
    System.arraycopy(record, 0, buf, length, record.length);
    int arcount = (((buf[10] & 0xff) << 8) | (buf[11] & 0xff)) + 1;
    buf[10] = (byte) (arcount >>> 8);
    buf[11] = (byte) arcount;
    return length + record.length;
  }
}
