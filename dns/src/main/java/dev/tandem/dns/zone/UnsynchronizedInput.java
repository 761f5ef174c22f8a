package dev.tandem.dns.zone;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered stream whose single-byte {@code read()} takes no lock. dnsjava's tokenizer reads a
 * zone file one byte at a time and wraps any stream that is not a {@link BufferedInputStream} in
 * one, whose locking read showed up in load profiles; being a subclass keeps it from wrapping.
 */
final class UnsynchronizedInput extends BufferedInputStream {
  private final InputStream source;
  private final byte[] chunk = new byte[1 << 16];
  private int pos;
  private int count;

  UnsynchronizedInput(InputStream source) {
    super(source, 1);
    this.source = source;
  }

  @Override
  public int read() throws IOException {
    if (pos >= count) {
      count = source.read(chunk, 0, chunk.length);
      pos = 0;
      if (count <= 0) {
        count = 0;
        return -1;
      }
    }
    return chunk[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int c = read();
    if (c < 0) {
      return -1;
    }
    b[off] = (byte) c;
    return 1;
  }

  @Override
  public int available() throws IOException {
    return count - pos + source.available();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
