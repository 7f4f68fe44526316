import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';
import { useCallback, useState } from 'react';
import { format, useStrings } from '../strings';

/** The `$skiptoken` of a Graph `@odata.nextLink`, for the next page's request. */
export function skipTokenOf(nextLink: string | undefined | null): string | undefined {
  if (!nextLink) return undefined;
  return new URL(nextLink).searchParams.get('$skiptoken') ?? undefined;
}

/**
 * Graph-style paging: the skip tokens of the pages before this one. `reset()` when the filters
 * change; `skipToken` goes into the list's query.
 */
export function useSkipTokenPages() {
  const [tokens_, setTokens] = useState<(string | undefined)[]>([]);
  const reset = useCallback(() => setTokens([]), []);
  return {
    skipToken: tokens_.at(-1),
    page: tokens_.length + 1,
    hasPrevious: tokens_.length > 0,
    previous: () => setTokens((list) => list.slice(0, -1)),
    next: (token: string) => setTokens((list) => [...list, token]),
    reset,
  };
}

const useStyles = makeStyles({
  pager: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalM,
  },
});

/** Previous / page n / next under a list; nothing when everything fits on one page. */
export function Pager({
  label,
  pages,
  nextLink,
}: {
  label: string;
  pages: ReturnType<typeof useSkipTokenPages>;
  nextLink: string | undefined | null;
}) {
  const t = useStrings();
  const styles = useStyles();
  const next = skipTokenOf(nextLink);
  if (!pages.hasPrevious && !next) return null;
  return (
    <nav className={styles.pager} aria-label={label}>
      <Button icon={<ChevronLeftRegular />} disabled={!pages.hasPrevious} onClick={pages.previous}>
        {t.common.previous}
      </Button>
      <Text aria-live="polite">{format(t.common.page, { page: pages.page })}</Text>
      <Button
        icon={<ChevronRightRegular />}
        iconPosition="after"
        disabled={!next}
        onClick={() => next && pages.next(next)}
      >
        {t.common.next}
      </Button>
    </nav>
  );
}
