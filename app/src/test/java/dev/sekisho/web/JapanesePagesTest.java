package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.i18n.EnglishLeft;
import dev.sekisho.i18n.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every page in Japanese, over real HTTP: the browser asks for Japanese (or the admin chose it with the
 * switch), and no page shows a raw key or an English sentence of the bundle; flash messages, validation
 * errors, notices and the live flows' texts follow. Without Japanese asked for, English stays the default.
 */
class JapanesePagesTest extends WebTestBase {
  /** Every page an admin can open (GET), with data on it. */
  static final List<String> PAGES = List.of("/", "/interfaces", "/interfaces/new", "/interfaces/eth0/edit", "/hosts",
      "/hosts/new", "/hosts/1/edit", "/rules", "/rules/new", "/rules/12/edit", "/nat", "/nat/forwards/new", "/nat/forwards/1/edit",
      "/ruleset", "/settings",
      "/settings/certificate", "/settings/api-keys", "/backup", "/revisions", "/audit", "/flows", "/apply/preview", "/account/password",
      "/no/such/page", "/rules/new?destination=203.0.113.10%2F32&source=unknown&sourceIp=192.168.1.50", "/explain", "/objects", "/objects/groups/new", "/objects/lists/new", "/objects/services/new",
      "/explain?source=%231&mac=&destination=203.0.113.10&protocol=tcp&port=443&direction=forward&config=draft",
      "/explain?source=%231&mac=&destination=192.168.1.1&protocol=tcp&port=25&direction=gateway&config=draft");

  FakeFlows flows;

  @BeforeEach
  void withFlows() {
    h.close();
    flows = new FakeFlows(Harness.START);
    h = new Harness(dir, flows);
    h.configs.save(FlowsWebTest.config().withSettings(s -> s.withMasquerade(true))
        .withForward(new dev.sekisho.config.PortForward(1, dev.sekisho.config.Protocol.TCP,
            dev.sekisho.config.PortRange.of(8443), 1L, null, 443, List.of(), true, true,
            dev.sekisho.config.Comment.parse("web"), true)));
  }

  @Test
  void everyPageIsJapaneseWhenTheBrowserAsksForIt() {
    Browser b = loggedIn();
    b.acceptLanguage = "ja-JP,ja;q=0.9,en;q=0.8";
    // A revision, a notice and a failed apply report exist, so their pages and texts are shown too.
    b.post("/apply/now", Map.of("understood", "on"));
    h.safeApply.rollback(Message.of("notice.reason.stopped"));
    List<String> bad = new ArrayList<>();
    List<String> pages = new ArrayList<>(PAGES);
    pages.add("/revisions/" + h.revisions.list().get(0).id());
    pages.add("/revisions/diff?from=" + h.revisions.list().get(0).id() + "&to=" + h.revisions.list().get(0).id());
    for (String path : pages) {
      Browser.Page p = b.get(path);
      assertEquals(path.equals("/no/such/page") ? 404 : 200, p.status(), path);
      check(path, p.body(), bad);
    }
    assertEquals(List.of(), bad);
  }

  @Test
  void loginAndSetupFollowTheBrowserAndTheirLinks() {
    Browser anon = h.browser();
    anon.acceptLanguage = "ja";
    List<String> bad = new ArrayList<>();
    check("/setup", anon.get("/setup").body(), bad);
    h.admin.setPasswordHash(PASSWORD_HASH);
    String login = anon.get("/login").body();
    check("/login", login, bad);
    assertEquals(List.of(), bad);
    assertTrue(login.contains("ログイン") && login.contains("lang=\"ja\""), login);

    Browser english = h.browser();
    String en = english.get("/login").body();
    assertTrue(en.contains("lang=\"en\"") && en.contains("Firewall administration"), en);
    // The login page's link sets the cookie: the next page is Japanese without any Accept-Language.
    assertTrue(english.get("/login?lang=ja").body().contains("ファイアウォール管理"));
    assertEquals("ja", english.cookies.get(Lang.COOKIE));
    assertTrue(english.get("/login").body().contains("ファイアウォール管理"));
    english.get("/login?lang=en");
    assertTrue(english.get("/login").body().contains("Firewall administration"));
  }

  @Test
  void theSwitchIsRememberedForTheAdmin() {
    Browser b = loggedIn();
    assertTrue(b.get("/hosts").body().contains(">Hosts<"), "English by default");
    Browser.Page p = b.post("/language", Map.of("lang", "ja", "back", "/hosts"));
    assertEquals(303, p.status());
    assertEquals("/hosts", p.location());
    assertEquals("ja", h.admin.language().orElse(""));
    assertTrue(b.get("/hosts").body().contains(">ホスト<"));
    // Another browser, no cookie, no Accept-Language: the admin's choice still holds after login.
    Browser other = loggedIn();
    assertTrue(other.get("/rules").body().contains("送信ルール"));
    // A foreign redirect target stays on the panel; an unknown language changes nothing.
    Browser.Page away = b.post("/language", Map.of("lang", "en", "back", "//evil.example/"));
    assertEquals("/", away.location());
    assertEquals("en", h.admin.language().orElse(""));
    b.post("/language", Map.of("lang", "xx", "back", "/"));
    assertEquals("en", h.admin.language().orElse(""));
  }

  @Test
  void flashesErrorsAndNoticesAreInTheReadersLanguage() {
    Browser b = loggedIn();
    b.acceptLanguage = "ja";
    b.post("/hosts", Map.of("name", "プリンター", "ip", "192.168.1.30", "mac", ""));
    assertTrue(b.get("/hosts").body().contains("ホスト プリンター を追加しました。"));
    Browser.Page refused = b.post("/hosts", Map.of("name", "x", "ip", "300.1.1.1", "mac", ""));
    assertEquals(400, refused.status());
    assertTrue(refused.body().contains("「300.1.1.1」: 300 は 0〜255 の範囲外です"), refused.body());

    // A notice stored as key and arguments reads in each reader's language; an old English one as stored.
    b.post("/apply", Map.of());
    h.safeApply.rollback(Message.of("notice.reason.stopped"));
    h.notices.add(Harness.START, Message.plain("An old notice, stored in English."), null);
    String ja = b.get("/").body();
    assertTrue(ja.contains("確認される前に Sekisho が停止したためロールバックされました"), ja);
    assertTrue(ja.contains("An old notice, stored in English."), ja);
    b.acceptLanguage = null;
    String en = b.get("/").body();
    assertTrue(en.contains("was rolled back because Sekisho stopped before it was confirmed"), en);
  }

  @Test
  void theLiveStreamSpeaksTheLanguageOfThePageThatOpenedIt() {
    Browser b = loggedIn();
    b.acceptLanguage = "ja";
    String json = b.get("/flows/stream").body();
    assertTrue(json.contains("ルール #12「no https for R") && json.contains("が遮断"), json);
    assertTrue(json.contains("テーブル内のフロー"), json);
    String page = b.get("/flows").body();
    assertTrue(page.contains("data-texts=") && page.contains("これを許可"), "the script's texts come with the page");
    b.acceptLanguage = "en";
    assertTrue(b.get("/flows/stream").body().contains("blocked by rule #12"));
  }

  @Test
  void datesFollowTheAdminsTimeZone() {
    Browser b = loggedIn();
    b.post("/apply/now", Map.of("understood", "on"));
    assertTrue(b.get("/revisions").body().contains("2025-03-01 10:15:30 GMT"));
    b.post("/account/zone", Map.of("timeZone", "Asia/Tokyo"));
    assertEquals("Asia/Tokyo", h.admin.timeZone().orElse(""));
    assertTrue(b.get("/revisions").body().contains("2025-03-01 19:15:30 GMT+9"));
    b.acceptLanguage = "ja";
    assertTrue(b.get("/revisions").body().contains("2025/03/01 19:15:30 GMT+9"));
    b.post("/account/zone", Map.of("timeZone", "Mars/Olympus"));
    assertEquals("Asia/Tokyo", h.admin.timeZone().orElse(""), "an unknown zone changes nothing");
    b.post("/account/zone", Map.of("timeZone", ""));
    assertFalse(h.admin.timeZone().isPresent());
  }

  private static void check(String path, String html, List<String> bad) {
    String text = EnglishLeft.visibleText(html);
    if (EnglishLeft.hasRawKey(html)) {
      bad.add(path + ": a raw key: " + html.replaceAll("(?s).*?(\\?\\?[\\w.]+\\?\\?).*", "$1"));
    }
    if (!EnglishLeft.hasJapanese(text)) {
      bad.add(path + ": no Japanese at all");
    }
    EnglishLeft.in(text).forEach(e -> bad.add(path + ": English left: " + e));
  }
}
