import { PageHeader } from '../../components/PageHeader';
import { useStrings } from '../../strings';

/** Placeholder: the area's pages are being built. */
export function Component() {
  const t = useStrings();
  return <PageHeader title={t.auditLogs.title} />;
}
