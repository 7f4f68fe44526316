import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Switch,
  Text,
  tokens,
} from '@fluentui/react-components';
import { fieldError } from '../../components/ApiErrorMessage';
import { CopyButton } from '../../components/CopyButton';
import { useStrings } from '../../strings';
import {
  type DraftProblem,
  stateOf,
  WEBHOOK_EVENT_TYPES,
  type Webhook,
  type WebhookDraft,
  type WebhookEventType,
} from './model';

/** The absolute console path of the area. */
export const hooksPath = (tenantId: string, ...rest: string[]) =>
  ['', 't', encodeURIComponent(tenantId), 'webhooks', ...rest.map(encodeURIComponent)].join('/');

export const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalXL,
    minWidth: 0,
  },
  narrow: { maxWidth: '720px' },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
  events: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 260px), 1fr))',
    gap: `0 ${tokens.spacingHorizontalM}`,
  },
  eventType: {
    display: 'block',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
  },
  heading: { margin: 0 },
  sectionHeader: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1, flexBasis: '240px', minWidth: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  notice: { marginBottom: tokens.spacingVerticalM },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  error: { color: tokens.colorPaletteRedForeground1 },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
  },
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalS,
  },
  secret: { fontFamily: tokens.fontFamilyMonospace },
});

const STATE_COLOR = { active: 'success', off: 'informative', failing: 'danger' } as const;

export function StateBadge({ webhook }: { webhook: Webhook }) {
  const t = useStrings();
  const state = stateOf(webhook);
  return (
    <Badge appearance={state === 'off' ? 'outline' : 'tint'} color={STATE_COLOR[state]}>
      {t.extensions.webhooks.states[state]}
    </Badge>
  );
}

/** The fields of the API's validation errors, by the form's field. */
export const API_FIELDS: Record<DraftProblem, string> = {
  displayName: 'displayName',
  url: 'url',
  events: 'events',
};

/** A webhook's settings: name, the receiver's URL, the events it gets, on or off. */
export function WebhookFields({
  draft,
  onChange,
  problems,
  error,
  withEnabled,
}: {
  draft: WebhookDraft;
  onChange: (draft: WebhookDraft) => void;
  problems: ReadonlySet<DraftProblem>;
  error: unknown;
  /** The on/off switch (the details page has its own command). */
  withEnabled: boolean;
}) {
  const t = useStrings();
  const s = t.extensions.webhooks;
  const styles = useStyles();
  const set = (patch: Partial<WebhookDraft>) => onChange({ ...draft, ...patch });
  const toggle = (type: WebhookEventType, on: boolean) =>
    set({
      events: WEBHOOK_EVENT_TYPES.filter((other) => (other === type ? on : draft.events.includes(other))),
    });
  const all = draft.events.length === WEBHOOK_EVENT_TYPES.length;
  const eventsError = problems.has('events') ? s.eventsRequired : fieldError(error, API_FIELDS.events);
  return (
    <>
      <Field
        label={s.name}
        required
        validationMessage={problems.has('displayName') ? s.nameRequired : fieldError(error, 'displayName')}
      >
        <Input value={draft.displayName} onChange={(_e, data) => set({ displayName: data.value })} />
      </Field>
      <Field
        label={s.url}
        hint={s.urlHint}
        required
        validationMessage={problems.has('url') ? s.urlInvalid : fieldError(error, 'url')}
      >
        <Input
          type="url"
          value={draft.url}
          placeholder="https://hooks.contoso.example/gatehouse"
          onChange={(_e, data) => set({ url: data.value })}
        />
      </Field>
      <fieldset
        className={styles.fieldset}
        aria-describedby={eventsError ? 'webhook-events-error' : undefined}
      >
        <legend className={styles.legend}>{s.events}</legend>
        <Checkbox
          label={s.allEvents}
          checked={all ? true : draft.events.length > 0 ? 'mixed' : false}
          onChange={() => set({ events: all ? [] : [...WEBHOOK_EVENT_TYPES] })}
        />
        <div className={styles.events}>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <Checkbox
              key={type}
              checked={draft.events.includes(type)}
              onChange={(_e, data) => toggle(type, data.checked === true)}
              label={
                <>
                  {s.eventNames[type]}
                  <span className={styles.eventType}>{type}</span>
                </>
              }
            />
          ))}
        </div>
        {eventsError && (
          <Text id="webhook-events-error" role="alert" className={styles.error}>
            {eventsError}
          </Text>
        )}
      </fieldset>
      {withEnabled && (
        <Field hint={s.enabledHint}>
          <Switch
            label={s.enabled}
            checked={draft.enabled}
            onChange={(_e, data) => set({ enabled: data.checked })}
          />
        </Field>
      )}
    </>
  );
}

/** The signing secret, shown once (after create or rotate), with a copy button. */
export function SecretDialog({ secret, onClose }: { secret: string; onClose: () => void }) {
  const t = useStrings();
  const s = t.extensions.webhooks;
  const styles = useStyles();
  return (
    <Dialog open modalType="alert" onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{s.secretTitle}</DialogTitle>
          <DialogContent className={styles.form}>
            <Text>{s.secretIntro}</Text>
            <div className={styles.row}>
              <Field label={s.secret} className={styles.grow}>
                <Input readOnly value={secret} className={styles.secret} />
              </Field>
              <CopyButton value={secret} label={s.secret} />
            </div>
            <MessageBar intent="warning">
              <MessageBarBody>{s.secretOnce}</MessageBarBody>
            </MessageBar>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              {s.secretDone}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
