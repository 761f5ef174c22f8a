package dev.tandem.server;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Ticker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the datagrams of one UDP socket. Each socket belongs to one event loop, so the handler
 * owns its {@link Responder.Session} and buffers outright. Responses are written as they are made
 * and flushed once per batch of reads, which lets the epoll transport send them with one sendmmsg
 * call. With response rate limiting on, every response passes the shared {@link
 * ResponseRateLimiter} first and leaves whole, truncated, or not at all.
 */
final class UdpResponder extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpResponder.class);

  private final Responder responder;
  private final Responder.Session session;
  private final @Nullable ResponseRateLimiter limiter;
  private final byte[] in = new byte[65535];

  UdpResponder(Responder responder, @Nullable ResponseRateLimiter limiter) {
    super(true);
    this.responder = responder;
    this.session = responder.newSession();
    this.limiter = limiter;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf content = packet.content();
    int length = Math.min(content.readableBytes(), in.length);
    content.getBytes(content.readerIndex(), in, 0, length);
    int n;
    try {
      n = responder.respond(session, in, length, Transport.UDP, packet.sender().getAddress());
    } catch (RuntimeException e) {
      // A bug, not bad input (bad input is answered FORMERR): log it, keep serving.
      log.error("failed to answer a query from {}", packet.sender(), e);
      return;
    }
    if (n == 0) {
      answerLater(ctx, packet.sender());
      return;
    }
    ResponseRateLimiter rrl = limiter;
    if (rrl != null) {
      Ticker clock = ctx.executor().ticker();
      switch (rrl.decide(packet.sender().getAddress(), clock.nanoTime())) {
        case SEND -> {}
        case SLIP -> n = ResponseRateLimiter.truncate(session.response(), n);
        case DROP -> {
          return;
        }
      }
    }
    ByteBuf out = ctx.alloc().ioBuffer(n);
    out.writeBytes(session.response(), 0, n);
    ctx.write(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
  }

  /** Sends a response that comes later (an UPDATE's), on this socket's loop, if there is one. */
  private void answerLater(ChannelHandlerContext ctx, java.net.InetSocketAddress to) {
    java.util.concurrent.CompletionStage<byte[]> later = session.takeDeferred();
    if (later == null) {
      return;
    }
    later.thenAccept(
        bytes ->
            ctx.channel()
                .eventLoop()
                .execute(
                    () ->
                        ctx.writeAndFlush(
                            new DatagramPacket(Unpooled.wrappedBuffer(bytes), to),
                            ctx.voidPromise())));
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("UDP socket error on {}: {}", ctx.channel().localAddress(), cause.toString());
  }
}
