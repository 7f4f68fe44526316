import {
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Option,
  Radio,
  RadioGroup,
  Switch,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeftRegular } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { CopyButton } from '../../components/CopyButton';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import {
  ACTIONS,
  useCreateProvider,
  useProvider,
  usePublicBaseUrl,
  useTestProvider,
  useUpdateProvider,
} from './api';
import {
  APPLE_TYPE,
  AUTH_METHODS,
  type ClientAuthenticationMethod,
  type CreateProviderBody,
  type IdentityProvider,
  KINDS,
  kindOf,
  OIDC_TYPE,
  type ProviderKind,
  SAML_TYPE,
  SOCIAL_TYPE,
} from './model';

const useStyles = makeStyles({
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalS,
    color: tokens.colorBrandForegroundLink,
  },
  layout: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '880px' },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    minWidth: 0,
  },
  heading: { margin: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  urlRow: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  urlValue: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  code: {
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  found: {
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '@media (max-width: 767px)': { gridTemplateColumns: '1fr' },
  },
  pair: { display: 'contents' },
  term: { fontWeight: tokens.fontWeightSemibold },
  definition: { margin: 0, overflowWrap: 'anywhere', minWidth: 0 },
});

interface Draft {
  displayName: string;
  clientId: string;
  clientSecret: string;
  developerId: string;
  serviceId: string;
  keyId: string;
  certificateData: string;
  metadataUrl: string;
  issuer: string;
  scope: string;
  authMethod: ClientAuthenticationMethod;
  usePkce: boolean;
  domainHint: string;
  samlSource: 'url' | 'xml';
  metadataXml: string;
}

function draftOf(kind: ProviderKind, provider?: IdentityProvider): Draft {
  const draft: Draft = {
    displayName: provider?.displayName ?? '',
    clientId: '',
    clientSecret: '',
    developerId: '',
    serviceId: '',
    keyId: '',
    certificateData: '',
    metadataUrl: '',
    issuer: '',
    scope: 'openid profile email',
    authMethod: 'client_secret_post',
    usePkce: true,
    domainHint: '',
    samlSource: 'url',
    metadataXml: '',
  };
  if (!provider)
    return {
      ...draft,
      displayName: kind === 'oidc' || kind === 'saml' ? '' : kind[0]?.toUpperCase() + kind.slice(1),
    };
  switch (provider['@odata.type']) {
    case SOCIAL_TYPE:
      return { ...draft, clientId: provider.clientId };
    case APPLE_TYPE:
      return {
        ...draft,
        developerId: provider.developerId,
        serviceId: provider.serviceId,
        keyId: provider.keyId,
      };
    case OIDC_TYPE:
      return {
        ...draft,
        clientId: provider.clientId,
        metadataUrl: provider.metadataUrl,
        issuer: provider.issuer ?? '',
        scope: provider.scope,
        authMethod: provider.clientAuthentication.clientAuthenticationMethod,
        usePkce: provider.usePkce,
        domainHint: provider.domainHint ?? '',
      };
    case SAML_TYPE:
      return {
        ...draft,
        samlSource: provider.metadataXml ? 'xml' : 'url',
        metadataUrl: provider.metadataUrl ?? '',
        metadataXml: provider.metadataXml ?? '',
      };
  }
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The body of a new provider of this kind. */
function createBody(kind: ProviderKind, d: Draft): CreateProviderBody {
  switch (kind) {
    case 'google':
    case 'facebook':
      return {
        '@odata.type': SOCIAL_TYPE,
        displayName: d.displayName,
        identityProviderType: kind === 'google' ? 'Google' : 'Facebook',
        clientId: d.clientId,
        clientSecret: d.clientSecret,
      };
    case 'apple':
      return {
        '@odata.type': APPLE_TYPE,
        displayName: d.displayName,
        developerId: d.developerId,
        serviceId: d.serviceId,
        keyId: d.keyId,
        certificateData: d.certificateData,
      };
    case 'oidc':
      return {
        '@odata.type': OIDC_TYPE,
        displayName: d.displayName,
        clientId: d.clientId,
        clientSecret: d.authMethod === 'private_key_jwt' ? null : d.clientSecret,
        metadataUrl: d.metadataUrl,
        issuer: orNull(d.issuer),
        scope: d.scope,
        clientAuthentication: { clientAuthenticationMethod: d.authMethod },
        domainHint: orNull(d.domainHint),
        usePkce: d.usePkce,
      };
    case 'saml':
      return {
        '@odata.type': SAML_TYPE,
        displayName: d.displayName,
        ...(d.samlSource === 'url' ? { metadataUrl: d.metadataUrl } : { metadataXml: d.metadataXml }),
      };
  }
}

/** A PATCH: every field of the kind, secrets only when given (left out, they are kept). */
function updateBody(kind: ProviderKind, d: Draft): Record<string, unknown> {
  const { '@odata.type': _type, ...body } = createBody(kind, d) as Record<string, unknown>;
  // A secret left empty is kept (with private_key_jwt the OpenID Connect one is dropped: null).
  for (const secret of ['clientSecret', 'certificateData'] as const)
    if (body[secret] === '') delete body[secret];
  if (kind === 'saml') {
    if (d.samlSource === 'url') body.metadataXml = null;
    else body.metadataUrl = null;
  }
  return body;
}

const FIELDS = [
  'displayName',
  'clientId',
  'clientSecret',
  'developerId',
  'serviceId',
  'keyId',
  'certificateData',
  'metadataUrl',
  'issuer',
  'scope',
  'clientAuthentication',
  'domainHint',
  'metadataXml',
];

/** A new provider (`new/:kind`) or one provider (`:providerId`). */
export function ProviderEditor() {
  const t = useStrings();
  const { tenantId = '', providerId, kind } = useParams();
  const loaded = useProvider(tenantId, providerId ?? '', providerId !== undefined);
  if (providerId === undefined) {
    if (!KINDS.includes(kind as ProviderKind))
      return <PageHeader title={t.common.notFound} subtitle={t.common.pageNotFound} />;
    return <ProviderForm key={kind} tenantId={tenantId} kind={kind as ProviderKind} />;
  }
  if (loaded.isPending) return <Loading />;
  if (!loaded.data)
    return (
      <>
        <PageHeader title={t.idp.title} />
        <ApiErrorMessage error={loaded.error} />
      </>
    );
  return (
    <ProviderForm key={providerId} tenantId={tenantId} kind={kindOf(loaded.data)} provider={loaded.data} />
  );
}

function ProviderForm({
  tenantId,
  kind,
  provider,
}: {
  tenantId: string;
  kind: ProviderKind;
  provider?: IdentityProvider;
}) {
  const t = useStrings();
  const styles = useStyles();
  const id = useId();
  const navigate = useNavigate();
  const can = useCan();
  const readOnly = !can(ACTIONS.manage, tenantId);
  const [draft, setDraft] = useState<Draft>(() => draftOf(kind, provider));
  const [saved, setSaved] = useState(false);
  const create = useCreateProvider(tenantId);
  const update = useUpdateProvider(tenantId, provider?.id ?? '');
  const mutation = provider ? update : create;
  const error = mutation.error;
  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...patch }));
  };
  const text = (
    name: keyof Draft,
    label: string,
    options: { hint?: string; required?: boolean; secret?: boolean } = {},
  ) => (
    <Field
      label={label}
      hint={options.secret && provider ? t.idp.secretKept : options.hint}
      required={options.required && !(options.secret && provider)}
      validationMessage={fieldError(error, name)}
    >
      <Input
        type={options.secret ? 'password' : 'text'}
        autoComplete="off"
        disabled={readOnly}
        value={String(draft[name])}
        onChange={(_event, data) => change({ [name]: data.value })}
      />
    </Field>
  );

  const submit = async () => {
    setSaved(false);
    if (provider) {
      await update.mutateAsync(updateBody(kind, draft));
      setDraft((current) => ({ ...current, clientSecret: '', certificateData: '' }));
      setSaved(true);
    } else {
      const created = await create.mutateAsync(createBody(kind, draft));
      navigate(`../../${created.id}`, { relative: 'path', replace: true });
    }
  };

  const title = provider
    ? format(t.idp.editTitle, { name: provider.displayName })
    : format(t.idp.createTitle, { kind: t.idp.kinds[kind] });
  const isSocial = kind === 'google' || kind === 'facebook';
  return (
    <>
      <Link className={styles.back} to={provider ? '..' : '../..'} relative="path">
        <ArrowLeftRegular aria-hidden />
        {t.idp.backToList}
      </Link>
      <PageHeader title={title} />
      <div className={styles.layout}>
        {readOnly && (
          <MessageBar intent="info">
            <MessageBarBody>{t.common.readOnly}</MessageBarBody>
          </MessageBar>
        )}
        <RegistrationUrls tenantId={tenantId} kind={kind} />
        <form
          className={styles.section}
          aria-labelledby={`${id}-settings`}
          onSubmit={(event) => {
            event.preventDefault();
            submit().catch(() => undefined);
          }}
        >
          <Text as="h2" size={500} weight="semibold" id={`${id}-settings`} className={styles.heading}>
            {t.idp.settings}
          </Text>
          {text('displayName', t.idp.displayName, { hint: t.idp.displayNameHint, required: true })}
          {isSocial && (
            <>
              {text('clientId', kind === 'facebook' ? t.idp.facebookClientId : t.idp.clientId, {
                required: true,
              })}
              {text('clientSecret', kind === 'facebook' ? t.idp.facebookClientSecret : t.idp.clientSecret, {
                required: true,
                secret: true,
              })}
            </>
          )}
          {kind === 'apple' && (
            <>
              {text('developerId', t.idp.developerId, { required: true })}
              {text('serviceId', t.idp.serviceId, { required: true })}
              {text('keyId', t.idp.keyId, { required: true })}
              <Field
                label={t.idp.certificateData}
                hint={provider ? t.idp.secretKept : t.idp.certificateHint}
                required={!provider}
                validationMessage={fieldError(error, 'certificateData')}
              >
                <Textarea
                  disabled={readOnly}
                  value={draft.certificateData}
                  resize="vertical"
                  onChange={(_event, data) => change({ certificateData: data.value })}
                />
              </Field>
            </>
          )}
          {kind === 'oidc' && (
            <>
              {text('metadataUrl', t.idp.metadataUrl, { hint: t.idp.metadataUrlHint, required: true })}
              {text('clientId', t.idp.clientId, { required: true })}
              <Field
                label={t.idp.clientAuthentication}
                validationMessage={fieldError(error, 'clientAuthentication')}
              >
                <Dropdown
                  disabled={readOnly}
                  value={t.idp.authMethods[draft.authMethod]}
                  selectedOptions={[draft.authMethod]}
                  onOptionSelect={(_event, data) =>
                    data.optionValue && change({ authMethod: data.optionValue as ClientAuthenticationMethod })
                  }
                >
                  {AUTH_METHODS.map((method) => (
                    <Option key={method} value={method}>
                      {t.idp.authMethods[method]}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              {draft.authMethod !== 'private_key_jwt' &&
                text('clientSecret', t.idp.clientSecret, { required: true, secret: true })}
              {text('scope', t.idp.scope, { hint: t.idp.scopeHint })}
              {text('issuer', t.idp.issuer, { hint: t.idp.issuerHint })}
              {text('domainHint', t.idp.domainHint, { hint: t.idp.domainHintHint })}
              <Switch
                disabled={readOnly}
                checked={draft.usePkce}
                label={t.idp.usePkce}
                onChange={(_event, data) => change({ usePkce: data.checked })}
              />
            </>
          )}
          {kind === 'saml' && (
            <>
              <Field label={t.idp.samlSource}>
                <RadioGroup
                  layout="horizontal"
                  disabled={readOnly}
                  value={draft.samlSource}
                  onChange={(_event, data) => change({ samlSource: data.value as 'url' | 'xml' })}
                >
                  <Radio value="url" label={t.idp.samlSourceUrl} />
                  <Radio value="xml" label={t.idp.samlSourceXml} />
                </RadioGroup>
              </Field>
              {draft.samlSource === 'url' ? (
                text('metadataUrl', t.idp.metadataUrl, { hint: t.idp.samlMetadataUrlHint, required: true })
              ) : (
                <Field
                  label={t.idp.metadataXml}
                  required
                  validationMessage={fieldError(error, 'metadataXml')}
                >
                  <Textarea
                    disabled={readOnly}
                    value={draft.metadataXml}
                    resize="vertical"
                    rows={8}
                    onChange={(_event, data) => change({ metadataXml: data.value })}
                  />
                </Field>
              )}
            </>
          )}
          {!readOnly && (
            <div className={styles.actions}>
              <Button type="submit" appearance="primary" disabled={mutation.isPending}>
                {provider ? t.idp.save : t.idp.create}
              </Button>
              {saved && (
                <MessageBar intent="success" role="status">
                  <MessageBarBody>{t.idp.saved}</MessageBarBody>
                </MessageBar>
              )}
            </div>
          )}
          {error && !isFieldError(error, FIELDS) && <ApiErrorMessage error={error} />}
        </form>
        {!readOnly && <TestPanel tenantId={tenantId} provider={provider} />}
      </div>
    </>
  );
}

/** The addresses an admin registers at the provider, each with a copy button. */
function RegistrationUrls({ tenantId, kind }: { tenantId: string; kind: ProviderKind }) {
  const t = useStrings();
  const styles = useStyles();
  const id = useId();
  const { data: baseUrl } = usePublicBaseUrl(tenantId);
  if (!baseUrl) return null;
  const tenant = encodeURIComponent(tenantId);
  const callback = `${baseUrl}/t/${tenant}/u/federation/callback`;
  const metadata = `${baseUrl}/t/${tenant}/u/federation/saml/metadata`;
  const rows =
    kind === 'saml'
      ? [
          { label: t.idp.spMetadataUrl, value: metadata },
          { label: t.idp.spEntityId, value: metadata },
          { label: t.idp.acsUrl, value: callback },
        ]
      : [{ label: t.idp.callbackUrl, value: callback }];
  return (
    <section className={styles.section} aria-labelledby={`${id}-register`}>
      <Text as="h2" size={500} weight="semibold" id={`${id}-register`} className={styles.heading}>
        {t.idp.register}
      </Text>
      <Text>{t.idp.registerIntro}</Text>
      {rows.map((row) => (
        <div key={row.label} className={styles.urlRow}>
          <Text weight="semibold">{row.label}</Text>
          <div className={styles.urlValue}>
            <code className={styles.code}>{row.value}</code>
            <CopyButton value={row.value} label={row.label} />
          </div>
        </div>
      ))}
    </section>
  );
}

/** The Test button and what the server found at the provider. */
function TestPanel({ tenantId, provider }: { tenantId: string; provider?: IdentityProvider }) {
  const t = useStrings();
  const styles = useStyles();
  const id = useId();
  const test = useTestProvider(tenantId, provider?.id ?? '');
  const result = test.data;
  const rows: [string, string | null][] = result
    ? [
        [t.idp.found.documentUrl, result.documentUrl],
        [t.idp.found.issuer, result.issuer],
        [t.idp.found.entityId, result.entityId],
        [t.idp.found.authorizationEndpoint, result.authorizationEndpoint],
        [t.idp.found.tokenEndpoint, result.tokenEndpoint],
        [t.idp.found.userInfoEndpoint, result.userInfoEndpoint],
        [t.idp.found.jwksUri, result.jwksUri],
        [t.idp.found.singleSignOnServiceUrl, result.singleSignOnServiceUrl],
        [
          result.documentType === 'samlMetadata' ? t.idp.found.signingCertificates : t.idp.found.signingKeys,
          result.signingKeyCount === null ? null : String(result.signingKeyCount),
        ],
      ]
    : [];
  return (
    <section className={styles.section} aria-labelledby={`${id}-test`}>
      <Text as="h2" size={500} weight="semibold" id={`${id}-test`} className={styles.heading}>
        {t.idp.testTitle}
      </Text>
      <Text>{provider ? t.idp.testIntro : t.idp.testNeedsSave}</Text>
      {provider && (
        <div className={styles.actions}>
          <Button onClick={() => test.mutate()} disabled={test.isPending}>
            {test.isPending ? t.idp.testing : t.idp.test}
          </Button>
        </div>
      )}
      <ApiErrorMessage error={test.error} />
      {result && (
        <div role="status" className={styles.layout}>
          <MessageBar intent={result.succeeded ? (result.warnings.length ? 'warning' : 'success') : 'error'}>
            <MessageBarBody>
              <MessageBarTitle>{result.succeeded ? t.idp.testSucceeded : t.idp.testFailed}</MessageBarTitle>
              {result.error ? result.error.message : t.idp.documentTypes[result.documentType]}
            </MessageBarBody>
          </MessageBar>
          {result.warnings.length > 0 && (
            <div>
              <Text weight="semibold">{t.idp.warnings}</Text>
              <ul>
                {result.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          )}
          <dl className={styles.found}>
            {rows
              .filter(([, value]) => value !== null)
              .map(([label, value]) => (
                <div key={label} className={styles.pair}>
                  <dt className={styles.term}>{label}</dt>
                  <dd className={styles.definition}>{value}</dd>
                </div>
              ))}
          </dl>
          <Text size={200}>
            {format(t.idp.testedAt, { time: new Date(result.testedDateTime).toLocaleString() })}
          </Text>
        </div>
      )}
    </section>
  );
}
