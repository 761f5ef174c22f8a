package dev.tandem.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts a TCP stream into DNS messages by their two-byte length (RFC 1035 section 4.2.2) and tells
 * the connection, after every read, whether part of a next message is waiting: the start of the
 * message deadline (see {@link TcpConnection}).
 */
final class TcpFraming extends LengthFieldBasedFrameDecoder {
  /**
   * The longest TCP frame: a two-byte length and a message of up to 65535 bytes (RFC 1035 section
   * 4.2.2, RFC 7766 section 8). Netty counts the length field in the frame, so the limit is 65537;
   * at 65535 a client's 65534- or 65535-byte message cost it its connection instead of an answer.
   */
  static final int MAX_FRAME = 2 + 65535;

  private final TcpConnection connection;

  TcpFraming(TcpConnection connection) {
    super(MAX_FRAME, 0, 2, 0, 2);
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    super.channelRead(ctx, msg); // passes on every whole message first
    connection.partial(internalBuffer().isReadable());
  }
}
