package dev.sekisho.backup;

/**
 * The backup file format, version {@value #CURRENT_VERSION}. A backup is one UTF-8 JSON object:
 *
 * <pre>{@code
 * {
 *   "format": "sekisho-backup",          // always this; anything else is not a Sekisho backup
 *   "formatVersion": 12,                 // 1 to 12; older versions are migrated forward on restore
 *   "sekishoVersion": "0.1.0",           // the Sekisho that wrote it (informational)
 *   "createdAt": "2025-03-01T10:15:30Z", // ISO-8601 instant, UTC
 *   "checksum": "sha256:<64 hex>",       // see below
 *   "content": { ... }                   // plain backups only
 *   "encryption": { ... },               // encrypted backups only, instead of "content"
 *   "ciphertext": "<base64>"             // encrypted backups only
 * }
 * }</pre>
 *
 * <p>{@code content} is {@code {"config": <ConfigCodec JSON>}}, plus {@code "secrets": {"adminPasswordHash":
 * "<PHC string>"}} in encrypted backups only. In version 1, {@code config.settings} had no
 * {@code antiLockout} (it was always on).
 *
 * <p>Version 3 adds the optional {@code content.auditLog}: the audit log's events, oldest first, each
 * {@code {"at": "<ISO-8601>", "user", "source", "kind": "login_failure", "outcome", "detail"}} (see
 * {@code AuditSection}). Audit events hold no secret, so plain backups exported from the panel or the
 * command line carry it. Restoring a backup never imports it: the live audit log is the appliance's own
 * record of what happened to it, including the restore itself, and stays as it is; the backup's events are
 * counted on the restore preview and stay readable in the file. Versions 1 and 2 have no audit log.
 *
 * <p>Version 4 adds IPv6 (see {@code ConfigCodec}): the optional {@code address6} of an interface ({@code
 * "2001:db8:1::1/64"}), the optional {@code ipv6} list of a host's fixed addresses, and IPv6 networks as rule
 * destinations. Optional fields are left out when unused, so the content of an IPv4-only configuration is
 * the same as in version 3. Versions 1 to 3 have none of these; a file claiming one of them that carries
 * them is refused.
 *
 * <p>Version 5 adds objects: the optional top-level {@code groups} ({@code {"id", "name", "members": [host
 * ids]}}), {@code addressLists} ({@code {"id", "name", "entries": ["203.0.113.0/24", "2001:db8::/32"]}}) and
 * {@code services} ({@code {"id", "name", "entries": ["tcp 443", "udp 53"]}}, the admin's own; the built-in
 * catalogue is not stored), and on rules the optional {@code sourceGroup}, {@code destinationList} and {@code
 * service} ids. Left out when unused, so a configuration without objects is written as in version 4.
 *
 * <p>Version 6 adds port forwards: the optional {@code forwards} list of the configuration (see {@code
 * ConfigCodec}), left out when there are none, so the content of a configuration without forwards is the
 * same as in version 5. A file claiming an older version that carries forwards is refused.
 *
 * <p>Version 7 adds the unknown-devices policy: {@code settings.unknownDevices} ({@code "deny"}), left out
 * when it is {@code "allow"}, which is what older versions did. A file claiming an older version that
 * carries it is refused.
 *
 * <p>Version 8 adds schedules: the optional {@code schedules} list of the configuration, a rule's optional
 * {@code schedule} id and the settings' optional {@code timeZone}, each left out when unused, so the content
 * of a configuration without them is the same as in version 7. A file claiming an older version that
 * carries any of them is refused.
 *
 * <p>Version 9 adds temporary and count-limited rules: a rule's optional {@code expiresAt} (an ISO-8601
 * instant, UTC) and {@code connectionLimit} (1 to 10,000), left out when unset, so other rules are written
 * as in version 8. A file claiming an older version whose rules carry them is refused.
 *
 * <p>Version 10 adds the decisions inbox: a host's optional {@code ask} (left out unless true), the settings'
 * optional {@code askMaxPerHost} and {@code askMaxTotal} (left out at their defaults) and the configuration's
 * optional {@code decisions} list ({@code {"id", "host", "destination", "protocol", "port", "verdict",
 * "expires"}}, left out when empty). Pending decisions are runtime data and are not backed up. A file
 * claiming an older version that carries any of these is refused.
 *
 * <p>Version 11 adds rules by domain name: a rule's optional {@code destinationDomain} and the settings'
 * optional {@code dnsUpstream}, {@code dnsTtlFloor}, {@code dnsTtlCap} and {@code dnsRedirect}, all left out
 * when unused, so a configuration without them is written as in version 10. A file claiming an older version
 * that carries them is refused.
 *
 * <p>Version 12 allows domain names among an address list's {@code entries} (after its networks). A file
 * claiming an older version whose lists hold one is refused.
 *
 * <p>The checksum is SHA-256 over the compact JSON of {@code content} as Jackson writes it (members in file
 * order, no white space, non-ASCII as UTF-8) for plain backups, and over the decoded ciphertext bytes for
 * encrypted ones. It catches damage; in encrypted backups the GCM tag also catches tampering, and a
 * matching checksum with a failing tag means the passphrase is wrong.
 *
 * <p>{@code encryption} is {@code {"scheme": 1, "cipher": "AES-256-GCM", "nonce": <base64 12 bytes>, "kdf":
 * {...}}} with {@code kdf} either {@code {"name": "argon2id", "memoryKiB", "iterations", "parallelism",
 * "salt"}} or {@code {"name": "pbkdf2-hmac-sha256", "iterations", "salt"}}. The ciphertext is the content
 * JSON encrypted under the derived 256-bit key with a 128-bit tag; the additional authenticated data is
 * the compact JSON {@code {"format","formatVersion","sekishoVersion","createdAt","encryption"}} rebuilt in
 * that order, so no header field can be changed without the tag failing.
 *
 * <p>Reading is strict: unknown or duplicate members, wrong types, more than {@value #MAX_BYTES} bytes or
 * more than {@value #MAX_DEPTH} levels of nesting are refused. Nothing in a backup names a file.
 */
public final class BackupFormat {
  /** The value of {@code format}. */
  public static final String NAME = "sekisho-backup";
  /** The version this Sekisho writes. */
  public static final int CURRENT_VERSION = 12;
  /** The oldest version this Sekisho can migrate forward. */
  public static final int OLDEST_VERSION = 1;
  /** The largest backup accepted, in bytes: far above 10,000 rules, far below what hurts a small gateway. */
  public static final int MAX_BYTES = 8 * 1024 * 1024;
  /** The deepest nesting of objects and arrays accepted; the format itself needs five levels. */
  public static final int MAX_DEPTH = 8;

  private BackupFormat() {}

  /** The Sekisho version recorded in new backups (from the jar's manifest; "development" elsewhere). */
  public static String sekishoVersion() {
    String v = BackupFormat.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "development" : v;
  }
}
