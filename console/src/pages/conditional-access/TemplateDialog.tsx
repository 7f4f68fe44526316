import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiErrorMessage, fieldError } from '../../components/ApiErrorMessage';
import { Loading } from '../../components/Loading';
import { useStrings } from '../../strings';
import { useCreateFromTemplate, useTemplates } from './api';
import { CountryChecklist } from './Countries';
import { POLICY_STATES, type PolicyState, type TemplateScenario, templateNeeds } from './model';
import { AppPicker } from './Picker';
import { caPath } from './shared';

const useStyles = makeStyles({
  surface: { maxWidth: 'min(720px, calc(100vw - 32px))' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  templates: { maxHeight: '320px', overflowY: 'auto' },
  description: { display: 'block', color: tokens.colorNeutralForeground3 },
});

const SCENARIOS: TemplateScenario[] = [
  'secureFoundation',
  'zeroTrust',
  'remoteWork',
  'protectAdmins',
  'emergingThreats',
];

/** The template gallery: choose a template, fill what it leaves open, create the policy (report-only by default). */
export function TemplateDialog({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const navigate = useNavigate();
  const templates = useTemplates(tenantId);
  const create = useCreateFromTemplate(tenantId);
  const [scenario, setScenario] = useState<TemplateScenario | 'all'>('all');
  const [id, setId] = useState<string>('');
  const [name, setName] = useState('');
  const [state, setState] = useState<PolicyState>('enabledForReportingButNotEnforced');
  const [apps, setApps] = useState<string[]>([]);
  const [countries, setCountries] = useState<string[]>([]);
  /** What the form found missing before asking the API. */
  const [local, setLocal] = useState<string | null>(null);
  const all = templates.data?.value ?? [];
  const shown = scenario === 'all' ? all : all.filter((template) => template.scenarios.includes(scenario));
  const chosen = all.find((template) => template.id === id);
  const needs = chosen ? templateNeeds(chosen) : null;
  const fields = ['displayName', 'state', 'includeApplications', 'countriesAndRegions'];
  const banner = fields.some((field) => fieldError(create.error, field)) ? null : create.error;

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!chosen) return;
            const missing =
              needs === 'includeApplications' && apps.length === 0
                ? s.appsSelectedRequired
                : needs === 'countriesAndRegions' && countries.length === 0
                  ? s.countriesRequired
                  : null;
            setLocal(missing);
            if (missing) return;
            create.mutate(
              {
                templateId: chosen.id,
                body: {
                  state,
                  ...(name.trim() && { displayName: name.trim() }),
                  ...(needs === 'includeApplications' && { includeApplications: apps }),
                  ...(needs === 'countriesAndRegions' && { countriesAndRegions: countries }),
                },
              },
              { onSuccess: (policy) => navigate(caPath(tenantId, 'policies', policy.id)) },
            );
          }}
        >
          <DialogBody>
            <DialogTitle>{s.templatesTitle}</DialogTitle>
            <DialogContent className={styles.content}>
              {templates.isPending ? (
                <Loading />
              ) : (
                <>
                  <ApiErrorMessage error={templates.error} />
                  <Field label={s.scenarioLabel}>
                    <Select
                      value={scenario}
                      onChange={(_e, data) => setScenario(data.value as TemplateScenario | 'all')}
                    >
                      <option value="all">{s.scenarioAll}</option>
                      {SCENARIOS.map((value) => (
                        <option key={value} value={value}>
                          {s.scenarios[value]}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label={s.chooseTemplate} required>
                    <RadioGroup
                      className={styles.templates}
                      value={id}
                      onChange={(_e, data) => {
                        setId(data.value);
                        setLocal(null);
                        create.reset();
                      }}
                    >
                      {shown.map((template) => (
                        <Radio
                          key={template.id}
                          value={template.id}
                          label={
                            <>
                              <Text weight="semibold">{template.name}</Text>
                              <Text size={200} className={styles.description}>
                                {template.description}
                              </Text>
                            </>
                          }
                        />
                      ))}
                    </RadioGroup>
                  </Field>
                  {chosen && (
                    <>
                      <Field
                        label={s.templateName}
                        validationMessage={fieldError(create.error, 'displayName')}
                      >
                        <Input
                          value={name}
                          placeholder={chosen.name}
                          onChange={(_e, data) => setName(data.value)}
                        />
                      </Field>
                      <Field label={s.templateState}>
                        <Select value={state} onChange={(_e, data) => setState(data.value as PolicyState)}>
                          {POLICY_STATES.map((value) => (
                            <option key={value} value={value}>
                              {s.states[value]}
                            </option>
                          ))}
                        </Select>
                      </Field>
                      {needs === 'includeApplications' && (
                        <AppPicker
                          tenantId={tenantId}
                          label={s.templateApps}
                          selected={apps}
                          onChange={(next) => {
                            setApps(next);
                            setLocal(null);
                          }}
                          required
                          validationMessage={local ?? fieldError(create.error, 'includeApplications')}
                        />
                      )}
                      {needs === 'countriesAndRegions' && (
                        <CountryChecklist
                          label={s.templateCountries}
                          selected={countries}
                          onChange={(next) => {
                            setCountries(next);
                            setLocal(null);
                          }}
                          error={local ?? fieldError(create.error, 'countriesAndRegions')}
                        />
                      )}
                    </>
                  )}
                  <ApiErrorMessage error={banner} />
                </>
              )}
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={!chosen || create.isPending}>
                {s.createPolicy}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
