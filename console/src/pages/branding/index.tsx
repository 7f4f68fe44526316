import {
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Option,
  Spinner,
  Switch,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { ArrowUndoRegular, DeleteRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, fieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { useBranding, useDeleteLocalization, useLocalizations, usePreview, useSaveBranding } from './api';
import {
  ACTIONS,
  type Branding,
  type BrandingLocalization,
  DEFAULT_LOCALE,
  type Draft,
  draftOf,
  LANGUAGES,
  sameDraft,
  type TextField,
} from './model';

const NARROW = '@media (max-width: 1023px)';
const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const EDITABLE: string[] = [
  'backgroundColor',
  'headerBackgroundColor',
  'accentColor',
  'signInPageText',
  'usernameHintText',
  'customPrivacyAndCookiesText',
  'customPrivacyAndCookiesUrl',
  'customTermsOfUseText',
  'customTermsOfUseUrl',
  'customCSS',
  'loginPageLayoutConfiguration',
  'locale',
  'lang',
];

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  picker: { minWidth: '16rem', maxWidth: '100%' },
  columns: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    [NARROW]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  fieldset: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    margin: 0,
    minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  colorRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  colorInput: { flexGrow: 1, minWidth: 0 },
  swatch: {
    width: '32px',
    height: '32px',
    flexShrink: 0,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  preview: {
    position: 'sticky',
    top: tokens.spacingVerticalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    [NARROW]: { position: 'static' },
  },
  previewHead: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  frame: {
    width: '100%',
    height: '640px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** A value after `ms` without change (the preview follows typing without a request per key). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** /console/t/:tenantId/branding: the branding of the hosted pages, per language, with a live preview. */
export function Component() {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const [locale, setLocale] = useState(DEFAULT_LOCALE);
  const branding = useBranding(tenantId);
  const localizations = useLocalizations(tenantId);
  if (!can(ACTIONS.read, tenantId))
    return (
      <>
        <PageHeader title={t.branding.title} />
        <EmptyState title={t.common.noAccess} />
      </>
    );
  const error = branding.error ?? localizations.error;
  const localeName = (code: string) =>
    code === DEFAULT_LOCALE ? t.branding.defaultLocale : (t.branding.languages[code] ?? code);
  return (
    <>
      <PageHeader title={t.branding.title} subtitle={t.branding.subtitle} />
      <div className={styles.toolbar}>
        <Field label={t.branding.locale} hint={t.branding.localeHint}>
          <Dropdown
            className={styles.picker}
            value={localeName(locale)}
            selectedOptions={[locale]}
            onOptionSelect={(_event, data) => data.optionValue && setLocale(data.optionValue)}
          >
            {[DEFAULT_LOCALE, ...LANGUAGES].map((code) => (
              <Option key={code} value={code}>
                {localeName(code)}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      <ApiErrorMessage error={error} />
      {(branding.isPending || localizations.isPending) && <Loading />}
      {branding.data && localizations.data && (
        <Editor
          key={locale}
          tenantId={tenantId}
          locale={locale}
          localeName={localeName(locale)}
          defaults={branding.data}
          stored={
            locale === DEFAULT_LOCALE
              ? branding.data
              : localizations.data.value.find((localization) => localization.id === locale)
          }
        />
      )}
    </>
  );
}

function Editor({
  tenantId,
  locale,
  localeName,
  defaults,
  stored,
}: {
  tenantId: string;
  locale: string;
  localeName: string;
  defaults: Branding;
  stored: Branding | BrandingLocalization | undefined;
}) {
  const t = useStrings();
  const f = t.branding.fields;
  const styles = useStyles();
  const can = useCan();
  const mayEdit = can(ACTIONS.write, tenantId);
  const isDefault = locale === DEFAULT_LOCALE;
  const [saved, setSaved] = useState(() => draftOf(stored));
  const [draft, setDraft] = useState(saved);
  const [previewLang, setPreviewLang] = useState(isDefault ? 'en' : locale);
  const [deleting, setDeleting] = useState(false);
  const save = useSaveBranding(tenantId);
  const remove = useDeleteLocalization(tenantId);
  const settled = useDebounced(draft, 400);
  const preview = usePreview(tenantId, locale, previewLang, settled, mayEdit);
  const dirty = !sameDraft(draft, saved);
  // The last preview drawn stays while a newer one is asked for (or refused).
  const [shown, setShown] = useState<string>();
  useEffect(() => {
    if (preview.data) setShown(preview.data.url);
  }, [preview.data]);

  const change = (patch: Partial<Draft>) => {
    save.reset();
    setDraft((current) => ({ ...current, ...patch }));
  };
  const errorOf = (field: string) =>
    fieldError(save.error, field) ??
    (sameDraft(draft, settled) ? fieldError(preview.error, field) : undefined);
  const otherError = (error: unknown) => (EDITABLE.some((field) => fieldError(error, field)) ? null : error);
  const inherited = (field: TextField) =>
    !isDefault && defaults[field] ? format(f.inherited, { value: defaults[field] ?? '' }) : undefined;

  const text = (field: TextField, options: { hint?: string; max?: number; placeholder?: string } = {}) => (
    <Field label={f[field]} hint={options.hint} validationMessage={errorOf(field)}>
      <Input
        value={draft[field]}
        readOnly={!mayEdit}
        maxLength={options.max}
        placeholder={inherited(field) ?? options.placeholder}
        onChange={(_event, data) => change({ [field]: data.value })}
      />
    </Field>
  );
  const color = (field: 'backgroundColor' | 'headerBackgroundColor' | 'accentColor') => {
    const value = draft[field].trim();
    return (
      <Field label={f[field]} hint={f.colorHint} validationMessage={errorOf(field)}>
        <div className={styles.colorRow}>
          <Input
            className={styles.colorInput}
            value={draft[field]}
            readOnly={!mayEdit}
            maxLength={7}
            placeholder={inherited(field) ?? '#2f5bea'}
            onChange={(_event, data) => change({ [field]: data.value })}
          />
          <span
            className={styles.swatch}
            role="img"
            aria-label={format(f.swatch, { value: HEX.test(value) ? value : t.common.none })}
            style={HEX.test(value) ? { backgroundColor: value } : undefined}
          />
        </div>
      </Field>
    );
  };

  return (
    <div className={styles.columns}>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ locale, draft, exists: stored !== undefined }, { onSuccess: () => setSaved(draft) });
        }}
      >
        {!isDefault && stored === undefined && (
          <MessageBar intent="info">
            <MessageBarBody>{t.branding.notCreated}</MessageBarBody>
          </MessageBar>
        )}
        {!mayEdit && <Text>{t.common.readOnly}</Text>}
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t.branding.sections.colours}</legend>
          {color('backgroundColor')}
          {color('headerBackgroundColor')}
          {color('accentColor')}
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t.branding.sections.texts}</legend>
          <Field
            label={f.signInPageText}
            hint={f.signInPageTextHint}
            validationMessage={errorOf('signInPageText')}
          >
            <Textarea
              value={draft.signInPageText}
              readOnly={!mayEdit}
              maxLength={1024}
              resize="vertical"
              placeholder={inherited('signInPageText')}
              onChange={(_event, data) => change({ signInPageText: data.value })}
            />
          </Field>
          {text('usernameHintText', { hint: f.usernameHintTextHint, max: 64 })}
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t.branding.sections.footer}</legend>
          {text('customPrivacyAndCookiesText', { max: 256 })}
          {text('customPrivacyAndCookiesUrl', { hint: f.urlHint, placeholder: 'https://' })}
          {text('customTermsOfUseText', { max: 256 })}
          {text('customTermsOfUseUrl', { hint: f.urlHint, placeholder: 'https://' })}
        </fieldset>
        {isDefault && (
          <fieldset className={styles.fieldset}>
            <legend className={styles.legend}>{t.branding.sections.layout}</legend>
            <Field label={f.layoutTemplateType} validationMessage={errorOf('loginPageLayoutConfiguration')}>
              <Dropdown
                disabled={!mayEdit}
                value={f.layouts[draft.layout.layoutTemplateType] ?? ''}
                selectedOptions={[draft.layout.layoutTemplateType]}
                onOptionSelect={(_event, data) =>
                  data.optionValue &&
                  change({
                    layout: {
                      ...draft.layout,
                      layoutTemplateType: data.optionValue as Draft['layout']['layoutTemplateType'],
                    },
                  })
                }
              >
                {(['default', 'verticalSplit'] as const).map((value) => (
                  <Option key={value} value={value}>
                    {f.layouts[value] ?? value}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Switch
              label={f.isHeaderShown}
              disabled={!mayEdit}
              checked={draft.layout.isHeaderShown}
              onChange={(_event, data) =>
                change({ layout: { ...draft.layout, isHeaderShown: data.checked } })
              }
            />
            <Switch
              label={f.isFooterShown}
              disabled={!mayEdit}
              checked={draft.layout.isFooterShown}
              onChange={(_event, data) =>
                change({ layout: { ...draft.layout, isFooterShown: data.checked } })
              }
            />
          </fieldset>
        )}
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t.branding.sections.css}</legend>
          <Field label={f.customCSS} hint={f.customCSSHint} validationMessage={errorOf('customCSS')}>
            <Textarea
              className={styles.mono}
              value={draft.customCSS}
              readOnly={!mayEdit}
              resize="vertical"
              rows={5}
              onChange={(_event, data) => change({ customCSS: data.value })}
            />
          </Field>
        </fieldset>
        <ApiErrorMessage error={otherError(save.error)} />
        {save.isSuccess && !dirty && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{t.branding.saved}</MessageBarBody>
          </MessageBar>
        )}
        {mayEdit && (
          <div className={styles.actions}>
            <Button
              type="submit"
              appearance="primary"
              icon={<SaveRegular />}
              disabled={!dirty || save.isPending}
            >
              {t.branding.save}
            </Button>
            <Button
              type="button"
              icon={<ArrowUndoRegular />}
              title={t.branding.resetHint}
              disabled={!dirty}
              onClick={() => {
                save.reset();
                setDraft(saved);
              }}
            >
              {t.branding.reset}
            </Button>
            {!isDefault && stored !== undefined && (
              <Button type="button" icon={<DeleteRegular />} onClick={() => setDeleting(true)}>
                {t.branding.deleteLocalization}
              </Button>
            )}
          </div>
        )}
        {mayEdit && dirty && <Text role="status">{t.branding.unsaved}</Text>}
      </form>
      {mayEdit && (
        <section className={styles.preview} aria-labelledby="preview-heading">
          <div className={styles.previewHead}>
            <Text as="h2" id="preview-heading" size={500} weight="semibold">
              {t.branding.preview.title}
            </Text>
            {(preview.isFetching || !sameDraft(draft, settled)) && (
              <Spinner size="extra-tiny" label={t.branding.preview.updating} />
            )}
          </div>
          {isDefault && (
            <Field label={t.branding.preview.language} orientation="horizontal">
              <Dropdown
                value={t.branding.languages[previewLang] ?? previewLang}
                selectedOptions={[previewLang]}
                onOptionSelect={(_event, data) => data.optionValue && setPreviewLang(data.optionValue)}
              >
                {LANGUAGES.map((code) => (
                  <Option key={code} value={code}>
                    {t.branding.languages[code] ?? code}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          )}
          <Text size={200}>{t.branding.preview.hint}</Text>
          <ApiErrorMessage error={otherError(preview.error)} title={t.branding.preview.failed} />
          {shown && (
            <iframe
              // A new frame per preview: a sandboxed frame does not always follow a changed src.
              key={shown}
              className={styles.frame}
              title={format(t.branding.preview.frameTitle, {
                language: t.branding.languages[previewLang] ?? localeName,
              })}
              src={shown}
              // No script, no form, no navigation of the console: a picture of the page.
              sandbox=""
              referrerPolicy="no-referrer"
            />
          )}
        </section>
      )}
      {deleting && (
        <ConfirmDialog
          open={deleting}
          title={format(t.branding.deleteTitle, { language: localeName })}
          confirmLabel={t.branding.deleteConfirm}
          onConfirm={async () => {
            await remove.mutateAsync(locale);
            const empty = draftOf(undefined);
            setSaved(empty);
            setDraft(empty);
          }}
          onClose={() => setDeleting(false)}
        >
          {t.branding.deleteBody}
        </ConfirmDialog>
      )}
    </div>
  );
}
