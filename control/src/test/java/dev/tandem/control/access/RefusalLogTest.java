package dev.tandem.control.access;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Refused NOTIFYs and UPDATEs, logged as one line per zone, source and reason per interval however
 * many arrive (issue 14: a line per packet wrote 71 MB in 40 s), and counted by reason.
 */
class RefusalLogTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private static final RefusalLog.Refused STRANGER =
      new RefusalLog.Refused(RefusalLog.Reason.NOTIFY_NOT_ALLOWED, "not a primary of this zone");
  private static final RefusalLog.Refused UNSIGNED =
      new RefusalLog.Refused(RefusalLog.Reason.UPDATE_UNSIGNED, "no update rule for it");

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
  private final RefusalLog refusals = new RefusalLog();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  private List<String> logged() {
    List<String> out = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    lines.list.clear();
    return out;
  }

  private static InetAddress address(String text) throws Exception {
    return InetAddress.getByName(text);
  }

  @Test
  void aFloodFromOneSourceIsOneLineThenOneSummaryPerInterval() throws Exception {
    InetAddress a = address("192.0.2.7");
    for (int i = 0; i < 100_000; i++) {
      refusals.refused(ZONE, a, STRANGER);
    }

    assertThat(logged())
        .containsExactly(
            "example.com.: refused NOTIFY from 192.0.2.7: not a primary of this zone (more of"
                + " these from 192.0.2.7 are summed up every 60 s)");
    refusals.summarize();
    assertThat(logged())
        .containsExactly(
            "example.com.: refused 99999 more NOTIFYs from 192.0.2.7 in the last 60 s: not a"
                + " primary of this zone");
    assertThat(refusals.count(RefusalLog.Reason.NOTIFY_NOT_ALLOWED)).isEqualTo(100_000);
    assertThat(refusals.count(RefusalLog.Reason.UPDATE_UNSIGNED)).isZero();
  }

  @Test
  void eachSourceAndReasonHasItsLineAndAQuietSourceIsLoggedAtOnceAgain() throws Exception {
    InetAddress a = address("192.0.2.7");
    InetAddress b = address("2001:db8::8");
    assertThat(refusals.refused(ZONE, a, STRANGER)).isTrue();
    assertThat(refusals.refused(ZONE, a, UNSIGNED)).isTrue();
    assertThat(refusals.refused(ZONE, b, STRANGER)).isTrue();
    assertThat(refusals.refused(ZONE, b, STRANGER)).as("counted, not logged").isFalse();
    assertThat(logged()).hasSize(3);

    refusals.summarize(); // only b was refused again
    assertThat(logged()).singleElement().asString().contains("refused 1 more NOTIFY from 2001:db8");
    refusals.summarize(); // nothing since: every source forgotten
    assertThat(logged()).isEmpty();
    refusals.refused(ZONE, a, STRANGER);
    assertThat(logged()).singleElement().asString().startsWith("example.com.: refused NOTIFY from");
  }

  @Test
  void aForgedFloodFromEverNewAddressesIsSummedUpAsOtherAddresses() throws Exception {
    for (int i = 0; i < 5_000; i++) {
      refusals.refused(ZONE, address("10.0." + (i >> 8) + "." + (i & 0xff)), STRANGER);
    }

    assertThat(logged()).hasSize(RefusalLog.MAX_SOURCES);
    refusals.summarize();
    assertThat(logged())
        .containsExactly(
            "example.com.: refused 4900 more NOTIFYs from other addresses in the last 60 s (not"
                + " allowed)");
    assertThat(refusals.count(RefusalLog.Reason.NOTIFY_NOT_ALLOWED)).isEqualTo(5_000);
  }

  @Test
  void aSweepOfEveryZoneFromEverNewAddressesIsSummedUpInOneLine() throws Exception {
    for (int i = 0; i < 5_000; i++) {
      refusals.refused(
          Name.fromString("z" + i + ".example."),
          address("10.1." + (i >> 8) + "." + (i & 0xff)),
          STRANGER);
    }

    assertThat(logged()).hasSize(RefusalLog.MAX_SOURCES);
    refusals.summarize();
    List<String> summary = logged();
    assertThat(summary).hasSize(RefusalLog.MAX_SOURCES + 1); // the next hundred zones, then all
    assertThat(summary)
        .contains(
            "other zones: refused 4800 more NOTIFYs from other addresses in the last 60 s (not"
                + " allowed)");
    assertThat(refusals.count(RefusalLog.Reason.NOTIFY_NOT_ALLOWED)).isEqualTo(5_000);
  }
}
