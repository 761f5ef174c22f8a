package dev.tandem.server;

import dev.tandem.dns.engine.Responder;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listeners: for every address, UDP and TCP on the same port.
 *
 * <p>With the native epoll transport (Linux), each of the {@code threads} event loops gets its own
 * UDP socket and TCP listening socket per address, all bound with SO_REUSEPORT, so the kernel
 * spreads clients over the loops and no two loops share a socket. Each UDP socket is answered by a
 * thread of its own that reads batches with recvmmsg and sends them with sendmmsg ({@link
 * NativeUdp}, Java 22 and newer), or else by Netty's epoll channel, which batches the same way.
 * Elsewhere Netty's NIO transport serves with one socket per address.
 *
 * <p>SO_REUSEPORT lets any socket of the same user join the group, so a second Tandem started on an
 * address in use would bind too and silently take half its traffic. Before binding an address,
 * therefore, the server binds it once without SO_REUSEPORT, UDP and TCP, and lets go: that bind
 * fails if any other socket serves the address (or a wildcard covering it, or an address it
 * covers), whatever its options, and the start fails with "address already in use" as Knot's and
 * NSD's do. (Two servers started in the same instant could still both pass; one started beside a
 * running one cannot.)
 *
 * <p>Starting either binds everything or nothing: if one address is taken, the sockets already
 * bound are closed before the error is reported.
 *
 * <p>DNS over TLS (RFC 7858; zone transfers over TLS, RFC 9103) listens on TCP alone at its own
 * addresses, with the same limits and responder as plain TCP; the responder is told that a
 * connection came over TLS, since a zone's transfer ACL may require it. The certificate is read
 * again when its files change ({@link TlsCertificate}), checked every few seconds and on {@link
 * #reloadTls}.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

  /**
   * Largest UDP datagram read whole. recvmmsg reads into fixed slots of this size; a larger
   * datagram is cut and then answered FORMERR. DNS over UDP stays far below it in practice (RFC
   * 6891 senders use 1232 to 4096).
   */
  static final int UDP_SLOT = 4096;

  static final int UDP_BATCH = 32;
  static final int SOCKET_BUFFER = 4 << 20;

  /** How often the TLS certificate's files are checked for a change. */
  private static final long TLS_RELOAD_SECONDS = 5;

  /** setsockopt(IPPROTO_IPV6, IPV6_V6ONLY): Linux's numbers, as epoll is Linux's. */
  private static final IntegerUnixChannelOption IPV6_V6ONLY =
      new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

  private final EventLoopGroup group;
  private final List<Listening> listening;
  private final List<InetSocketAddress> bound;
  private final List<InetSocketAddress> tlsBound;
  private final TransportCounters counters;
  private final @Nullable TlsCertificate certificate;
  private final @Nullable ScheduledExecutorService reloads;

  private DnsServer(
      EventLoopGroup group,
      List<Listening> listening,
      List<InetSocketAddress> bound,
      List<InetSocketAddress> tlsBound,
      TransportCounters counters,
      @Nullable TlsCertificate certificate) {
    this.group = group;
    this.listening = listening;
    this.bound = bound;
    this.tlsBound = tlsBound;
    this.counters = counters;
    this.certificate = certificate;
    if (certificate != null) {
      // Off the event loops: reading the files may block.
      reloads =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "tandem-tls-reload");
                t.setDaemon(true);
                return t;
              });
      reloads.scheduleWithFixedDelay(
          certificate::reloadIfChanged, TLS_RELOAD_SECONDS, TLS_RELOAD_SECONDS, TimeUnit.SECONDS);
    } else {
      reloads = null;
    }
  }

  /** Whether the native epoll transport is in use (else NIO). */
  public static boolean nativeTransport() {
    return Epoll.isAvailable();
  }

  /**
   * Binds all addresses and starts answering.
   *
   * @throws ListenException if an address cannot be bound (in use, not local, no permission)
   */
  public static DnsServer start(ServerConfig config, Responder responder) throws ListenException {
    return start(config, responder, new SecureRandom());
  }

  /**
   * Binds all addresses and starts answering.
   *
   * @param random seeds the rate limiter's hash (unpredictable, so that no client can choose
   *     addresses that collide)
   * @throws ListenException if an address cannot be bound (in use, not local, no permission)
   */
  public static DnsServer start(ServerConfig config, Responder responder, RandomGenerator random)
      throws ListenException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.threads(), io);
    List<Listening> listening = new ArrayList<>();
    List<InetSocketAddress> bound = new ArrayList<>();
    List<InetSocketAddress> tlsBound = new ArrayList<>();
    TlsCertificate certificate = null;
    try {
      ServerTls tls = config.tls();
      if (tls.enabled()) {
        certificate =
            new TlsCertificate(
                java.util.Objects.requireNonNull(tls.certificate()),
                java.util.Objects.requireNonNull(tls.key()));
      }
    } catch (ListenException e) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
      throw e;
    }
    Listeners listeners =
        new Listeners(
            config,
            responder,
            new TcpConnections(config),
            config.rateLimit().enabled()
                ? new ResponseRateLimiter(config.rateLimit(), random.nextLong())
                : null,
            certificate,
            epoll ? NativeUdp.find() : null,
            new KernelUdpDrops());
    try {
      for (InetSocketAddress address : config.addresses()) {
        bound.add(bindBoth(listeners, group, epoll, address, listening));
      }
      for (InetSocketAddress address : config.tls().addresses()) {
        tlsBound.add(bindTls(listeners, group, epoll, address, listening));
      }
    } catch (ListenException e) {
      closeAll(listening, group);
      throw e;
    } catch (RuntimeException e) {
      closeAll(listening, group);
      throw e;
    }
    for (InetSocketAddress a : bound) {
      log.debug(
          "listening on {} (UDP and TCP, {} loops, {}{})",
          ListenAddress.format(a),
          config.threads(),
          epoll ? "epoll" : "nio",
          listeners.udp() != null ? ", UDP by recvmmsg" : "");
    }
    for (InetSocketAddress a : tlsBound) {
      log.debug("listening on {} (TLS)", ListenAddress.format(a));
    }
    return new DnsServer(group, listening, bound, tlsBound, listeners.counters(), certificate);
  }

  /** A bound socket, Netty's or {@link NativeUdp}'s: closing it waits until it is closed. */
  @FunctionalInterface
  private interface Listening {
    void close();

    static Listening of(Channel channel) {
      return () -> channel.close().awaitUninterruptibly();
    }
  }

  /**
   * What every listening socket's handlers share; {@code udp} opens the UDP sockets where UDP is
   * answered by {@link NativeUdp}'s loops, and is null where Netty answers it.
   */
  private record Listeners(
      ServerConfig config,
      Responder responder,
      TcpConnections tcp,
      @Nullable ResponseRateLimiter rateLimiter,
      @Nullable TlsCertificate certificate,
      NativeUdp.@Nullable Opener udp,
      KernelUdpDrops drops) {
    TransportCounters counters() {
      return new TransportCounters() {
        @Override
        public long udpDropped() {
          return drops.dropped();
        }

        @Override
        public long rateLimitSlipped() {
          return rateLimiter == null ? 0 : rateLimiter.slipped();
        }

        @Override
        public long rateLimitDropped() {
          return rateLimiter == null ? 0 : rateLimiter.dropped();
        }

        @Override
        public long tcpClosed(TcpClose reason) {
          return tcp.closed(reason);
        }
      };
    }
  }

  /** UDP and TCP on one address; port 0 picks a port free for both. Returns the bound address. */
  private static InetSocketAddress bindBoth(
      Listeners listeners,
      EventLoopGroup group,
      boolean epoll,
      InetSocketAddress address,
      List<Listening> listening)
      throws ListenException {
    int attempts = address.getPort() == 0 ? 20 : 1;
    ListenException last = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      List<Listening> mine = new ArrayList<>();
      try {
        InetSocketAddress target = epoll ? probe(group, address, true) : address;
        InetSocketAddress actual = bindUdp(listeners, group, epoll, target, mine);
        bindTcp(listeners, group, epoll, actual, mine, false);
        listening.addAll(mine);
        return actual;
      } catch (ListenException e) {
        last = e;
        mine.forEach(Listening::close);
      }
    }
    throw java.util.Objects.requireNonNull(last);
  }

  /** TCP with TLS on one address; port 0 picks a free port. Returns the bound address. */
  private static InetSocketAddress bindTls(
      Listeners listeners,
      EventLoopGroup group,
      boolean epoll,
      InetSocketAddress address,
      List<Listening> listening)
      throws ListenException {
    InetSocketAddress target = epoll ? probe(group, address, false) : address;
    List<Listening> mine = new ArrayList<>();
    try {
      InetSocketAddress actual = bindTcp(listeners, group, epoll, target, mine, true);
      listening.addAll(mine);
      return actual;
    } catch (ListenException e) {
      mine.forEach(Listening::close);
      throw e;
    }
  }

  /**
   * Binds {@code address} for UDP (with {@code udp}), then TCP, without SO_REUSEPORT and closes
   * them: fails if another socket serves it. Returns the address with its port (for port 0, one
   * that was free for both). The TCP socket is bound but never listens, with SO_REUSEADDR as the
   * listeners have, so that connections of an earlier run still in TIME_WAIT do not count as a
   * server. Epoll's sockets, as the listeners': the JDK's cannot be IPv6 alone, and [::] would find
   * 0.0.0.0 in use.
   */
  private static InetSocketAddress probe(
      EventLoopGroup group, InetSocketAddress address, boolean udp) throws ListenException {
    SocketProtocolFamily family = familyOf(address);
    InetSocketAddress target = address;
    if (udp) {
      Channel ch =
          bind(
              ipv6Only(new Bootstrap(), family)
                  .group(group)
                  .channelFactory(() -> new EpollDatagramChannel(family))
                  .handler(new ChannelInboundHandlerAdapter())
                  .bind(address),
              address,
              "UDP");
      target = (InetSocketAddress) ch.localAddress();
      ch.close().awaitUninterruptibly();
    }
    Channel ch =
        bind(
            ipv6Only(new Bootstrap(), family)
                .group(group)
                .channelFactory(() -> new EpollSocketChannel(family))
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(target),
            target,
            udp ? "TCP" : "TLS");
    target = (InetSocketAddress) ch.localAddress();
    ch.close().awaitUninterruptibly();
    return target;
  }

  /**
   * IPV6_V6ONLY on an epoll socket of IPv6: [::] takes IPv6 alone, as in BIND, Knot and NSD, so
   * that 0.0.0.0 on the same port can be another listener (Netty has no option of its own for it).
   */
  private static <B extends AbstractBootstrap<B, ?>> B ipv6Only(
      B bootstrap, SocketProtocolFamily family) {
    return family == SocketProtocolFamily.INET6 ? bootstrap.option(IPV6_V6ONLY, 1) : bootstrap;
  }

  private static InetSocketAddress bindUdp(
      Listeners listeners,
      EventLoopGroup group,
      boolean epoll,
      InetSocketAddress address,
      List<Listening> listening)
      throws ListenException {
    InetSocketAddress target = address;
    int sockets = epoll ? listeners.config().threads() : 1;
    NativeUdp.Opener udp = listeners.udp();
    if (udp != null) {
      // The address has its port: epoll, which the loops go with, probed it first.
      for (int i = 0; i < sockets; i++) {
        String thread = "tandem-udp-" + target.getPort() + "-" + i;
        try {
          NativeUdp.Socket socket =
              udp.open(target, listeners.responder(), listeners.rateLimiter(), thread);
          long inode = listeners.drops().add(socket.fd());
          listening.add(
              () -> {
                listeners.drops().remove(inode);
                socket.close();
              });
        } catch (IOException e) {
          throw refused(target, "UDP", e);
        }
      }
      return target;
    }
    if (address.getAddress().isAnyLocalAddress()) {
      log.warn(
          "UDP on {}: on Netty's channel (Java 21 or -Dtandem.udp=netty) an answer leaves from the"
              + " address the routes pick, not the one asked, and a client drops it on a machine"
              + " with several addresses: give each address with --dns, or run on Java 22 or newer",
          ListenAddress.format(address));
    }
    for (int i = 0; i < sockets; i++) {
      SocketProtocolFamily family = familyOf(target);
      Bootstrap b =
          new Bootstrap()
              .group(group)
              .channelFactory(
                  () -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
              .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
              .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
              .option(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new FixedRecvByteBufAllocator(epoll ? UDP_SLOT * UDP_BATCH : 65536))
              .handler(
                  new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                      ch.pipeline()
                          .addLast(
                              new UdpResponder(listeners.responder(), listeners.rateLimiter()));
                    }
                  });
      if (epoll) {
        ipv6Only(b, family)
            .option(EpollChannelOption.SO_REUSEPORT, true)
            .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_SLOT);
      }
      Channel ch = bind(b.bind(target), target, "UDP");
      long inode =
          ch instanceof EpollDatagramChannel e ? listeners.drops().add(e.fd().intValue()) : -1;
      listening.add(
          () -> {
            listeners.drops().remove(inode);
            ch.close().awaitUninterruptibly();
          });
      target = (InetSocketAddress) ch.localAddress();
    }
    return target;
  }

  /** Binds the TCP (or TLS) listeners of one address; returns the address with its port. */
  private static InetSocketAddress bindTcp(
      Listeners listeners,
      EventLoopGroup group,
      boolean epoll,
      InetSocketAddress address,
      List<Listening> listening,
      boolean tls)
      throws ListenException {
    int sockets = epoll ? listeners.config().threads() : 1;
    int maxPending = listeners.config().tcpMaxPending();
    TlsCertificate certificate = tls ? listeners.certificate() : null;
    for (int i = 0; i < sockets; i++) {
      SocketProtocolFamily family = familyOf(address);
      ServerBootstrap b =
          new ServerBootstrap()
              .group(group, group)
              .channelFactory(
                  () ->
                      epoll
                          ? new EpollServerSocketChannel(family)
                          : new NioServerSocketChannel(SelectorProvider.provider(), family))
              .option(ChannelOption.SO_BACKLOG, 1024)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(64 << 10, 256 << 10))
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      TcpResponder answers =
                          new TcpResponder(listeners.responder(), listeners.tcp(), maxPending, tls);
                      if (certificate != null) {
                        ch.pipeline().addLast(certificate.newHandler(ch.alloc()));
                      }
                      ch.pipeline().addLast(new TcpFraming(answers.connection()), answers);
                    }
                  });
      if (epoll) {
        ipv6Only(b, family).option(EpollChannelOption.SO_REUSEPORT, true);
      }
      Channel ch = bind(b.bind(address), address, tls ? "TLS" : "TCP");
      listening.add(Listening.of(ch));
      address = (InetSocketAddress) ch.localAddress(); // the others join the port the first got
    }
    return address;
  }

  /**
   * The family of socket for an address: an IPv4 address gets an IPv4 socket, so that 0.0.0.0 is
   * IPv4's wildcard alone, as in BIND, Knot and NSD (Netty's default IPv6 socket would take IPv6
   * too, and refuse [::1] on the same port to another listener).
   */
  private static SocketProtocolFamily familyOf(InetSocketAddress address) {
    return address.getAddress() instanceof Inet4Address
        ? SocketProtocolFamily.INET
        : SocketProtocolFamily.INET6;
  }

  private static Channel bind(ChannelFuture f, InetSocketAddress address, String proto)
      throws ListenException {
    f.awaitUninterruptibly();
    if (f.isSuccess()) {
      return f.channel();
    }
    throw refused(address, proto, f.cause());
  }

  private static ListenException refused(InetSocketAddress address, String proto, Throwable cause) {
    String why =
        cause instanceof BindException
                || cause instanceof io.netty.channel.unix.Errors.NativeIoException
            ? reason(cause)
            : String.valueOf(cause);
    return new ListenException(
        "cannot listen on " + ListenAddress.format(address) + " (" + proto + "): " + why, cause);
  }

  private static String reason(Throwable cause) {
    String m = String.valueOf(cause.getMessage());
    if (m.contains("Address already in use")) {
      return "address already in use (is another server running on this port?)";
    }
    if (m.contains("Cannot assign requested address")) {
      return "no such local address on this machine";
    }
    if (m.contains("Permission denied")) {
      return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
    }
    return m;
  }

  /**
   * Responses the rate limit dropped or truncated, queries the kernel dropped, TCP connections the
   * limits closed.
   */
  public TransportCounters counters() {
    return counters;
  }

  /** The addresses actually bound (with the real port where port 0 was asked for). */
  public List<InetSocketAddress> addresses() {
    return List.copyOf(bound);
  }

  /** The TLS addresses actually bound; empty without TLS. */
  public List<InetSocketAddress> tlsAddresses() {
    return List.copyOf(tlsBound);
  }

  /** Reads the TLS certificate's files again if they changed (SIGHUP); false if nothing changed. */
  public boolean reloadTls() {
    TlsCertificate c = certificate;
    return c != null && c.reloadIfChanged();
  }

  @Override
  public void close() {
    if (reloads != null) {
      reloads.shutdownNow();
    }
    closeAll(listening, group);
  }

  private static void closeAll(List<Listening> listening, EventLoopGroup group) {
    listening.forEach(Listening::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
