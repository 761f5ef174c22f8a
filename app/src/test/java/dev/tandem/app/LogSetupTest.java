package dev.tandem.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** What the server's log looks like on standard error, set up without a logback.xml. */
class LogSetupTest {
  @Test
  void oneLinePerEventWithTheLibrariesOnlyFromWarnings() {
    PrintStream was = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, UTF_8));
    try {
      LoggerContext context = new LoggerContext();
      context.setMDCAdapter(new LogbackMDCAdapter()); // as SLF4J's binding does
      LogSetup setup = new LogSetup();
      setup.setContext(context);
      assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
      context.getLogger("dev.tandem.control.PrimaryZone").info("zone {}: loaded", "example.test.");
      context.getLogger("dev.tandem.control.PrimaryZone").debug("not at INFO");
      context.getLogger("io.netty.channel.Epoll").info("a library's chatter");
      context.getLogger("org.eclipse.jetty.server.Server").warn("a library's trouble");
      context.stop();
    } finally {
      System.setErr(was);
    }
    assertThat(err.toString(UTF_8).split("\n"))
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+"
                            + " INFO  PrimaryZone: zone example\\.test\\.: loaded"),
            line -> assertThat(line).endsWith(" WARN  Server: a library's trouble"));
  }

  @Test
  void aConfigurationFileNamedOnTheCommandLineIsReadInstead() {
    System.setProperty("logback.configurationFile", "/etc/tandem/logback.xml");
    try {
      LoggerContext context = new LoggerContext();
      LogSetup setup = new LogSetup();
      setup.setContext(context);
      assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
