package dev.tandem.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/ARCHITECTURE.md, checked on the compiled classes, and the page
 * itself kept to one page that names every module.
 */
class ArchitectureTest {
  static JavaClasses tandem;

  @BeforeAll
  static void importClasses() {
    tandem =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tandem");
  }

  @Test
  void theDnsCoreDependsOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.dns..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tandem.server..",
            "dev.tandem.store..",
            "dev.tandem.control..",
            "dev.tandem.api..",
            "dev.tandem.app..")
        .check(tandem);
  }

  @Test
  void theDataPlaneNeverTouchesTheControlPlane() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tandem.store..", "dev.tandem.control..", "dev.tandem.api..")
        .check(tandem);
  }

  @Test
  void onlyTheStoreTouchesJdbc() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tandem.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..",
            "javax.sql..",
            "org.sqlite..",
            "org.flywaydb..",
            "org.postgresql..",
            "com.zaxxer.hikari..")
        .check(tandem);
  }

  @Test
  void onlyTheTransfersAndTheChecksClientOpenOutboundDnsConnections() {
    // Transfers in, SOA probes and NOTIFY out (control.transfer); the cross-provider checks'
    // client and resolver (control.monitor.lookup), which ask other providers' servers; the
    // primary/primary sync's adapters (control.sync.adapter: RFC 2136 UPDATE, AXFR read-back).
    // (tandem selftest is a client of the server it starts: it asks it questions.)
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.tandem.control.transfer..",
            "dev.tandem.control.monitor.lookup..",
            "dev.tandem.control.sync.adapter..")
        .and()
        .doNotHaveFullyQualifiedName("dev.tandem.app.SelftestCommand")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.Socket")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.DatagramSocket")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.xbill.DNS.ZoneTransferIn")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.xbill.DNS.SimpleResolver")
        .check(tandem);
  }

  @Test
  void nonBlockingSocketsAreTheServersAndTheChecksClients() {
    // The server's channels listen (the bind check before Netty takes the address); the checks'
    // client asks other servers without a thread per question. Nothing else opens one.
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.tandem.server..", "dev.tandem.control.monitor.lookup..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.channels.DatagramChannel")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.channels.SocketChannel")
        .check(tandem);
  }

  @Test
  void theChecksRulesArePure() {
    // (observations) -> findings, unit-tested without sockets, threads or clocks.
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.control.monitor.check..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.channels..", "java.util.concurrent..", "java.net.http..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.tandem.control.monitor.lookup.DnsClient")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.tandem.control.monitor.lookup.Resolver")
        .check(tandem);
  }

  @Test
  void theApiGoesThroughTheControlPlane() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tandem.store..", "dev.tandem.server..", "dev.tandem.app..")
        .check(tandem);
  }

  @Test
  void thePanelGoesThroughTheControlPlane() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tandem.store..", "dev.tandem.server..", "dev.tandem.api..", "dev.tandem.app..")
        .check(tandem);
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tandem.web..")
        .check(tandem);
  }

  @Test
  void theWireFormatDependsOnlyOnTheJdk() {
    classes()
        .that()
        .resideInAPackage("dev.tandem.dns.wire..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.tandem.dns.wire..", "java..", "org.jspecify..")
        .check(tandem);
  }

  @Test
  void theZoneModelDoesNotKnowTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.dns.zone..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tandem.dns.engine..")
        .check(tandem);
  }

  @Test
  void theCoreHasNoSocketsThreadsOrClocks() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.dns..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.channels..", "io.netty..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.Socket")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.DatagramSocket")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.ServerSocket")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Thread")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .check(tandem);
  }

  @Test
  void noPackageDependsOnAnotherThatDependsOnIt() {
    slices().matching("dev.tandem.(**)").should().beFreeOfCycles().check(tandem);
  }

  @Test
  void timeIsReadOnlyThroughAnInjectedClock() {
    noClasses()
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(LocalDate.class, "now")
        .orShould()
        .callMethod(LocalDate.class, "now", ZoneId.class)
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(LocalDateTime.class, "now", ZoneId.class)
        .orShould()
        .callMethod(OffsetDateTime.class, "now")
        .orShould()
        .callMethod(ZonedDateTime.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .because("timers, expiry, TSIG time and serials must run on a fake clock in tests")
        .check(tandem);
  }

  @Test
  void onlyTheServerUsesNetty() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tandem.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .check(tandem);
  }

  @Test
  void theTransportDoesNotKnowTheApplication() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tandem.app..")
        .check(tandem);
  }

  @Test
  void namesComeFromTheDomainNotFromPatterns() {
    noClasses()
        .should()
        .haveSimpleNameEndingWith("Manager")
        .orShould()
        .haveSimpleNameEndingWith("Helper")
        .orShould()
        .haveSimpleNameEndingWith("Util")
        .orShould()
        .haveSimpleNameEndingWith("Utils")
        .orShould()
        .haveSimpleNameEndingWith("Impl")
        .check(tandem);
  }

  @Test
  void theArchitecturePageIsOnePageAndNamesEveryModule() throws IOException {
    Path root = Path.of(System.getProperty("tandem.root", ".."));
    String page = Files.readString(root.resolve("docs/ARCHITECTURE.md"));
    String pom = Files.readString(root.resolve("pom.xml"));
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    List<String> modules = m.results().map(r -> r.group(1)).toList();
    assertThat(modules).isNotEmpty();
    for (String module : modules) {
      assertThat(page)
          .as("docs/ARCHITECTURE.md describes module %s", module)
          .contains("`" + module + "`");
    }
    assertThat(page.lines().count())
        .as("docs/ARCHITECTURE.md stays one page")
        .isLessThanOrEqualTo(90);
  }
}
