import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useParams } from 'react-router';
import { useCan } from '../../api/access';
import { Facts } from '../../components/DetailsDrawer';
import { formatDateTime, formatNumber } from '../../components/format';
import { format, useStrings } from '../../strings';
import { ACTIONS, useExtensions } from '../extensions/api';
import type { AuthenticationEvent } from '../extensions/model';
import type { SignIn } from './model';

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
});

/**
 * The custom authentication extensions the sign-in called (Graph beta `appliedEventListeners`),
 * each with its outcome: a sign-in calls one or two, so each gets its own facts.
 */
export function AuthenticationEvents({ signIn }: { signIn: SignIn }) {
  const t = useStrings();
  const s = t.extensions.signInEvents;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  // Names come from the extension list, when the admin may read it; otherwise the ids show.
  const extensions = useExtensions(tenantId, can(ACTIONS.readExtensions, tenantId));
  const calls = signIn.appliedEventListeners ?? [];
  const nameOf = (id: string) => extensions.data?.value.find((e) => e.id === id)?.displayName ?? id;
  const eventName = (event: string) => t.extensions.events[event as AuthenticationEvent]?.name ?? event;
  if (calls.length === 0) return <Text>{s.empty}</Text>;
  return (
    <ul className={styles.list} aria-label={s.listLabel}>
      {calls.map((call, index) => {
        const result = call.handlerResult;
        const headingId = `sign-in-event-${index}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the calls of a sign-in never reorder
          <li key={index} className={styles.item} aria-labelledby={headingId}>
            <Text as="h3" id={headingId} size={400} weight="semibold" className={styles.heading}>
              {format(s.heading, {
                event: eventName(call.eventType),
                extension: nameOf(result.customExtensionId),
              })}
            </Text>
            <Facts
              items={[
                [
                  s.result,
                  result.errorCode === 0 ? (
                    <Badge key="result" appearance="tint" color="success">
                      {s.succeeded}
                    </Badge>
                  ) : (
                    <Badge key="result" appearance="tint" color="danger">
                      {s.failed}
                    </Badge>
                  ),
                ],
                [s.httpStatus, result.httpStatus ? String(result.httpStatus) : s.noAnswer],
                [s.errorCode, result.errorCode ? String(result.errorCode) : null],
                [s.attempts, String(result.numberOfAttempts)],
                [s.duration, format(s.milliseconds, { value: formatNumber(result.durationInMilliseconds) })],
                [s.time, formatDateTime(result.calloutDateTime)],
                [s.extensionId, result.customExtensionId],
              ]}
            />
          </li>
        );
      })}
    </ul>
  );
}
