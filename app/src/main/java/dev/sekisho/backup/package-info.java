/**
 * Backup and restore of the whole configuration: the file format ({@link dev.sekisho.backup.BackupFormat}),
 * reading and writing it ({@link dev.sekisho.backup.BackupCodec}), passphrase encryption
 * ({@link dev.sekisho.backup.BackupCrypto}), migration of older format versions
 * ({@link dev.sekisho.backup.Migrations}), automatic backups after a confirmed apply
 * ({@link dev.sekisho.backup.AutoBackup}) and the command line ({@link dev.sekisho.cli.BackupCli}).
 *
 * <p>Nothing here touches the database or the kernel: reading a backup yields a validated
 * {@link dev.sekisho.config.Config} or located problems, and the callers decide what to do with it.
 */
package dev.sekisho.backup;
