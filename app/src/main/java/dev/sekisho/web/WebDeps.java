package dev.sekisho.web;

import dev.sekisho.apply.SafeApply;
import dev.sekisho.capture.FlowSource;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.ApiKeyStore;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.AuditStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.store.RevisionStore;
import dev.sekisho.web.auth.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the admin panel needs from the rest of the appliance.
 *
 * @param configStore the draft configuration
 * @param appliedStore what the kernel was last given
 * @param adminStore the admin's password hash
 * @param safeApply turns the draft into a loaded ruleset, rolled back unless the browser confirms it
 * @param noticeStore messages for the admin's next page load (e.g. a rollback)
 * @param clock time for sessions, throttling and display (its zone is used to show times)
 * @param setupToken the one-time secret printed on the console that allows setting the first password,
 *     or {@code null} when none was issued (then setup is impossible until a restart issues one)
 * @param revisionStore the history of confirmed applies, to compare and roll back to
 * @param flows the live capture for the flows page, or {@code null} when this appliance captures nothing
 * @param wanWarning shown on every page when the panel listens where the WAN reaches it (allowed explicitly),
 *     or {@code null}
 * @param auditStore the audit log: security events and configuration changes
 * @param sessionMaxAge how long a login lasts at most, however busy ({@code SEKISHO_SESSION_MAX_HOURS})
 * @param apiKeyStore the REST API's keys
 * @param pendingDecisions the decisions inbox's pending decisions, or {@code null} for the store over the
 *     configuration's own database
 * @param dns the DNS forwarder that domain rules learn from, or {@code null} when there is none
 */
public record WebDeps(
    ConfigStore configStore,
    AppliedStore appliedStore,
    AdminStore adminStore,
    SafeApply safeApply,
    NoticeStore noticeStore,
    Clock clock,
    String setupToken,
    RevisionStore revisionStore,
    FlowSource flows,
    String wanWarning,
    AuditStore auditStore,
    Duration sessionMaxAge,
    ApiKeyStore apiKeyStore,
    dev.sekisho.store.PendingDecisionStore pendingDecisions,
    dev.sekisho.dns.DnsService dns) {

  /** The DNS forwarder's learner, or null when there is no DNS service. */
  public dev.sekisho.dns.DomainLearner domains() {
    return dns == null ? null : dns.learner();
  }

  /** The collaborators with a store of pending decisions, without the DNS forwarder. */
  public WebDeps(ConfigStore configStore, AppliedStore appliedStore, AdminStore adminStore, SafeApply safeApply,
      NoticeStore noticeStore, Clock clock, String setupToken, RevisionStore revisionStore, FlowSource flows,
      String wanWarning, AuditStore auditStore, Duration sessionMaxAge, ApiKeyStore apiKeyStore,
      dev.sekisho.store.PendingDecisionStore pendingDecisions) {
    this(configStore, appliedStore, adminStore, safeApply, noticeStore, clock, setupToken, revisionStore, flows,
        wanWarning, auditStore, sessionMaxAge, apiKeyStore, pendingDecisions, null);
  }

  /** The collaborators with the DNS forwarder (pending decisions over the configuration's database). */
  public WebDeps(ConfigStore configStore, AppliedStore appliedStore, AdminStore adminStore, SafeApply safeApply,
      NoticeStore noticeStore, Clock clock, String setupToken, RevisionStore revisionStore, FlowSource flows,
      String wanWarning, AuditStore auditStore, Duration sessionMaxAge, ApiKeyStore apiKeyStore,
      dev.sekisho.dns.DnsService dns) {
    this(configStore, appliedStore, adminStore, safeApply, noticeStore, clock, setupToken, revisionStore, flows,
        wanWarning, auditStore, sessionMaxAge, apiKeyStore, null, dns);
  }

  /** Checks that every collaborator is present; only the setup token and the flow source are optional. */
  public WebDeps {
    Objects.requireNonNull(configStore, "configStore");
    Objects.requireNonNull(appliedStore, "appliedStore");
    Objects.requireNonNull(adminStore, "adminStore");
    Objects.requireNonNull(safeApply, "safeApply");
    Objects.requireNonNull(noticeStore, "noticeStore");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(revisionStore, "revisionStore");
    Objects.requireNonNull(auditStore, "auditStore");
    Objects.requireNonNull(apiKeyStore, "apiKeyStore");
    if (pendingDecisions == null) {
      pendingDecisions = new dev.sekisho.store.PendingDecisionStore(configStore.database());
    }
    if (sessionMaxAge == null) {
      sessionMaxAge = SessionStore.DEFAULT_MAX_AGE;
    }
  }

  /** The panel's parts without a store of pending decisions of their own (one over the configuration's database). */
  public WebDeps(ConfigStore configStore, AppliedStore appliedStore, AdminStore adminStore, SafeApply safeApply,
      NoticeStore noticeStore, Clock clock, String setupToken, RevisionStore revisionStore, FlowSource flows,
      String wanWarning, AuditStore auditStore, Duration sessionMaxAge, ApiKeyStore apiKeyStore) {
    this(configStore, appliedStore, adminStore, safeApply, noticeStore, clock, setupToken, revisionStore, flows,
        wanWarning, auditStore, sessionMaxAge, apiKeyStore, null, null);
  }

  /** {@code SEKISHO_SESSION_MAX_HOURS} from the environment (1 to 168), or the default of 12 hours. */
  public static Duration sessionMaxAge(java.util.Map<String, String> env) {
    String raw = env.get("SEKISHO_SESSION_MAX_HOURS");
    if (raw == null || raw.isBlank()) {
      return SessionStore.DEFAULT_MAX_AGE;
    }
    try {
      int hours = Integer.parseInt(raw.strip());
      if (hours >= 1 && hours <= 168) {
        return Duration.ofHours(hours);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("SEKISHO_SESSION_MAX_HOURS must be a whole number of hours from 1 to 168,"
        + " not '" + raw + "'");
  }

  @Override
  public String toString() {
    // Keeps the setup token out of logs and exception messages.
    return "WebDeps[setupToken=" + (setupToken == null ? "none" : "***") + "]";
  }
}
