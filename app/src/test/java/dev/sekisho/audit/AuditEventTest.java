package dev.sekisho.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

  @Test
  void aHostileUserNameStaysOnOneLogLine() {
    AuditEvent e = new AuditEvent(AT, "x\r\nkind=logout outcome=ok user=\"admin\"\u2028\u001b[31m", "10.0.0.1\n",
        AuditKind.LOGIN_FAILURE, AuditEvent.FAILED, "wrong password\n");
    String line = e.logLine();
    assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028") || line.contains("\u001b"),
        line);
    assertEquals("kind=login_failure outcome=failed user=\"x\\\\u000d\\\\u000akind=logout outcome=ok "
        + "user=\\\"admin\\\"\\\\u2028\\\\u001b[31m\" source=\"10.0.0.1\\\\u000a\" detail=\"wrong password\\\\u000a\"",
        line);
  }

  @Test
  void textsAreCutToTheirColumnsWithoutSplittingACharacter() {
    String name = "a".repeat(63) + "😀";
    AuditEvent e = new AuditEvent(AT, name, "", AuditKind.LOGIN_FAILURE, AuditEvent.FAILED, "d".repeat(5000));
    assertEquals("a".repeat(63), e.user());
    assertEquals(AuditEvent.MAX_DETAIL, e.detail().length());
    assertTrue(new AuditEvent(AT, null, null, AuditKind.LOGOUT, null, null).user().isEmpty());
  }

  @Test
  void cleaningTwiceChangesNothing() {
    String once = AuditText.clean("a\nb\\c", 64);
    assertEquals("a\\u000ab\\c", once);
    assertEquals(once, AuditText.clean(once, 64));
  }
}
