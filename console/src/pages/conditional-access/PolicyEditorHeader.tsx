import { Button, Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import { ChartMultipleRegular, DeleteRegular, SaveRegular } from '@fluentui/react-icons';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { POLICY_STATES, type Policy, type PolicyState } from './model';
import { caPath, StateBadge, useStyles } from './shared';

/**
 * The policy editor's page header: the policy's name and state, the way back to the list, and
 * the actions on the whole policy (save, see impact, turn on or off, delete). The editor owns
 * what each action does; this only lays them out and hides the ones the admin may not use.
 */
export function PolicyEditorHeader({
  tenantId,
  title,
  saved,
  canEdit,
  saving,
  onSave,
  onSeeImpact,
  onSetState,
  onDelete,
}: {
  tenantId: string;
  title: string;
  saved?: Policy;
  canEdit: boolean;
  saving: boolean;
  onSave: () => void;
  onSeeImpact: () => void;
  onSetState: (state: PolicyState) => void;
  onDelete: () => void;
}) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  return (
    <PageHeader
      title={title}
      subtitle={
        saved ? (
          <span className={styles.actions}>
            <StateBadge state={saved.state} />
            <Link className={styles.link} to={caPath(tenantId, 'policies')}>
              {s.backToPolicies}
            </Link>
          </span>
        ) : (
          <Link className={styles.link} to={caPath(tenantId, 'policies')}>
            {s.backToPolicies}
          </Link>
        )
      }
      actions={
        <>
          {canEdit && (
            <Button appearance="primary" icon={<SaveRegular />} onClick={onSave} disabled={saving}>
              {s.save}
            </Button>
          )}
          <Button icon={<ChartMultipleRegular />} onClick={onSeeImpact}>
            {s.seeImpact}
          </Button>
          {saved && canEdit && (
            <Menu
              checkedValues={{ state: [saved.state] }}
              onCheckedValueChange={(_event, data) => onSetState(data.checkedItems[0] as PolicyState)}
            >
              <MenuTrigger disableButtonEnhancement>
                <Button>{format(s.setState, { state: s.states[saved.state] })}</Button>
              </MenuTrigger>
              <MenuPopover>
                <MenuList>
                  {POLICY_STATES.map((state) => (
                    <MenuItemRadio key={state} name="state" value={state}>
                      {s.states[state]}
                    </MenuItemRadio>
                  ))}
                </MenuList>
              </MenuPopover>
            </Menu>
          )}
          {saved && canEdit && (
            <Button icon={<DeleteRegular />} onClick={onDelete}>
              {s.deletePolicy}
            </Button>
          )}
        </>
      }
    />
  );
}
