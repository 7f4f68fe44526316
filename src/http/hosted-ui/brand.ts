import type { PageBranding } from '../../branding/index.js';
import { brandBodyClass, brandFooter, brandHead, brandHeader } from './brand-frame.js';
import type { HostedUiDeps } from './deps.js';
import { translatorFor } from './messages.js';
import type { BrandFrame } from './templates.js';

/** A tenant's brand for one language, rendered for the pages' frame. */
export function renderBrandFrame(brand: PageBranding, lang: string): BrandFrame {
  const { t } = translatorFor({ uiLocales: lang, overrides: () => brand.strings });
  return {
    head: brandHead(brand),
    header: brandHeader(brand),
    footer: brandFooter(brand, t),
    bodyClass: brandBodyClass(brand),
    signInPageText: brand.signInPageText,
    usernameHintText: brand.usernameHintText,
  };
}

/** The hosted pages' view of a tenant's brand: the rendered frame and the string overrides. */
export function brandedFrame(branding: {
  forPage(tenantId: string, lang: string): Promise<PageBranding>;
}): HostedUiDeps['brandFor'] {
  return async (tenantId, lang) => {
    const brand = await branding.forPage(tenantId, lang);
    return { frame: renderBrandFrame(brand, lang), strings: brand.strings };
  };
}
