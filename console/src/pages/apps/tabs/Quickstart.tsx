import {
  MessageBar,
  MessageBarBody,
  makeStyles,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useId, useState } from 'react';
import { CopyButton } from '../../../components/CopyButton';
import { format, useStrings } from '../../../strings';
import { useAppContext } from '../AppPage';
import { issuerOf, useBaseUrl, useDiscovery } from '../api';
import {
  DEFAULT_REDIRECT_URI,
  DEFAULT_SPA_REDIRECT_URI,
  QUICKSTARTS,
  type QuickstartFile,
  type QuickstartId,
  SECRET_PLACEHOLDER,
} from '../quickstarts';
import { useTableStyles } from '../shared';

const useStyles = makeStyles({
  file: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'hidden',
  },
  fileHeader: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  fileName: { margin: 0, fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  code: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    overflowX: 'auto',
    maxHeight: '480px',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  pre: { margin: 0, fontFamily: 'inherit' },
  tabs: { overflowX: 'auto' },
});

/** One file: its name, a copy button and its text in a scrollable, focusable code block. */
function CodeFile({ file }: { file: QuickstartFile }) {
  const t = useStrings();
  const styles = useStyles();
  const id = useId();
  return (
    <section className={styles.file} aria-labelledby={id}>
      <div className={styles.fileHeader}>
        <Text as="h3" size={300} weight="semibold" id={id} className={styles.fileName}>
          {file.name}
        </Text>
        <CopyButton value={file.content} label={file.name} />
      </div>
      <section
        className={styles.code}
        aria-label={format(t.apps.quickstart.file, { name: file.name })}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is reached by keyboard
        tabIndex={0}
      >
        <pre className={styles.pre}>
          <code data-language={file.language}>{file.content}</code>
        </pre>
      </section>
    </section>
  );
}

/** Quickstart: code for each stack, generated from this app's real values. */
export function QuickstartTab() {
  const t = useStrings();
  const shared = useTableStyles();
  const styles = useStyles();
  const { tenantId, app, newSecret } = useAppContext();
  const issuer = issuerOf(useBaseUrl(), tenantId);
  const discovery = useDiscovery(tenantId);
  const [stack, setStack] = useState<QuickstartId>(
    app.spa.redirectUris.length && !app.web.redirectUris.length ? 'react' : 'express',
  );
  const q = t.apps.quickstart;
  const secret = newSecret?.secretText ?? undefined;
  const input = {
    issuer,
    clientId: app.appId,
    redirectUri: app.web.redirectUris[0],
    spaRedirectUri: app.spa.redirectUris[0],
    clientSecret: secret,
    audience: app.identifierUris[0],
    jwksUri: discovery.data?.jwks_uri,
  };
  const generator = QUICKSTARTS.find((entry) => entry.id === stack);
  const files = generator?.generate(input).files ?? [];
  const usesSecret = stack === 'express' || stack === 'nextjs' || stack === 'flask';
  return (
    <section className={shared.section} aria-label={t.apps.tabs.quickstart}>
      <Text>{q.intro}</Text>
      <div className={styles.tabs}>
        <TabList
          aria-label={q.stacks}
          selectedValue={stack}
          onTabSelect={(_event, data) => setStack(data.value as QuickstartId)}
        >
          {QUICKSTARTS.map(({ id }) => (
            <Tab key={id} value={id}>
              {q.names[id]}
            </Tab>
          ))}
        </TabList>
      </div>
      {usesSecret && (
        <MessageBar intent={secret ? 'warning' : 'info'}>
          <MessageBarBody>
            {secret ? q.secretIncluded : format(q.secretPlaceholder, { placeholder: SECRET_PLACEHOLDER })}
          </MessageBarBody>
        </MessageBar>
      )}
      {usesSecret && !input.redirectUri && (
        <MessageBar intent="info">
          <MessageBarBody>{format(q.noRedirect, { uri: DEFAULT_REDIRECT_URI })}</MessageBarBody>
        </MessageBar>
      )}
      {stack === 'react' && !input.spaRedirectUri && (
        <MessageBar intent="info">
          <MessageBarBody>{format(q.noSpaRedirect, { uri: DEFAULT_SPA_REDIRECT_URI })}</MessageBarBody>
        </MessageBar>
      )}
      <div role="tabpanel" aria-label={q.names[stack]} className={shared.section}>
        {files.map((file) => (
          <CodeFile key={file.name} file={file} />
        ))}
      </div>
    </section>
  );
}
