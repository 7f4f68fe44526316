import {
  Badge,
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Option,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import {
  AddRegular,
  ArrowDownRegular,
  ArrowLeftRegular,
  ArrowUpRegular,
  DeleteRegular,
} from '@fluentui/react-icons';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiError } from '../../api/client';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import {
  ACTIONS,
  useAppSummaries,
  useCreateUserFlow,
  useCustomAttributes,
  useProviderSummaries,
  useUpdateUserFlow,
  useUserFlow,
} from './api';
import {
  type AttributeInputType,
  BUILT_IN_ATTRIBUTES,
  type CreateUserFlowBody,
  type CustomAttributeDataType,
  INPUT_TYPES,
  isBuiltIn,
  SIGN_IN_METHODS,
  type SignInMethod,
  type UserFlow,
  WITH_OPTIONS,
} from './model';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '960px' },
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalS,
    color: tokens.colorBrandForegroundLink,
  },
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
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-end' },
  grow: { flexGrow: 1, minWidth: '180px' },
  fieldset: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalM,
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    fontWeight: tokens.fontWeightSemibold,
    padding: `0 ${tokens.spacingHorizontalXS}`,
  },
  rowTools: { display: 'flex', gap: tokens.spacingHorizontalXS, marginLeft: 'auto' },
  attributeHead: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0, padding: 0 },
  item: { listStyleType: 'none' },
  scroll: { overflowX: 'auto' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  live: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)' },
});

interface DraftAttribute {
  attribute: string;
  required: boolean;
  inputType: AttributeInputType;
  label: string;
  /** One option per line, value=label or label. */
  options: string;
  minLength: string;
  maxLength: string;
  pattern: string;
}

interface Draft {
  displayName: string;
  isDefault: boolean;
  isSignUpAllowed: boolean;
  signInMethods: SignInMethod[];
  identityProviders: string[];
  attributes: DraftAttribute[];
  applications: string[];
}

const NEW_FLOW: Draft = {
  displayName: '',
  isDefault: false,
  isSignUpAllowed: true,
  signInMethods: ['emailPassword'],
  identityProviders: [],
  attributes: [
    {
      attribute: 'displayName',
      required: true,
      inputType: 'text',
      label: '',
      options: '',
      minLength: '',
      maxLength: '',
      pattern: '',
    },
  ],
  applications: [],
};

function draftOf(flow: UserFlow): Draft {
  return {
    displayName: flow.displayName,
    isDefault: flow.isDefault,
    isSignUpAllowed: flow.isSignUpAllowed,
    signInMethods: [...flow.signInMethods],
    identityProviders: [...flow.identityProviders],
    applications: [...flow.applications],
    attributes: flow.attributes.map((a) => ({
      attribute: a.attribute,
      required: a.required,
      inputType: a.inputType,
      label: a.label ?? '',
      options: (a.options ?? [])
        .map((o) => (o.value === o.label ? o.label : `${o.value}=${o.label}`))
        .join('\n'),
      minLength: a.validation?.minLength?.toString() ?? '',
      maxLength: a.validation?.maxLength?.toString() ?? '',
      pattern: a.validation?.pattern ?? '',
    })),
  };
}

const wholeNumber = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

function bodyOf(draft: Draft): CreateUserFlowBody {
  return {
    displayName: draft.displayName,
    isDefault: draft.isDefault,
    isSignUpAllowed: draft.isSignUpAllowed,
    signInMethods: draft.signInMethods,
    identityProviders: draft.identityProviders,
    applications: draft.applications,
    attributes: draft.attributes.map((a) => {
      const withOptions = WITH_OPTIONS.includes(a.inputType);
      const options = a.options
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const at = line.indexOf('=');
          return at > 0
            ? { value: line.slice(0, at).trim(), label: line.slice(at + 1).trim() }
            : { value: line, label: line };
        });
      const validation = {
        ...(wholeNumber(a.minLength) !== undefined && { minLength: wholeNumber(a.minLength) }),
        ...(wholeNumber(a.maxLength) !== undefined && { maxLength: wholeNumber(a.maxLength) }),
        ...(a.pattern.trim() !== '' && { pattern: a.pattern }),
      };
      return {
        attribute: a.attribute,
        required: a.required,
        inputType: a.inputType,
        label: a.label.trim() === '' ? null : a.label.trim(),
        ...(withOptions && { options }),
        ...(a.inputType === 'text' && Object.keys(validation).length > 0 && { validation }),
      };
    }),
  };
}

/** The error's message when it is about exactly this field (not one under it). */
const exactError = (error: unknown, field: string) =>
  error instanceof ApiError && error.target === field ? error.message : undefined;

const FIELDS = [
  'displayName',
  'isDefault',
  'isSignUpAllowed',
  'signInMethods',
  'identityProviders',
  'applications',
  'attributes',
];

/** Create (`new`) or edit one user flow. */
export function FlowEditor() {
  const t = useStrings();
  const { tenantId = '', flowId } = useParams();
  const isNew = flowId === undefined;
  const loaded = useUserFlow(tenantId, flowId ?? '');
  if (!isNew && loaded.isPending) return <Loading />;
  if (!isNew && loaded.error)
    return (
      <>
        <PageHeader title={t.flows.title} />
        <ApiErrorMessage error={loaded.error} />
      </>
    );
  return <FlowForm key={flowId ?? 'new'} tenantId={tenantId} flow={isNew ? undefined : loaded.data} />;
}

function FlowForm({ tenantId, flow }: { tenantId: string; flow?: UserFlow }) {
  const t = useStrings();
  const styles = useStyles();
  const navigate = useNavigate();
  const can = useCan();
  const id = useId();
  const readOnly = !can(ACTIONS.manageFlows, tenantId);
  const readsApps = can(ACTIONS.readApps, tenantId);
  const readsProviders = can(ACTIONS.readProviders, tenantId);
  const [draft, setDraft] = useState<Draft>(() => (flow ? draftOf(flow) : NEW_FLOW));
  const [saved, setSaved] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const [adding, setAdding] = useState('');
  const [addingApp, setAddingApp] = useState('');
  const create = useCreateUserFlow(tenantId);
  const update = useUpdateUserFlow(tenantId, flow?.id ?? '');
  const mutation = flow ? update : create;
  const error = mutation.error;
  const custom = useCustomAttributes(tenantId, can(ACTIONS.readAttributes, tenantId));
  const apps = useAppSummaries(tenantId, readsApps);
  const providers = useProviderSummaries(tenantId, readsProviders);

  const dataTypeOf = useMemo(() => {
    const byName = new Map((custom.data?.value ?? []).map((a) => [a.name.toLowerCase(), a.dataType]));
    return (name: string): CustomAttributeDataType =>
      isBuiltIn(name) ? 'string' : (byName.get(name.toLowerCase()) ?? 'string');
  }, [custom.data]);

  useEffect(() => {
    if (!focusTarget) return;
    document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...patch }));
  };
  const changeAttribute = (index: number, patch: Partial<DraftAttribute>) =>
    change({ attributes: draft.attributes.map((a, i) => (i === index ? { ...a, ...patch } : a)) });

  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    const attributes = [...draft.attributes];
    const [moving] = attributes.splice(index, 1);
    if (!moving) return;
    attributes.splice(target, 0, moving);
    change({ attributes });
    setAnnouncement(format(t.flows.moved, { name: moving.attribute, position: target + 1 }));
    // Focus follows the moved attribute: the same arrow, or the other one at either end.
    const atEnd = by === -1 ? target === 0 : target === attributes.length - 1;
    setFocusTarget(
      `${id}-${atEnd ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'}-${moving.attribute}`,
    );
  };

  const collected = new Set(draft.attributes.map((a) => a.attribute.toLowerCase()));
  const available = [
    ...Object.keys(BUILT_IN_ATTRIBUTES),
    ...(custom.data?.value ?? []).map((a) => a.name),
  ].filter((name) => !collected.has(name.toLowerCase()));

  const addAttribute = () => {
    if (!adding) return;
    const dataType = dataTypeOf(adding);
    const inputType = INPUT_TYPES[dataType][0] ?? 'text';
    change({
      attributes: [
        ...draft.attributes,
        {
          attribute: adding,
          required: false,
          inputType,
          label: '',
          options: '',
          minLength: '',
          maxLength: '',
          pattern: '',
        },
      ],
    });
    setAdding('');
  };

  const appName = (appId: string) => apps.data?.value.find((a) => a.appId === appId)?.displayName ?? appId;
  const otherApps = (apps.data?.value ?? []).filter((a) => !draft.applications.includes(a.appId));

  const submit = async () => {
    setSaved(false);
    const body = bodyOf(draft);
    if (flow) {
      await update.mutateAsync(body);
      setSaved(true);
    } else {
      const created = await create.mutateAsync(body);
      navigate(`../${created.id}`, { replace: true });
    }
  };

  const title = flow ? format(t.flows.editTitle, { name: flow.displayName }) : t.flows.createTitle;
  return (
    <>
      <Link className={styles.back} to=".." relative="path">
        <ArrowLeftRegular aria-hidden />
        {t.flows.backToList}
      </Link>
      <PageHeader title={title} />
      {readOnly && (
        <MessageBar intent="info">
          <MessageBarBody>{t.common.readOnly}</MessageBarBody>
        </MessageBar>
      )}
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          submit().catch(() => undefined);
        }}
      >
        <section className={styles.section} aria-labelledby={`${id}-basics`}>
          <Text as="h2" size={500} weight="semibold" id={`${id}-basics`} className={styles.heading}>
            {t.flows.basics}
          </Text>
          <Field label={t.flows.displayName} required validationMessage={fieldError(error, 'displayName')}>
            <Input
              value={draft.displayName}
              disabled={readOnly}
              onChange={(_event, data) => change({ displayName: data.value })}
            />
          </Field>
          <Field
            label={t.flows.isSignUpAllowed}
            hint={t.flows.isSignUpAllowedHint}
            validationMessage={fieldError(error, 'isSignUpAllowed')}
          >
            <Switch
              checked={draft.isSignUpAllowed}
              disabled={readOnly}
              label={draft.isSignUpAllowed ? t.flows.signUpOnLabel : t.flows.signUpOffLabel}
              onChange={(_event, data) => change({ isSignUpAllowed: data.checked })}
            />
          </Field>
          <Field
            label={t.flows.isDefault}
            hint={t.flows.isDefaultHint}
            validationMessage={fieldError(error, 'isDefault')}
          >
            <Switch
              checked={draft.isDefault}
              disabled={readOnly}
              label={draft.isDefault ? t.common.yes : t.common.no}
              onChange={(_event, data) => change({ isDefault: data.checked })}
            />
          </Field>
          <fieldset className={styles.fieldset}>
            <legend className={styles.legend}>{t.flows.signInMethods}</legend>
            <Text size={200}>{t.flows.signInMethodsHint}</Text>
            <div className={styles.row}>
              {SIGN_IN_METHODS.map((method) => (
                <Checkbox
                  key={method}
                  label={t.flows.methods[method]}
                  disabled={readOnly}
                  checked={draft.signInMethods.includes(method)}
                  onChange={(_event, data) =>
                    change({
                      signInMethods: data.checked
                        ? SIGN_IN_METHODS.filter((m) => m === method || draft.signInMethods.includes(m))
                        : draft.signInMethods.filter((m) => m !== method),
                    })
                  }
                />
              ))}
            </div>
            {fieldError(error, 'signInMethods') && (
              <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
                {fieldError(error, 'signInMethods')}
              </Text>
            )}
          </fieldset>
        </section>

        <section className={styles.section} aria-labelledby={`${id}-attributes`}>
          <Text as="h2" size={500} weight="semibold" id={`${id}-attributes`} className={styles.heading}>
            {t.flows.attributes}
          </Text>
          <Text>{t.flows.attributesHint}</Text>
          {exactError(error, 'attributes') && (
            <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
              {exactError(error, 'attributes')}
            </Text>
          )}
          {draft.attributes.length === 0 && <Text>{t.flows.noAttributes}</Text>}
          <ol className={styles.list}>
            {draft.attributes.map((attribute, index) => {
              const dataType = dataTypeOf(attribute.attribute);
              const at = `attributes.${index}`;
              const name = attribute.attribute;
              return (
                <li key={name} className={styles.item}>
                  <fieldset className={styles.fieldset}>
                    <legend className={styles.legend}>
                      {name}
                      <Badge appearance="outline" size="small">
                        {isBuiltIn(name)
                          ? t.flows.builtIn
                          : format(t.flows.custom, { type: t.flows.dataTypes[dataType] })}
                      </Badge>
                    </legend>
                    {fieldError(error, `${at}.attribute`) && (
                      <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
                        {fieldError(error, `${at}.attribute`)}
                      </Text>
                    )}
                    <div className={styles.row}>
                      <Checkbox
                        label={t.flows.required}
                        disabled={readOnly}
                        checked={attribute.required}
                        onChange={(_event, data) =>
                          changeAttribute(index, { required: data.checked === true })
                        }
                      />
                      <Field
                        className={styles.grow}
                        label={t.flows.inputType}
                        validationMessage={fieldError(error, `${at}.inputType`)}
                      >
                        <Dropdown
                          disabled={readOnly}
                          value={t.flows.inputTypes[attribute.inputType]}
                          selectedOptions={[attribute.inputType]}
                          onOptionSelect={(_event, data) =>
                            data.optionValue &&
                            changeAttribute(index, { inputType: data.optionValue as AttributeInputType })
                          }
                        >
                          {INPUT_TYPES[dataType].map((type) => (
                            <Option key={type} value={type}>
                              {t.flows.inputTypes[type]}
                            </Option>
                          ))}
                        </Dropdown>
                      </Field>
                      <Field
                        className={styles.grow}
                        label={t.flows.label}
                        hint={t.flows.labelHint}
                        validationMessage={fieldError(error, `${at}.label`)}
                      >
                        <Input
                          disabled={readOnly}
                          value={attribute.label}
                          onChange={(_event, data) => changeAttribute(index, { label: data.value })}
                        />
                      </Field>
                      {!readOnly && (
                        <div className={styles.rowTools}>
                          <Button
                            id={`${id}-up-${name}`}
                            appearance="subtle"
                            icon={<ArrowUpRegular />}
                            aria-label={format(t.flows.moveUp, { name })}
                            disabled={index === 0}
                            onClick={() => move(index, -1)}
                          />
                          <Button
                            id={`${id}-down-${name}`}
                            appearance="subtle"
                            icon={<ArrowDownRegular />}
                            aria-label={format(t.flows.moveDown, { name })}
                            disabled={index === draft.attributes.length - 1}
                            onClick={() => move(index, 1)}
                          />
                          <Button
                            appearance="subtle"
                            icon={<DeleteRegular />}
                            aria-label={format(t.flows.removeAttribute, { name })}
                            onClick={() =>
                              change({ attributes: draft.attributes.filter((_a, i) => i !== index) })
                            }
                          />
                        </div>
                      )}
                    </div>
                    {WITH_OPTIONS.includes(attribute.inputType) && (
                      <Field
                        label={t.flows.options}
                        hint={t.flows.optionsHint}
                        required
                        validationMessage={fieldError(error, `${at}.options`)}
                      >
                        <Textarea
                          disabled={readOnly}
                          value={attribute.options}
                          resize="vertical"
                          onChange={(_event, data) => changeAttribute(index, { options: data.value })}
                        />
                      </Field>
                    )}
                    {attribute.inputType === 'text' && dataType === 'string' && (
                      <div className={styles.row}>
                        <Field
                          className={styles.grow}
                          label={t.flows.minLength}
                          validationMessage={fieldError(error, `${at}.validation.minLength`)}
                        >
                          <Input
                            type="number"
                            min={0}
                            disabled={readOnly}
                            value={attribute.minLength}
                            onChange={(_event, data) => changeAttribute(index, { minLength: data.value })}
                          />
                        </Field>
                        <Field
                          className={styles.grow}
                          label={t.flows.maxLength}
                          validationMessage={fieldError(error, `${at}.validation.maxLength`)}
                        >
                          <Input
                            type="number"
                            min={1}
                            disabled={readOnly}
                            value={attribute.maxLength}
                            onChange={(_event, data) => changeAttribute(index, { maxLength: data.value })}
                          />
                        </Field>
                        <Field
                          className={styles.grow}
                          label={t.flows.pattern}
                          hint={t.flows.patternHint}
                          validationMessage={
                            fieldError(error, `${at}.validation.pattern`) ??
                            exactError(error, `${at}.validation`)
                          }
                        >
                          <Input
                            disabled={readOnly}
                            value={attribute.pattern}
                            onChange={(_event, data) => changeAttribute(index, { pattern: data.value })}
                          />
                        </Field>
                      </div>
                    )}
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <div className={styles.live} aria-live="polite">
            {announcement}
          </div>
          {!readOnly && available.length > 0 && (
            <div className={styles.row}>
              <Field className={styles.grow} label={t.flows.addAttributeLabel}>
                <Dropdown
                  placeholder={t.flows.addAttributePlaceholder}
                  value={adding}
                  selectedOptions={adding ? [adding] : []}
                  onOptionSelect={(_event, data) => setAdding(data.optionValue ?? '')}
                >
                  {available.map((name) => (
                    <Option key={name} value={name}>
                      {name}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Button icon={<AddRegular />} disabled={!adding} onClick={addAttribute}>
                {t.flows.addAttribute}
              </Button>
            </div>
          )}
        </section>

        <section className={styles.section} aria-labelledby={`${id}-idps`}>
          <Text as="h2" size={500} weight="semibold" id={`${id}-idps`} className={styles.heading}>
            {t.flows.identityProviders}
          </Text>
          <Text>{t.flows.identityProvidersHint}</Text>
          {!readsProviders ? (
            <Text>{t.flows.identityProvidersHidden}</Text>
          ) : providers.isPending ? (
            <Loading />
          ) : (providers.data?.value ?? []).length === 0 ? (
            <Text>{t.flows.noIdentityProviders}</Text>
          ) : (
            <div className={styles.row}>
              {(providers.data?.value ?? []).map((provider) => (
                <Checkbox
                  key={provider.id}
                  label={provider.displayName}
                  disabled={readOnly}
                  checked={draft.identityProviders.includes(provider.id)}
                  onChange={(_event, data) =>
                    change({
                      identityProviders: data.checked
                        ? [...draft.identityProviders, provider.id]
                        : draft.identityProviders.filter((p) => p !== provider.id),
                    })
                  }
                />
              ))}
            </div>
          )}
          <ApiErrorMessage error={providers.error} />
          {fieldError(error, 'identityProviders') && (
            <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
              {fieldError(error, 'identityProviders')}
            </Text>
          )}
        </section>

        <section className={styles.section} aria-labelledby={`${id}-apps`}>
          <Text as="h2" size={500} weight="semibold" id={`${id}-apps`} className={styles.heading}>
            {t.flows.applications}
          </Text>
          <Text>{t.flows.applicationsHint}</Text>
          {!readsApps && <Text>{t.flows.applicationsHidden}</Text>}
          {draft.applications.length === 0 ? (
            <Text>{draft.isDefault ? t.flows.noApplicationsDefault : t.flows.noApplications}</Text>
          ) : (
            <div className={styles.scroll}>
              <Table aria-labelledby={`${id}-apps`} size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t.flows.appColumn}</TableHeaderCell>
                    <TableHeaderCell>{t.flows.appIdColumn}</TableHeaderCell>
                    {!readOnly && <TableHeaderCell>{t.common.actions}</TableHeaderCell>}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {draft.applications.map((appId) => (
                    <TableRow key={appId}>
                      <TableCell>{appName(appId)}</TableCell>
                      <TableCell>
                        <code>{appId}</code>
                      </TableCell>
                      {!readOnly && (
                        <TableCell>
                          <Button
                            appearance="subtle"
                            icon={<DeleteRegular />}
                            aria-label={format(t.flows.removeApp, { name: appName(appId) })}
                            onClick={() =>
                              change({ applications: draft.applications.filter((a) => a !== appId) })
                            }
                          />
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
          {fieldError(error, 'applications') && (
            <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
              {fieldError(error, 'applications')}
            </Text>
          )}
          {!readOnly && readsApps && otherApps.length > 0 && (
            <div className={styles.row}>
              <Field className={styles.grow} label={t.flows.addAppLabel}>
                <Dropdown
                  placeholder={t.flows.addAppPlaceholder}
                  value={addingApp ? appName(addingApp) : ''}
                  selectedOptions={addingApp ? [addingApp] : []}
                  onOptionSelect={(_event, data) => setAddingApp(data.optionValue ?? '')}
                >
                  {otherApps.map((app) => (
                    <Option key={app.appId} value={app.appId}>
                      {app.displayName}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Button
                icon={<AddRegular />}
                disabled={!addingApp}
                onClick={() => {
                  change({ applications: [...draft.applications, addingApp] });
                  setAddingApp('');
                }}
              >
                {t.flows.addApp}
              </Button>
            </div>
          )}
          <ApiErrorMessage error={apps.error} />
        </section>

        {!readOnly && (
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" disabled={mutation.isPending}>
              {flow ? t.flows.save : t.flows.create}
            </Button>
            {saved && (
              <MessageBar intent="success" role="status">
                <MessageBarBody>{t.flows.saved}</MessageBarBody>
              </MessageBar>
            )}
          </div>
        )}
        {error && !isFieldError(error, FIELDS) && <ApiErrorMessage error={error} />}
        {error && isFieldError(error, FIELDS) && (
          <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
            {error instanceof Error ? error.message : ''}
          </Text>
        )}
      </form>
    </>
  );
}
