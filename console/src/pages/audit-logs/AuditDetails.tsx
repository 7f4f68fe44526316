import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { DataTable } from '../../components/DataTable';
import { DetailsDrawer, Facts } from '../../components/DetailsDrawer';
import { formatDateTime } from '../../components/format';
import { format, useStrings } from '../../strings';
import { type DirectoryAudit, type ModifiedProperty, type TargetResource, targetName } from './model';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  target: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

export function ResultBadge({ result }: { result: string }) {
  const t = useStrings();
  return (
    <Badge
      appearance="tint"
      color={result === 'success' ? 'success' : result === 'failure' ? 'danger' : 'subtle'}
    >
      {t.auditLogs.results[result] ?? result}
    </Badge>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-label={title}>
      <Text as="h3" size={400} weight="semibold" className={styles.heading}>
        {title}
      </Text>
      {children}
    </section>
  );
}

function Target({ target }: { target: TargetResource }) {
  const t = useStrings();
  const a = t.auditLogs;
  const styles = useStyles();
  const name = targetName(target);
  const changes = (target.modifiedProperties ?? []).map((property, index) => ({ property, index }));
  return (
    <div className={styles.target}>
      <Text as="h4" weight="semibold" className={styles.heading}>
        {format(a.targetFacts.heading, { type: target.type, name })}
      </Text>
      <Facts
        items={[
          [a.targetFacts.type, target.type],
          [a.targetFacts.name, target.displayName],
          [a.targetFacts.userPrincipalName, target.userPrincipalName],
          [a.targetFacts.id, target.id],
        ]}
      />
      {changes.length === 0 ? (
        <Text>{a.noModifiedProperties}</Text>
      ) : (
        <DataTable<{ property: ModifiedProperty; index: number }>
          label={format(a.modifiedProperties, { name })}
          rows={changes}
          rowKey={(row) => String(row.index)}
          rowLabel={(row) => row.property.displayName}
          columns={[
            { id: 'name', header: a.property, cell: ({ property }) => property.displayName },
            {
              id: 'old',
              header: a.oldValue,
              cell: ({ property }) => (
                <span className={styles.value}>{property.oldValue || t.common.none}</span>
              ),
            },
            {
              id: 'new',
              header: a.newValue,
              cell: ({ property }) => (
                <span className={styles.value}>{property.newValue || t.common.none}</span>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

/** One audit entry in a pane: the activity, who did it, what it changed. */
export function AuditDetails({ audit, onClose }: { audit: DirectoryAudit | null; onClose: () => void }) {
  const t = useStrings();
  const a = t.auditLogs;
  return (
    <DetailsDrawer
      open={audit !== null}
      title={audit?.activityDisplayName ?? a.detailsTitle}
      onClose={onClose}
    >
      {audit && (
        <>
          <Section title={a.activitySection}>
            <Facts
              items={[
                [a.facts.date, formatDateTime(audit.activityDateTime)],
                [a.facts.id, audit.id],
                [a.facts.activity, audit.activityDisplayName],
                [a.facts.category, a.categories[audit.category] ?? audit.category],
                [a.facts.service, audit.loggedByService],
                [a.facts.operationType, audit.operationType],
                [a.facts.result, <ResultBadge key="result" result={audit.result} />],
                [a.facts.resultReason, audit.resultReason],
                [a.facts.correlationId, audit.correlationId],
              ]}
            />
          </Section>
          <Section title={a.initiatedBySection}>
            {audit.initiatedBy.user ? (
              <Facts
                items={[
                  [a.initiator.kind, a.initiator.user],
                  [a.initiator.userPrincipalName, audit.initiatedBy.user.userPrincipalName],
                  [a.initiator.userId, audit.initiatedBy.user.id],
                ]}
              />
            ) : audit.initiatedBy.app ? (
              <Facts
                items={[
                  [a.initiator.kind, a.initiator.app],
                  [a.initiator.appName, audit.initiatedBy.app.displayName],
                  [a.initiator.appId, audit.initiatedBy.app.appId],
                ]}
              />
            ) : (
              <Text>{a.noInitiator}</Text>
            )}
          </Section>
          <Section title={a.targetsSection}>
            {audit.targetResources.length === 0 ? (
              <Text>{a.noTargets}</Text>
            ) : (
              audit.targetResources.map((target) => (
                <Target key={`${target.type}-${target.id}`} target={target} />
              ))
            )}
          </Section>
          <Section title={a.additionalDetailsSection}>
            {audit.additionalDetails.length === 0 ? (
              <Text>{a.noAdditionalDetails}</Text>
            ) : (
              <Facts
                items={audit.additionalDetails.map(
                  (detail) => [detail.key, detail.value] as [string, string],
                )}
              />
            )}
          </Section>
        </>
      )}
    </DetailsDrawer>
  );
}
