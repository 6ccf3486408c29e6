package dev.sekisho.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  @Test
  void onlyTheLengthCounts() {
    assertEquals("use at least 12 characters", PasswordPolicy.refusal(null));
    assertEquals("use at least 12 characters", PasswordPolicy.refusal("a".repeat(11)));
    assertNull(PasswordPolicy.refusal("a".repeat(12)));
    assertNull(PasswordPolicy.refusal("a".repeat(1024)));
    assertEquals("use at most 1024 characters", PasswordPolicy.refusal("a".repeat(1025)));
    assertTrue(PasswordPolicy.tooShort("a".repeat(11)));
  }
}
