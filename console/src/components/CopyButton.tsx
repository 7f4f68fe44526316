import { Button, Tooltip } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { format, useStrings } from '../strings';

/** Copies a value to the clipboard; its accessible name says what it copies. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useStrings();
  const [copied, setCopied] = useState(false);
  const name = format(t.common.copyValue, { name: label });
  return (
    <Tooltip content={copied ? t.common.copied : name} relationship="description">
      <Button
        appearance="subtle"
        aria-label={name}
        icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
        onClick={async () => {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
      />
    </Tooltip>
  );
}
