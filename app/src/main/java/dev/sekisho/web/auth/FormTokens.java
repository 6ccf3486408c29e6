package dev.sekisho.web.auth;

import dev.sekisho.crypto.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless CSRF tokens for the forms shown before login (login and setup): a random nonce and its
 * HMAC-SHA256 under a key that lives only in this process. The page carries the token in a hidden field
 * and the browser in a cookie (double submit); the server keeps nothing per visitor, so no number of
 * anonymous visits can push anyone else's form out. The signature stops a token the attacker made up
 * (e.g. a cookie planted from a sibling host) from passing.
 */
public final class FormTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final SecretKeySpec key;

  /** Tokens signed with a fresh random key (they die with the process, like sessions). */
  public FormTokens() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** A new signed token. */
  public String issue() {
    String nonce = Secrets.token();
    return nonce + "." + mac(nonce);
  }

  /** True when the token is one this process signed. */
  public boolean signed(String token) {
    if (token == null || token.length() > 200) {
      return false;
    }
    int dot = token.indexOf('.');
    return dot > 0 && Secrets.same(mac(token.substring(0, dot)), token.substring(dot + 1));
  }

  /** True when cookie and field carry the same token and this process signed it. */
  public boolean valid(String cookie, String field) {
    return cookie != null && field != null && Secrets.same(cookie, field) && signed(cookie);
  }

  private String mac(String nonce) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return B64.encodeToString(m.doFinal(("sekisho-form|" + nonce).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
