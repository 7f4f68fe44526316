import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { fieldError } from '../../components/ApiErrorMessage';
import { useStrings } from '../../strings';
import { useSavePolicy } from './api';
import { bodyOf, type Draft, emptyDraft, localErrors } from './draft';
import type { Policy } from './model';
import { caPath } from './shared';

/**
 * The policy editor's form state, kept apart from its layout: the draft, saving it, and which
 * error (the form's own checks or the API's) belongs next to which field or in the banner.
 */

/** The API's error targets each part of the form shows next to itself. */
const FIELDS = [
  'displayName',
  'state',
  'conditions.users',
  'conditions.applications',
  'conditions.clientApplications',
  'conditions.locations',
  'conditions.platforms',
  'conditions.clientAppTypes',
  'conditions.signInRiskLevels',
  'conditions.userRiskLevels',
  'grantControls',
  'sessionControls',
];

export function usePolicyForm(tenantId: string, saved?: Policy, initial?: Draft) {
  const s = useStrings().conditionalAccess;
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => initial ?? emptyDraft());
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const save = useSavePolicy(tenantId);
  const dirty = useMemo(
    () => JSON.stringify(bodyOf(draft)) !== JSON.stringify(bodyOf(initial ?? emptyDraft())),
    [draft, initial],
  );

  // Edits clear the messages about the previous attempt.
  const update = (change: (draft: Draft) => Draft) => {
    setDraft(change);
    setDone(null);
    setLocal({});
    if (save.error) save.reset();
  };

  const errorFor = (...targets: string[]) => {
    for (const target of targets) {
      const message =
        local[target] ?? Object.entries(local).find(([key]) => key.startsWith(`${target}.`))?.[1];
      if (message) return message;
      const api = fieldError(save.error, target);
      if (api) return api;
    }
    return undefined;
  };
  const bannerError =
    save.error && !FIELDS.some((field) => fieldError(save.error, field) !== undefined) ? save.error : null;

  const submit = async () => {
    const errors = localErrors(draft, s as unknown as Record<string, string>);
    setLocal(errors);
    save.reset();
    if (Object.keys(errors).length > 0) return;
    try {
      const policy = await save.mutateAsync({ id: saved?.id, body: bodyOf(draft) });
      if (!saved)
        navigate(caPath(tenantId, 'policies', policy.id), { replace: true, state: { created: true } });
      else setDone(s.saved);
    } catch {
      // shown next to the field, or in the banner
    }
  };

  const invalid = Object.keys(local).length > 0 || (save.error !== null && !bannerError);
  return {
    draft,
    setDraft,
    update,
    errorFor,
    submit,
    saving: save.isPending,
    dirty,
    done,
    bannerError,
    invalid,
  };
}
