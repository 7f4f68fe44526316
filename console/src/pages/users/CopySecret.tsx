import { Button } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { format, useStrings } from '../../strings';

/**
 * Copies a secret shown once, with a visible label and no tooltip: a tooltip's portal would
 * carry App's full-page root style over the open dialog (FluentProvider applyStylesToPortals).
 */
export function CopySecret({ value, label }: { value: string; label: string }) {
  const t = useStrings();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
      aria-label={format(t.common.copyValue, { name: label })}
      onClick={async () => {
        await navigator.clipboard.writeText(value);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      <span aria-live="polite">{copied ? t.common.copied : t.common.copy}</span>
    </Button>
  );
}
