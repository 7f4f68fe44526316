import type { DeviceCodeProblem, ProviderPages } from '../../oidc/pages.js';
import type { HostedUiDeps } from './deps.js';
import { chooseLanguage, type MessageKey, translatorFor } from './messages.js';
import {
  deviceCodePage,
  deviceConfirmPage,
  errorPage,
  frontChannelFrames,
  logoutPage,
  messagePage,
  type PageFrame,
} from './templates.js';

export interface ProviderPageDeps {
  /** The tenant's brand around the pages that may wait for it (the device flow's); plain without. */
  brandFor?: HostedUiDeps['brandFor'];
}

/** What the code page says when it shows again. */
const DEVICE_PROBLEMS: Record<DeviceCodeProblem, MessageKey> = {
  missing: 'device.missing',
  notFound: 'device.notFound',
  expired: 'device.expired',
  used: 'device.used',
  cancelled: 'device.cancelled',
  blocked: 'error.blocked',
  notAssigned: 'error.notAssigned',
  failed: 'device.failed',
  unavailable: 'error.unavailable',
};

/** The hosted-page look for the screens oidc-provider renders itself. */
export function createProviderPages(deps: ProviderPageDeps = {}): ProviderPages {
  const frame = (tenantId: string, acceptLanguage: string | undefined): PageFrame => {
    const { t, lang, dir } = translatorFor({ acceptLanguage });
    return { t, lang, dir, tenantId };
  };
  /** The tenant's brand and wording when it can be read; the plain page when it cannot. */
  const brandedFrame = async (tenantId: string, acceptLanguage: string | undefined): Promise<PageFrame> => {
    const lang = chooseLanguage({ acceptLanguage });
    const brand = await deps.brandFor?.(tenantId, lang).catch(() => undefined);
    if (!brand) return frame(tenantId, acceptLanguage);
    const { t, dir } = translatorFor({ acceptLanguage, overrides: () => brand.strings });
    return { t, lang, dir, tenantId, brand: brand.frame };
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
    async deviceCodeEntry({ tenantId, acceptLanguage, form, userCode, problem }) {
      const f = await brandedFrame(tenantId, acceptLanguage);
      return deviceCodePage(f, {
        ...form,
        userCode,
        error: problem ? f.t(DEVICE_PROBLEMS[problem]) : undefined,
      });
    },
    async deviceCodeConfirm({ tenantId, acceptLanguage, form, userCode, appName }) {
      return deviceConfirmPage(await brandedFrame(tenantId, acceptLanguage), { ...form, userCode, appName });
    },
    async deviceCodeDone({ tenantId, acceptLanguage, appName }) {
      const f = await brandedFrame(tenantId, acceptLanguage);
      return messagePage(f, f.t('device.doneTitle'), f.t('device.doneBody', { app: appName }));
    },
  };
}
