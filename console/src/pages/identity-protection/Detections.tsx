import { Button, Field, Link as FluentLink, Input, Text } from '@fluentui/react-components';
import { OpenRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { type Column, DataTable } from '../../components/DataTable';
import { DetailsDrawer, Facts } from '../../components/DetailsDrawer';
import { EmptyState } from '../../components/EmptyState';
import { DateRangeFields, FilterBar } from '../../components/FilterBar';
import { endOfDay, formatDateTime, startOfDay } from '../../components/format';
import { Loading } from '../../components/Loading';
import { Pager, useSkipTokenPages } from '../../components/Pager';
import { format, useStrings } from '../../strings';
import { type DetectionFilters, useDetections } from './api';
import {
  additionalInfoOf,
  DETECTION_LEVELS,
  isUuid,
  looksLikeIp,
  placeOf,
  RISK_EVENT_TYPES,
  type RiskDetection,
  type RiskEventType,
} from './model';
import { ChoiceFilter, RiskLevelBadge, RiskStateBadge, SectionIntro, useAreaStyles } from './shared';

type Level = (typeof DETECTION_LEVELS)[number];

/** A text filter applied a moment after the last key, when it is valid. */
function useTypedFilter(value: string, commit: (value: string) => void, valid: (value: string) => boolean) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === value || (trimmed && !valid(trimmed))) return;
    const timer = setTimeout(() => commit(trimmed), 400);
    return () => clearTimeout(timer);
  }, [text, value, commit, valid]);
  const invalid = text.trim() !== '' && !valid(text.trim());
  return { text, setText, invalid };
}

const userLabel = (
  d: Pick<RiskDetection, 'userDisplayName' | 'userPrincipalName' | 'userId'>,
  none: string,
) => d.userDisplayName || d.userPrincipalName || d.userId || none;

/** Risk detections: filters, the list, and each detection's pane (facts, location, same sign-in). */
export function Detections() {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.detections;
  const styles = useAreaStyles();
  const { tenantId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const pages = useSkipTokenPages();
  const [open, setOpen] = useState<RiskDetection | null>(null);
  const type = (params.get('type') ?? '') as RiskEventType | '';
  const level = (params.get('level') ?? '') as Level | '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const userId = params.get('userId') ?? '';
  const ipAddress = params.get('ipAddress') ?? '';

  const { reset } = pages;
  const setFilters = useMemo(
    () => (values: Record<string, string>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(values)) {
            if (value) next.set(name, value);
            else next.delete(name);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const commitUser = useMemo(
    () => (value: string) => {
      reset();
      setFilters({ userId: value });
    },
    [reset, setFilters],
  );
  const commitIp = useMemo(
    () => (value: string) => {
      reset();
      setFilters({ ipAddress: value });
    },
    [reset, setFilters],
  );
  const user = useTypedFilter(userId, commitUser, isUuid);
  const address = useTypedFilter(ipAddress, commitIp, looksLikeIp);
  const change = (values: Record<string, string>) => {
    reset();
    setFilters(values);
  };
  const filtered = Boolean(type || level || from || to || userId || ipAddress);

  const filters = useMemo<DetectionFilters>(
    () => ({
      ...(type && { riskEventType: type }),
      ...(level && { riskLevel: level }),
      ...(from && { from: startOfDay(from) }),
      ...(to && { to: endOfDay(to) }),
      ...(userId && { userId }),
      ...(ipAddress && { ipAddress }),
    }),
    [type, level, from, to, userId, ipAddress],
  );
  const { data, error, isPending, isFetching } = useDetections(tenantId, filters, pages.skipToken);
  const rows = data?.value ?? [];
  const clear = () => {
    reset();
    setParams({}, { replace: true });
  };

  const columns: Column<RiskDetection>[] = [
    { id: 'time', header: ip.detectionTime, cell: (d) => formatDateTime(d.activityDateTime) },
    { id: 'user', header: ip.user, cell: (d) => userLabel(d, ip.unknownUser) },
    { id: 'type', header: ip.detectionType, cell: (d) => ip.eventTypes[d.riskEventType] ?? d.riskEventType },
    { id: 'level', header: ip.riskLevel, cell: (d) => <RiskLevelBadge level={d.riskLevel} /> },
    { id: 'ip', header: ip.ipAddress, secondary: true, cell: (d) => d.ipAddress ?? '' },
    { id: 'location', header: ip.location, secondary: true, cell: (d) => placeOf(d.location) },
  ];

  return (
    <>
      <SectionIntro title={ip.sections.riskDetections}>{s.intro}</SectionIntro>
      <FilterBar label={ip.filtersLabel}>
        <ChoiceFilter
          label={ip.detectionType}
          value={type}
          options={RISK_EVENT_TYPES.map((value) => ({ value, label: ip.eventTypes[value] ?? value }))}
          onChange={(value) => change({ type: value })}
        />
        <ChoiceFilter
          label={ip.riskLevel}
          value={level}
          options={DETECTION_LEVELS.map((value) => ({ value, label: ip.riskLevels[value] }))}
          onChange={(value) => change({ level: value })}
        />
        <DateRangeFields from={from} to={to} onChange={(range) => change(range)} />
        <Field
          label={s.userFilter}
          className={styles.wideField}
          validationMessage={user.invalid ? s.userFilterInvalid : undefined}
        >
          <Input
            value={user.text}
            placeholder={s.userFilterHint}
            onChange={(_event, d) => user.setText(d.value)}
            autoComplete="off"
          />
        </Field>
        <Field
          label={s.ipFilter}
          className={styles.field}
          validationMessage={address.invalid ? s.ipFilterInvalid : undefined}
        >
          <Input value={address.text} onChange={(_event, d) => address.setText(d.value)} autoComplete="off" />
        </Field>
        {filtered && <Button onClick={clear}>{ip.clearFilters}</Button>}
      </FilterBar>
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : rows.length === 0 && !error ? (
        filtered ? (
          <EmptyState title={s.noMatchTitle} action={<Button onClick={clear}>{ip.clearFilters}</Button>}>
            {s.noMatchBody}
          </EmptyState>
        ) : (
          <EmptyState title={s.emptyTitle}>{s.emptyBody}</EmptyState>
        )
      ) : (
        <>
          <DataTable
            label={s.listLabel}
            rows={rows}
            columns={columns}
            rowKey={(d) => d.id}
            rowLabel={(d) =>
              `${ip.eventTypes[d.riskEventType] ?? d.riskEventType}, ${userLabel(d, ip.unknownUser)}`
            }
            busy={isFetching}
            onOpen={setOpen}
          />
          <Pager label={s.pagesLabel} pages={pages} nextLink={data?.['@odata.nextLink']} />
        </>
      )}
      {open && (
        <DetectionDrawer
          tenantId={tenantId}
          detection={open}
          onOpen={setOpen}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

function DetectionDrawer({
  tenantId,
  detection: d,
  onOpen,
  onClose,
}: {
  tenantId: string;
  detection: RiskDetection;
  onOpen: (detection: RiskDetection) => void;
  onClose: () => void;
}) {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.detections;
  const styles = useAreaStyles();
  const type = ip.eventTypes[d.riskEventType] ?? d.riskEventType;
  const info = additionalInfoOf(d);
  const coordinates = d.location?.geoCoordinates ?? null;
  return (
    <DetailsDrawer open title={type} onClose={onClose}>
      <Facts
        items={[
          [ip.detectionType, type],
          [ip.riskLevel, <RiskLevelBadge key="f230" level={d.riskLevel} />],
          [ip.riskState, <RiskStateBadge key="f231" state={d.riskState} />],
          [ip.riskDetail, ip.riskDetails[d.riskDetail] ?? d.riskDetail],
          [
            ip.user,
            d.userId ? (
              <Link
                key="f236"
                className={styles.link}
                to={`/t/${encodeURIComponent(tenantId)}/users/${encodeURIComponent(d.userId)}`}
              >
                {userLabel(d, ip.unknownUser)}
              </Link>
            ) : null,
          ],
          [ip.ipAddress, d.ipAddress],
          [s.activity, ip.activities[d.activity] ?? d.activity],
          [s.timing, ip.timing[d.detectionTimingType] ?? d.detectionTimingType],
          [s.activityTime, formatDateTime(d.activityDateTime)],
          [s.detectedTime, formatDateTime(d.detectedDateTime)],
          [s.correlationId, d.correlationId && <span className={styles.mono}>{d.correlationId}</span>],
          [
            s.id,
            <span key="f250" className={styles.mono}>
              {d.id}
            </span>,
          ],
          [
            s.additionalInfo,
            info.length > 0 && (
              <span key="info" className={styles.lines}>
                {info.map(([key, value]) => (
                  <span key={key}>{`${key}: ${value}`}</span>
                ))}
              </span>
            ),
          ],
        ]}
      />
      <section className={styles.section} aria-labelledby="detection-location">
        <Text as="h3" id="detection-location" weight="semibold" size={400} className={styles.heading}>
          {s.locationHeading}
        </Text>
        {d.location && placeOf(d.location) ? (
          <>
            <Facts
              items={[
                [s.city, d.location.city],
                [s.state, d.location.state],
                [s.country, d.location.countryOrRegion],
                [
                  s.coordinates,
                  coordinates &&
                    format(s.coordinatesValue, {
                      latitude: coordinates.latitude,
                      longitude: coordinates.longitude,
                    }),
                ],
              ]}
            />
            {coordinates && (
              <FluentLink
                href={`https://www.openstreetmap.org/?mlat=${coordinates.latitude}&mlon=${coordinates.longitude}#map=10/${coordinates.latitude}/${coordinates.longitude}`}
                target="_blank"
                rel="noreferrer"
              >
                {s.openMap} <OpenRegular aria-hidden />
              </FluentLink>
            )}
          </>
        ) : (
          <Text>{s.noLocation}</Text>
        )}
      </section>
      <section className={styles.section} aria-labelledby="detection-same">
        <Text as="h3" id="detection-same" weight="semibold" size={400} className={styles.heading}>
          {s.sameSignIn}
        </Text>
        <SameSignIn tenantId={tenantId} detection={d} onOpen={onOpen} />
      </section>
    </DetailsDrawer>
  );
}

/**
 * The other detections of the same sign-in: they share its correlation id. The API has no
 * filter on it, so the user's (or the address's) detections are read and matched here.
 */
function SameSignIn({
  tenantId,
  detection: d,
  onOpen,
}: {
  tenantId: string;
  detection: RiskDetection;
  onOpen: (detection: RiskDetection) => void;
}) {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.detections;
  const enabled = d.correlationId !== null;
  const filters: DetectionFilters = { correlationId: d.correlationId ?? undefined };
  const { data, error, isPending } = useDetections(tenantId, filters, undefined, { enabled, top: 100 });
  if (!enabled) return <Text>{s.notFromSignIn}</Text>;
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  const rows = (data?.value ?? []).filter((other) => other.id !== d.id);
  if (rows.length === 0) return <Text>{s.noSameSignIn}</Text>;
  const columns: Column<RiskDetection>[] = [
    { id: 'type', header: ip.detectionType, cell: (o) => ip.eventTypes[o.riskEventType] ?? o.riskEventType },
    { id: 'level', header: ip.riskLevel, cell: (o) => <RiskLevelBadge level={o.riskLevel} /> },
    { id: 'time', header: s.detectedTime, secondary: true, cell: (o) => formatDateTime(o.detectedDateTime) },
  ];
  return (
    <DataTable
      label={s.sameSignInLabel}
      rows={rows}
      columns={columns}
      rowKey={(o) => o.id}
      rowLabel={(o) => ip.eventTypes[o.riskEventType] ?? o.riskEventType}
      onOpen={onOpen}
    />
  );
}
