package dev.tandem.server;

import dev.tandem.dns.engine.ControlPort;
import dev.tandem.dns.zone.Transfer;
import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;

/** A control plane that lets anyone transfer any zone and keeps the reports of transfers out. */
class OpenControlPort implements ControlPort {
  final BlockingQueue<Transfer> reports = new LinkedBlockingQueue<>();

  @Override
  public @Nullable TSIG key(Name name) {
    return null;
  }

  @Override
  public boolean mayTransfer(Name zone, InetAddress peer, @Nullable Name key, boolean overTls) {
    return true;
  }

  @Override
  public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
    return Rcode.NOTAUTH;
  }

  @Override
  public void transferredOut(Transfer t) {
    reports.add(t);
  }

  @Override
  public long expireSeconds(Name zone) {
    return -1;
  }
}
