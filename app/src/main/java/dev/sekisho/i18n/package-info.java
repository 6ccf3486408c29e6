/**
 * The panel's languages: a text to show as a bundle key with its arguments ({@link dev.sekisho.i18n.Message}),
 * the message bundles ({@code templates/i18n/messages*.properties}, UTF-8) and their formatting per locale
 * ({@link dev.sekisho.i18n.Messages}), and the languages offered ({@link dev.sekisho.i18n.Language}). It sits
 * below every other package, so that the model's validation errors, the applier's notices and the web pages
 * all speak through the same bundles; the English bundle is also the default text of every error.
 */
package dev.sekisho.i18n;
