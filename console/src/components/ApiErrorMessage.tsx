import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { ApiError } from '../api/client';
import { useStrings } from '../strings';

/** An error from the API (or anything else) in words, where it happened. */
export function ApiErrorMessage({ error, title }: { error: unknown; title?: string }) {
  const t = useStrings();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title ?? t.common.errorTitle}</MessageBarTitle>
        {message}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * The message of an API error about one field (its `target`), for that field's
 * `validationMessage`; undefined for other errors, which ApiErrorMessage shows.
 * `field` matches the target itself or any path under it ("web.redirectUris" matches "web.redirectUris.0").
 */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || !error.target) return undefined;
  return error.target === field || error.target.startsWith(`${field}.`) ? error.message : undefined;
}

/** Whether an error is about a field the form shows (so no banner is needed for it). */
export function isFieldError(error: unknown, fields: string[]): boolean {
  return fields.some((field) => fieldError(error, field) !== undefined);
}
