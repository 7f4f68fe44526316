import {
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Spinner,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useStrings } from '../strings';

export type DownloadFormat = 'csv' | 'json';

/** "Download" → CSV or JSON of what a list shows (its filters), as Entra's report pages offer. */
export function DownloadMenu({
  onDownload,
  busy = false,
  label,
  description,
}: {
  onDownload: (format: DownloadFormat) => void;
  /** While the file is being made: a spinner, and no second request. */
  busy?: boolean;
  /** The button's accessible name when the visible word needs context ("Download the filtered list"). */
  label?: string;
  /** What the download holds (its limits), read by screen readers. */
  description?: string;
}) {
  const t = useStrings();
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton
          icon={busy ? <Spinner size="tiny" /> : <ArrowDownloadRegular />}
          disabled={busy}
          aria-label={label}
          aria-description={description}
        >
          {busy ? t.common.downloading : t.common.download}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem onClick={() => onDownload('csv')}>{t.common.downloadCsv}</MenuItem>
          <MenuItem onClick={() => onDownload('json')}>{t.common.downloadJson}</MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
