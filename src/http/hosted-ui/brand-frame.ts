import type { PageBranding } from '../../branding/index.js';
import { html, type SafeHtml } from './html.js';

/**
 * The tenant's brand around a hosted page. Everything is escaped by `html`; URLs come from
 * the branding service (our own asset paths, or https links validated on input).
 */

const hasHeader = (b: PageBranding) => b.isHeaderShown || b.bannerLogoUrl !== null;
const hasFooter = (b: PageBranding) => b.isFooterShown && (b.privacy !== null || b.terms !== null);

/**
 * For <head>, after the base stylesheet: the favicon (an empty one when none is uploaded, so
 * the browser does not ask for /favicon.ico) and the brand stylesheet.
 */
export function brandHead(b: PageBranding): SafeHtml {
  const icon = b.faviconUrl
    ? html`<link rel="icon" href="${b.faviconUrl}">`
    : html`<link rel="icon" href="data:,">`;
  return html`${icon}${b.stylesheetUrl ? html`\n<link rel="stylesheet" href="${b.stylesheetUrl}">` : ''}`;
}

/** First in <body>: the banner logo, in a header bar when the layout shows the header. */
export function brandHeader(b: PageBranding): SafeHtml {
  if (!hasHeader(b)) return html``;
  const logo = b.bannerLogoUrl
    ? html`<img class="brand-logo" src="${b.bannerLogoUrl}" alt="${b.companyName ?? ''}">`
    : '';
  return html`<header class="brand-header${b.isHeaderShown ? ' brand-header-bar' : ''}">${logo}</header>\n`;
}

/** Last in <body>: the privacy and terms links, when the layout shows the footer. */
export function brandFooter(
  b: PageBranding,
  t: (key: 'common.footerPrivacy' | 'common.footerTerms') => string,
): SafeHtml {
  if (!hasFooter(b)) return html``;
  const link = (url: string, text: string) => html`<a href="${url}" rel="noopener noreferrer">${text}</a>`;
  return html`<footer class="brand-footer">${
    b.privacy ? link(b.privacy.url, b.privacy.text ?? t('common.footerPrivacy')) : ''
  }${b.terms ? link(b.terms.url, b.terms.text ?? t('common.footerTerms')) : ''}</footer>\n`;
}

/** The <body> class: the layout, and `brand-framed` when a header or footer is drawn. */
export function brandBodyClass(b: PageBranding): string {
  const layout = b.layout === 'verticalSplit' ? 'layout-vertical-split' : 'layout-default';
  return hasHeader(b) || hasFooter(b) ? `${layout} brand-framed` : layout;
}
