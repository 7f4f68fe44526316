import { Dropdown, Field, makeStyles, Option } from '@fluentui/react-components';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useTenants } from '../api/tenants';
import { useStrings } from '../strings';

const useStyles = makeStyles({ dropdown: { minWidth: '12rem', maxWidth: '100%' } });

/** Every tenant the admin may see; choosing one keeps the admin on the same kind of page. */
export function TenantSwitcher() {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { data } = useTenants();
  const tenants = data?.value ?? [];
  const current = tenants.find((tenant) => tenant.id === tenantId);
  return (
    <Field label={t.nav.tenantSwitcher} orientation="horizontal">
      <Dropdown
        className={styles.dropdown}
        placeholder={t.nav.tenantSwitcherPlaceholder}
        value={current ? `${current.displayName} (${current.id})` : ''}
        selectedOptions={tenantId ? [tenantId] : []}
        onOptionSelect={(_event, option) => {
          const next = option.optionValue;
          if (!next || next === tenantId) return;
          // The same area of the new tenant (its list, not the old tenant's item).
          const area = /^\/t\/[^/]+\/([^/]+)/.exec(location.pathname)?.[1];
          navigate(`/t/${encodeURIComponent(next)}${area ? `/${area}` : ''}`);
        }}
      >
        {tenants.map((tenant) => (
          <Option key={tenant.id} value={tenant.id} text={`${tenant.displayName} (${tenant.id})`}>
            {`${tenant.displayName} (${tenant.id})`}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
