package dev.tandem.dns.zone;

import java.util.Arrays;

/** Appends nodes in canonical order and packs them into a {@link NodeTable}. */
final class NodeTableWriter {
  private final GrowableBytes names;
  private final GrowableBytes data;
  private int[] nameEnds;
  private int[] dataStarts;
  private int size;

  NodeTableWriter(int expectedNodes, int expectedDataBytes) {
    names = new GrowableBytes(expectedNodes * 10);
    data = new GrowableBytes(expectedDataBytes);
    nameEnds = new int[Math.max(4, expectedNodes)];
    dataStarts = new int[Math.max(4, expectedNodes)];
  }

  /** Starts a node; its encoded contents must then be written to {@link #data()}. */
  void beginNode(byte[] name, int off, int len) {
    if (size == nameEnds.length) {
      nameEnds = Arrays.copyOf(nameEnds, size * 3 / 2 + 1);
      dataStarts = Arrays.copyOf(dataStarts, nameEnds.length);
    }
    names.write(name, off, len);
    nameEnds[size] = names.size();
    dataStarts[size] = data.size();
    size++;
  }

  /** Appends a node whose encoded contents already exist elsewhere. */
  void add(byte[] name, int off, int len, byte[] node, int nodeOff, int nodeLen) {
    beginNode(name, off, len);
    data.write(node, nodeOff, nodeLen);
  }

  GrowableBytes data() {
    return data;
  }

  int size() {
    return size;
  }

  /**
   * Packs the nodes. Arrays are handed over as they are when little of them is unused: copying
   * hundreds of megabytes to trim a few percent showed in load profiles.
   */
  NodeTable build(int originHash) {
    return new NodeTable(
        originHash,
        trimmed(names),
        size * 8L < nameEnds.length * 7L ? Arrays.copyOf(nameEnds, size) : nameEnds,
        trimmed(data),
        data.size(),
        size * 8L < dataStarts.length * 7L ? Arrays.copyOf(dataStarts, size) : dataStarts,
        size);
  }

  private static byte[] trimmed(GrowableBytes b) {
    byte[] a = b.array();
    return b.size() * 8L < a.length * 7L ? b.toArray() : a;
  }
}
