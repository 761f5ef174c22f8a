package dev.tandem.web;

import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneText;
import dev.tandem.control.wizard.Setup;
import dev.tandem.control.wizard.SetupWizard;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The setup wizard's pages: the setups started (each taken up where it was left), the form that
 * starts one, and a setup's four steps, each with its last check (ticks, or the reasons it failed)
 * and a button that checks it again now. Starting and checking need an admin key (they create zones
 * and TSIG keys); others see the progress, TSIG secrets left out.
 */
public final class WizardPage {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One setup in the list. */
  public record Item(String zone, String strategy, int passed, boolean done) {}

  /** The list and the start form. */
  public record ListView(
      Frame frame,
      List<Item> setups,
      Map<String, String> form,
      @Nullable String field,
      @Nullable String error) {
    public String value(String f) {
      return form.getOrDefault(f, "");
    }

    public @Nullable String errorFor(String f) {
      return f.equals(field) ? error : null;
    }
  }

  /** One step as the page shows it. */
  public record StepView(
      String id, int number, String title, String outcome, String at, List<String> lines) {}

  /** A setup's page. */
  public record View(
      Frame frame,
      String zone,
      String strategy,
      String kind,
      String peer,
      String key,
      String ourNames,
      List<StepView> steps,
      Map<String, String> snippets,
      boolean done) {}

  private final PanelServices services;

  WizardPage(PanelServices services) {
    this.services = services;
  }

  private SetupWizard wizard() {
    SetupWizard w = services.wizard();
    if (w == null) {
      throw new PanelError(404, "This server runs no setup wizard.");
    }
    return w;
  }

  void list(Context ctx, Panel.Visitor v) {
    Map<String, String> form = new java.util.HashMap<>();
    form.put("strategy", "secondary");
    form.put("algorithm", "hmac-sha256");
    form.put("keyName", "tandem-xfr");
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    form.put("secret", Base64.getEncoder().encodeToString(raw));
    Templates.render(ctx, 200, "wizards.jte", listView(v, form, null, null));
  }

  private ListView listView(
      Panel.Visitor v, Map<String, String> form, @Nullable String field, @Nullable String error) {
    List<Item> items = new ArrayList<>();
    for (Setup s : wizard().all()) {
      int passed = 0;
      for (Setup.Step st : Setup.Step.values()) {
        if (s.result(st).outcome() == Setup.Outcome.PASSED) {
          passed++;
        }
      }
      items.add(new Item(s.zone().toString(), s.strategy().title(), passed, s.done()));
    }
    return new ListView(
        v.frame("Setup wizard", "wizard", services.version()), items, form, field, error);
  }

  void start(Context ctx, Panel.Visitor v) {
    Map<String, String> form = new java.util.HashMap<>();
    for (String f :
        List.of("zone", "strategy", "peer", "keyName", "algorithm", "secret", "ourNames")) {
      form.put(f, Optional.ofNullable(ctx.formParam(f)).orElse("").trim());
    }
    Setup s;
    try {
      s =
          wizard()
              .start(
                  new SetupWizard.Start(
                      form.getOrDefault("zone", ""),
                      form.getOrDefault("strategy", ""),
                      form.getOrDefault("peer", ""),
                      form.getOrDefault("keyName", ""),
                      form.getOrDefault("algorithm", ""),
                      form.getOrDefault("secret", ""),
                      form.getOrDefault("ourNames", "")));
    } catch (ServiceException e) {
      Templates.render(
          ctx,
          Panel.status(e),
          "wizards.jte",
          listView(v, form, e.field() == null ? "zone" : e.field(), e.getMessage()));
      return;
    }
    ctx.redirect("/wizard/" + s.zone(), HttpStatus.SEE_OTHER);
  }

  void page(Context ctx, Panel.Visitor v) {
    Setup s = setup(ctx);
    boolean admin = v.isAdmin();
    List<StepView> steps = new ArrayList<>();
    int n = 1;
    for (Setup.Step st : Setup.Step.values()) {
      Setup.Result r = s.result(st);
      steps.add(
          new StepView(
              st.word(),
              n++,
              st.title(),
              r.outcome().word(),
              r.at() == null ? "" : Ago.since(r.at(), services.clock().instant()),
              r.lines()));
    }
    Map<String, String> snippets = new java.util.LinkedHashMap<>();
    wizard()
        .snippets(s)
        .forEach((k, text) -> snippets.put(k, admin ? text : text.replace(s.secret(), "SECRET")));
    Templates.render(
        ctx,
        200,
        "wizard.jte",
        new View(
            v.frame("Setup of " + s.zone(), "wizard", services.version()),
            s.zone().toString(),
            s.strategy().title(),
            s.strategy().word(),
            s.peer(),
            s.keyName() + " (" + s.algorithm() + ")",
            String.join(" ", s.ourNames().stream().map(Name::toString).toList()),
            steps,
            snippets,
            s.done()));
  }

  void check(Context ctx, Panel.Visitor v) {
    Setup s = setup(ctx);
    Setup.Step step = null;
    for (Setup.Step st : Setup.Step.values()) {
      if (st.word().equals(ctx.formParam("step"))) {
        step = st;
      }
    }
    if (step == null) {
      throw new PanelError(422, "Which step? The form named none of the four.");
    }
    wizard().check(s.zone(), step, v.actor(), "theirs".equals(ctx.formParam("adopt")));
    ctx.redirect("/wizard/" + s.zone() + "#" + step.word(), HttpStatus.SEE_OTHER);
  }

  private Setup setup(Context ctx) {
    Name zone;
    try {
      zone = ZoneText.zoneName(ctx.pathParam("zone"), "zone");
    } catch (ServiceException e) {
      throw new PanelError(404, String.valueOf(e.getMessage()));
    }
    return wizard()
        .get(zone)
        .orElseThrow(() -> new PanelError(404, "No setup of " + zone + " has been started."));
  }
}
