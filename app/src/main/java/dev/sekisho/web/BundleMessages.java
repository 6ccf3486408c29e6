package dev.sekisho.web;

import dev.sekisho.i18n.Language;
import dev.sekisho.i18n.Messages;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;

/**
 * Resolves {@code #{key(args)}} in templates from the same bundles as the Java side ({@link Messages}), in the
 * locale the page is rendered with. A key that no bundle has shows as {@code ??key_lang??}, which the guard
 * tests and the Japanese browser walk look for.
 */
final class BundleMessages implements IMessageResolver {
  @Override
  public String getName() {
    return "sekisho-bundles";
  }

  @Override
  public Integer getOrder() {
    return 0;
  }

  @Override
  public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] parameters) {
    if (!Messages.has(key)) {
      return null;
    }
    return Messages.format(context.getLocale(), key, parameters == null ? new Object[0] : parameters);
  }

  @Override
  public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key,
      Object[] parameters) {
    Language l = Language.of(context.getLocale().getLanguage()).orElse(Language.EN);
    return Messages.MISSING_MARK + key + "_" + l.tag() + Messages.MISSING_MARK;
  }
}
