import { Button, Field, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { ArrowLeftRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, isFieldError } from '../../components/ApiErrorMessage';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { ACTIONS, useApplications, useSaveExtension } from './api';
import { API_FIELDS, ExtensionFields } from './ExtensionForm';
import {
  AUTHENTICATION_EVENTS,
  type AuthenticationEvent,
  type DraftProblem,
  draftOf,
  draftProblems,
} from './model';
import { extPath, useStyles } from './shared';

/** /extensions/custom/new: the event first (each says when it runs), then the settings. */
export function NewExtension() {
  const t = useStrings();
  const s = t.extensions.wizard;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const apps = useApplications(tenantId, can(ACTIONS.readApps, tenantId));
  const save = useSaveExtension(tenantId);
  const [step, setStep] = useState<1 | 2>(1);
  const [event, setEvent] = useState<AuthenticationEvent>('tokenIssuanceStart');
  const [draft, setDraft] = useState(draftOf);
  const [problems, setProblems] = useState<ReadonlySet<DraftProblem>>(new Set());
  if (!can(ACTIONS.manageExtensions, tenantId)) return <ApiErrorMessage error={t.common.noAccess} />;

  const submit = () => {
    const found = draftProblems(event, draft);
    setProblems(found);
    save.reset();
    if (found.size > 0) return;
    save.mutate(
      { event, draft },
      {
        onSuccess: ({ id }) =>
          navigate(extPath(tenantId, 'custom', id, 'applications'), { state: { created: true } }),
      },
    );
  };
  const banner = isFieldError(save.error, Object.values(API_FIELDS)) ? null : save.error;

  return (
    <>
      <Link to={extPath(tenantId, 'custom')} className={styles.back}>
        <ArrowLeftRegular aria-hidden />
        {t.extensions.backToList}
      </Link>
      <PageHeader
        title={s.title}
        subtitle={format(s.step, { step, of: 2, name: step === 1 ? s.stepEvent : s.stepSettings })}
      />
      {step === 1 ? (
        <form
          className={styles.form}
          onSubmit={(e) => {
            e.preventDefault();
            setStep(2);
          }}
        >
          <Field label={s.eventLabel}>
            <RadioGroup
              className={styles.choices}
              value={event}
              onChange={(_e, data) => setEvent(data.value as AuthenticationEvent)}
            >
              {AUTHENTICATION_EVENTS.map((value) => (
                <div key={value}>
                  <Radio
                    value={value}
                    label={t.extensions.events[value].name}
                    aria-describedby={`event-${value}-when`}
                  />
                  <Text id={`event-${value}-when`} size={200} className={styles.choiceHint}>
                    {t.extensions.events[value].when}
                  </Text>
                </div>
              ))}
            </RadioGroup>
          </Field>
          <div className={styles.actions}>
            <Button type="submit" appearance="primary">
              {t.common.next}
            </Button>
            <Button onClick={() => navigate(extPath(tenantId, 'custom'))}>{t.common.cancel}</Button>
          </div>
        </form>
      ) : (
        <form
          className={styles.form}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Text>
            {format(s.chosenEvent, { event: t.extensions.events[event].name })}{' '}
            {t.extensions.events[event].when}
          </Text>
          <ExtensionFields
            event={event}
            draft={draft}
            onChange={(next) => {
              setDraft(next);
              if (problems.size > 0) setProblems(draftProblems(event, next));
            }}
            problems={problems}
            error={save.error}
            apps={apps.data?.value ?? []}
          />
          {problems.size > 0 && (
            <Text role="alert" className={styles.error}>
              {s.fixProblems}
            </Text>
          )}
          <ApiErrorMessage error={banner} />
          <div className={styles.actions}>
            <Button onClick={() => setStep(1)}>{t.common.back}</Button>
            <Button type="submit" appearance="primary" disabled={save.isPending}>
              {s.create}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
