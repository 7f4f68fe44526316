import type { ProviderPages } from '../../oidc/pages.js';
import { translatorFor } from './messages.js';
import { errorPage, frontChannelFrames, logoutPage, messagePage } from './templates.js';

/** The hosted-page look for the screens oidc-provider renders itself. */
export function createProviderPages(): ProviderPages {
  const frame = (tenantId: string, acceptLanguage: string | undefined) => {
    const { t, lang, dir } = translatorFor({ acceptLanguage });
    return { t, lang, dir, tenantId };
  };
  return {
    error({ tenantId, acceptLanguage, correlationId, error, description, unavailable }) {
      const f = frame(tenantId, acceptLanguage);
      if (unavailable) return errorPage(f, { message: f.t('error.unavailable'), correlationId });
      return errorPage(f, {
        message: f.t('error.generic'),
        correlationId,
        details: description ? `${error}: ${description}` : error,
      });
    },
    logout({ tenantId, acceptLanguage, form }) {
      return logoutPage(frame(tenantId, acceptLanguage), form);
    },
    signedOut({ tenantId, acceptLanguage, frontChannel }) {
      const f = frame(tenantId, acceptLanguage);
      const frames = frontChannel ? frontChannelFrames(f, frontChannel.frames, frontChannel.continueTo) : '';
      return messagePage(f, f.t('signedOut.title'), f.t('signedOut.body'), frames);
    },
  };
}
