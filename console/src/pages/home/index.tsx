import { PageHeader } from '../../components/PageHeader';

/** Placeholder until this area is built. */
export function Component() {
  return <PageHeader title="home/index" />;
}
