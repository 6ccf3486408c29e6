package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.Action;
import dev.sekisho.config.Policy;
import dev.sekisho.i18n.Language;
import dev.sekisho.i18n.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No text a user reads is written into a template or built from Java literals: every template's text nodes
 * and user-visible attributes are bundle lookups ({@code #{key}}), data ({@code ${...}}), or only white space,
 * punctuation, symbols, digits and a few technical names; every key a template or the Java code names exists.
 */
class TemplateTextsTest {
  /** Attributes a reader sees or hears. */
  private static final Set<String> SHOWN_ATTRIBUTES = Set.of("title", "placeholder", "aria-label", "alt", "label",
      "data-confirm", "value");
  /** th: attributes whose string literals would be shown. */
  private static final Set<String> SHOWN_TH = Set.of("th:text", "th:utext", "th:title", "th:placeholder",
      "th:aria-label", "th:alt", "th:data-confirm", "th:attr");
  /** Attributes that replace the element's content, so its text is only a prototype for the designer. */
  private static final Set<String> REPLACING = Set.of("th:text", "th:utext", "th:replace", "th:insert", "th:remove");
  private static final Set<String> VOID = Set.of("input", "meta", "link", "br", "img", "hr", "option-never");
  /** Technical names shown as they are in every language. */
  private static final Set<String> TECHNICAL = Set.of("MAC", "IPv4", "IPv6", "#");
  /** Example values in placeholders: addresses, names, PEM headers (never words to translate). */
  private static final Pattern EXAMPLE = Pattern.compile("[\\w.:/+\\-]+|-----BEGIN [A-Z ]+-----");
  private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][\\w:-]*)((?:\\s+[\\w:@.-]+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'))?)*)\\s*(/?)>",
      Pattern.DOTALL);
  private static final Pattern ATTR = Pattern.compile("([\\w:@.-]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'))?");
  private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z0-9_.]+)");

  @Test
  void templatesHaveNoLiteralText() throws IOException {
    List<String> bad = new ArrayList<>();
    for (Path t : templates()) {
      scan(t, Files.readString(t), bad);
    }
    assertEquals(List.of(), bad, "texts outside the bundles");
  }

  @Test
  void theScannerFindsLiteralText() {
    List<String> bad = new ArrayList<>();
    scan(Path.of("t.html"), "<html th:replace=\"~{l :: page(#{t}, ~{::#c})}\"><p>Hello <b th:text=\"#{x}\">proto</b></p><input placeholder=\"your name\">"
        + "<span th:text=\"${a} ? 'yes' : ''\">p</span><div th:replace=\"~{f :: field(label='Name')}\"></div>"
        + "<p th:replace=\"~{f :: x}\">prototype</p></html>", bad);
    assertEquals(4, bad.size(), bad.toString());
  }

  @Test
  void everyKeyATemplateUsesExists() throws IOException {
    List<String> missing = new ArrayList<>();
    int used = 0;
    for (Path t : templates()) {
      Matcher m = KEY.matcher(Files.readString(t));
      while (m.find()) {
        used++;
        if (!Messages.has(m.group(1))) {
          missing.add(t + ": " + m.group(1));
        }
      }
    }
    assertTrue(used > 300, "keys found: " + used);
    assertEquals(List.of(), missing);
  }

  @Test
  void everyKeyTheJavaCodeNamesExists() throws IOException {
    // Literals passed where a key is expected, and every literal that looks like one of the key families.
    Pattern call = Pattern.compile("(?:Lang\\.t\\(|Message\\.of\\(|Problem\\.of\\([^,()]+,|Messages\\.format\\([^,()]+,"
        + "|Web\\.(?:success|error)\\(ctx,|new (?:dev\\.sekisho\\.config\\.)?ParseException\\(|errorPage\\(views, ctx, \\d+,)"
        + "\\s*\"([^\"]+)\"\\s*[,)]");
    Pattern family = Pattern.compile("\"((?:flash|problem|notice|error|guard|live|js|diff|lockout|flows)\\.[a-z0-9_.]*"
        + "[a-z0-9_])\"");
    List<String> missing = new ArrayList<>();
    int used = 0;
    try (Stream<Path> files = Files.walk(Path.of("app/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        for (Pattern p : List.of(call, family)) {
          Matcher m = p.matcher(src);
          while (m.find()) {
            String key = m.group(1);
            if (key.endsWith(".")) {
              continue; // the prefix of a key built from an enum, checked below
            }
            used++;
            if (!Messages.has(key)) {
              missing.add(f.getFileName() + ": " + key);
            }
          }
        }
      }
    }
    // Keys built from a name: every name has its text.
    for (Action a : Action.values()) {
      check(missing, "action." + a.label());
    }
    for (Policy p : Policy.values()) {
      check(missing, "policy." + p.label());
    }
    for (AuditKind k : AuditKind.values()) {
      check(missing, "audit.kind." + k.label());
    }
    for (Language l : Language.values()) {
      check(missing, "language." + l.tag());
    }
    for (String t : List.of("apply", "restore")) {
      check(missing, "target." + t);
      check(missing, "target." + t + ".verb");
    }
    for (String c : List.of("shown", "total", "max", "expired", "evicted", "malformed", "truncated", "kernelDropped",
        "ifDropped", "internal")) {
      check(missing, "live.counter." + c);
    }
    for (String c : List.of("events", "overwritten", "malformed", "kernelDropped")) {
      check(missing, "live.blocked_counter." + c);
    }
    // The explain page words the engine's codes (ExplainController).
    for (dev.sekisho.config.Explanation.Verdict v : dev.sekisho.config.Explanation.Verdict.values()) {
      check(missing, "explain.verdict." + v.name().toLowerCase(java.util.Locale.ROOT));
      check(missing, "explain.verdict_note." + v.name().toLowerCase(java.util.Locale.ROOT));
    }
    for (dev.sekisho.config.Explanation.RuleOutcome o : dev.sekisho.config.Explanation.RuleOutcome.values()) {
      check(missing, "explain.outcome." + o.name().toLowerCase(java.util.Locale.ROOT));
    }
    for (String s : List.of("panel", "ssh", "dns", "ping", "dhcp")) {
      check(missing, "explain.service." + s);
    }
    for (String d : List.of("forward", "gateway", "wan")) {
      check(missing, "explain.direction." + d);
    }
    for (String c : List.of("applied", "draft")) {
      check(missing, "explain.config." + c);
    }
    for (dev.sekisho.capture.CaptureException.Reason r : dev.sekisho.capture.CaptureException.Reason.values()) {
      if (r != dev.sekisho.capture.CaptureException.Reason.FAILED) {
        check(missing, "live.reason." + r.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    assertTrue(used > 150, "keys found in the Java code: " + used);
    assertEquals(List.of(), missing);
  }

  private static void check(List<String> missing, String key) {
    if (!Messages.has(key)) {
      missing.add(key);
    }
  }

  private static List<Path> templates() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of("templates"))) {
      List<Path> out = s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
      assertTrue(out.size() > 25, "templates found: " + out);
      return out;
    }
  }

  /** Reports literal text in one template: text nodes outside replaced elements, and shown attributes. */
  static void scan(Path file, String html, List<String> bad) {
    String s = html.replaceAll("(?s)<!--.*?-->", " ").replaceAll("(?i)<!DOCTYPE[^>]*>", " ");
    Deque<Boolean> replaced = new ArrayDeque<>();
    Deque<String> names = new ArrayDeque<>();
    Matcher m = TAG.matcher(s);
    int at = 0;
    while (m.find()) {
      text(file, s.substring(at, m.start()), !replaced.isEmpty() && replaced.peek(), names, bad);
      at = m.end();
      String name = m.group(2).toLowerCase(java.util.Locale.ROOT);
      if (!m.group(1).isEmpty()) {
        // Closing tag: pop up to the matching element (templates are well formed).
        while (!names.isEmpty()) {
          String n = names.pop();
          replaced.pop();
          if (n.equals(name)) {
            break;
          }
        }
        continue;
      }
      boolean replacing = false;
      Matcher a = ATTR.matcher(m.group(3));
      while (a.find()) {
        String attr = a.group(1);
        String value = a.group(2) == null ? "" : a.group(2).substring(1, a.group(2).length() - 1);
        if (REPLACING.contains(attr) && !name.equals("html")) {
          // A page's <html th:replace> hands its own sections to the layout: they are shown, not replaced.
          replacing = true;
        }
        if (SHOWN_ATTRIBUTES.contains(attr) && words(value) && !(attr.equals("value") && !name.equals("button"))
            && !(attr.equals("placeholder") && EXAMPLE.matcher(value).matches())) {
          bad.add(file + ": <" + name + " " + attr + "=\"" + value + "\">");
        }
        if (SHOWN_TH.contains(attr) || attr.equals("th:replace") || attr.equals("th:insert")) {
          literals(file, attr, value, bad);
        }
      }
      boolean inherited = !replaced.isEmpty() && replaced.peek();
      if (m.group(4).isEmpty() && !VOID.contains(name)) {
        names.push(name);
        replaced.push(inherited || replacing);
      }
    }
    text(file, s.substring(at), false, names, bad);
  }

  private static void text(Path file, String text, boolean replaced, Deque<String> names, List<String> bad) {
    String t = text.strip();
    if (t.isEmpty() || replaced || names.contains("code") || names.contains("pre") || names.contains("script")
        || names.contains("style") || TECHNICAL.contains(t) || !words(t)) {
      return;
    }
    bad.add(file + ": text \"" + t + "\"");
  }

  /** String literals inside a Thymeleaf expression that would be shown: '...' and |...| with letters. */
  private static void literals(Path file, String attr, String expr, List<String> bad) {
    String e = expr.replaceAll("#\\{[^}]*\\}", "#").replaceAll("\\$\\{[^}]*\\}", "\\$");
    if (attr.equals("th:replace") || attr.equals("th:insert")) {
      // Fragment arguments that are texts: label='…', note='…', repeatLabel='…', a page title.
      Matcher m = Pattern.compile("(?:label|note|repeatLabel|title)\\s*=\\s*'([^']*)'|page\\('([^']*)'").matcher(e);
      while (m.find()) {
        String v = m.group(1) != null ? m.group(1) : m.group(2);
        if (words(v)) {
          bad.add(file + ": " + attr + " argument '" + v + "'");
        }
      }
      return;
    }
    Matcher m = Pattern.compile("'([^']*)'|\\|([^|]*)\\|").matcher(e);
    while (m.find()) {
      String v = m.group(1) != null ? m.group(1) : m.group(2);
      if (v != null && words(v.replace("$", "").replace("#", ""))) {
        bad.add(file + ": " + attr + " literal '" + v + "'");
      }
    }
  }

  /** True when the text has letters (of any script), i.e. is more than white space, digits and symbols. */
  private static boolean words(String s) {
    return s.codePoints().anyMatch(Character::isLetter);
  }
}
