// The one-box dealer search (issues 7 and 11), shared by the phone desk, the dashboards' dealer picker and
// the command palette's dealer look-up. Keyboard-first: results as you type (an answer for text the box no
// longer shows is dropped), arrows + Enter pick, Escape closes, `/` focuses it when `slashToFocus` is set.
// A screen that must not act for a suspended dealer passes `suspendedRefusal`; picking one then says why.
import { Badge, Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState, type Ref } from 'react';
import type { DealerMatch, DealerSearchRow } from '../../../shared/api/features/dealers';
import type { ApiError } from '../../../shared/api/errors';
import { toApiError, useDeskApi, usePushEvent } from '../../api/hooks';
import './dealerSearch.css';

export interface DealerSearchProps {
  /** Called with the dealer picked (Enter or click). */
  onPick: (dealer: DealerSearchRow) => void;
  /**
   * Why a suspended dealer cannot be picked on this screen, e.g. "cannot be ordered for". When set, picking
   * one shows "<name> is suspended: <reason>." instead of calling onPick. When unset, they can be picked.
   */
  suspendedRefusal?: string;
  /** `/` anywhere outside a text field focuses the box. */
  slashToFocus?: boolean;
  /** The input, for screens that focus it themselves. */
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  /** Most dealers shown at once. */
  limit?: number;
  placeholder?: string;
}

const fieldLabel: Record<DealerMatch['field'], string> = {
  code: 'Code',
  name: 'Name',
  phone: 'Phone',
  contact: 'Contact',
  gstin: 'GSTIN',
  town: 'Town',
};

/** "Phone +91 98220 12345 (Rakesh Sharma)", "Contact Meena Kulkarni, 0 93700-55501". */
export function describeMatch(match: DealerMatch): string {
  if (match.field === 'phone') return `Phone ${match.text}${match.contact ? ` (${match.contact.name})` : ''}`;
  if (match.field === 'contact') return `Contact ${match.text}${match.contact?.phone ? `, ${match.contact.phone}` : ''}`;
  return `${fieldLabel[match.field]} ${match.text}`;
}

/** Whether a key press came from somewhere typing goes (so `/` is a character there, not a shortcut). */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function DealerSearch({
  onPick,
  suspendedRefusal,
  slashToFocus = false,
  inputRef,
  autoFocus = false,
  limit = 12,
  placeholder = 'Name, code, town, GSTIN, contact or phone',
}: DealerSearchProps) {
  const api = useDeskApi();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [text, setText] = useState('');
  const [rows, setRows] = useState<DealerSearchRow[]>([]);
  const [answeredText, setAnsweredText] = useState('');
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const latestText = useRef('');
  /** Bumped when dealers change in the replica, so the open list follows (a contact added, a dealer suspended). */
  const [replicaGeneration, setReplicaGeneration] = useState(0);
  usePushEvent('replica.changed', ({ tables }) => {
    if (tables.includes('platform_accounts')) setReplicaGeneration((g) => g + 1);
  });
  const ownInput = useRef<HTMLInputElement | null>(null);

  // Results as you type: every keystroke asks; an answer is shown only if it is for the text in the box now,
  // so a slow answer for "sha" can never overwrite the answer for "shar".
  useEffect(() => {
    latestText.current = text;
    if (text.trim() === '') {
      setRows([]);
      setAnsweredText(text);
      setLoading(false);
      return;
    }
    setLoading(true);
    api
      .call('dealers.search', { text, limit })
      .then((view) => {
        // Answers can arrive out of order; only the one for the text in the box now is shown.
        if (view.text !== latestText.current) return;
        setRows(view.rows);
        setAnsweredText(view.text);
        setFailure(null);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (text !== latestText.current) return;
        setFailure(toApiError(err));
        setLoading(false);
      });
  }, [api, text, limit, replicaGeneration]);

  // With fresh results, Enter picks the first one unless the person moved the selection.
  useEffect(() => {
    if (rows.length > 0) combobox.selectFirstOption();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the rows change
  }, [rows]);

  useEffect(() => {
    if (!slashToFocus) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      ownInput.current?.focus();
      ownInput.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [slashToFocus]);

  const setRefs = (el: HTMLInputElement | null) => {
    ownInput.current = el;
    if (typeof inputRef === 'function') inputRef(el);
    else if (inputRef) inputRef.current = el;
  };

  const pick = (id: string) => {
    const dealer = rows.find((r) => r.id === id);
    if (!dealer) return;
    if (dealer.status === 'suspended' && suspendedRefusal) {
      setRefusal(`${dealer.name} (${dealer.code}) is suspended: ${suspendedRefusal}.`);
      return;
    }
    setRefusal(null);
    combobox.closeDropdown();
    onPick(dealer);
  };

  const stale = answeredText !== text;
  const showEmpty = text.trim() !== '' && !stale && !loading && rows.length === 0 && !failure;
  const options = rows.map((dealer) => {
    const refused = dealer.status === 'suspended' && !!suspendedRefusal;
    return (
      <Combobox.Option value={dealer.id} key={dealer.id} aria-label={`${dealer.name} ${dealer.code}`} className="dd-dealer-option">
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Text size="sm" fw={600} truncate c={refused ? 'dimmed' : undefined} className="dd-dealer-option-name">
            {dealer.name}
          </Text>
          <Group gap={4} wrap="nowrap">
            {dealer.status === 'suspended' && (
              <Badge size="xs" color="red" variant="light">
                Suspended
              </Badge>
            )}
            <Badge size="xs" variant="default">
              {dealer.tier}
            </Badge>
          </Group>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" ff="monospace">
            {dealer.code}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {dealer.town ?? dealer.region}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" truncate>
          {describeMatch(dealer.matched)}
          {refused ? ` · ${suspendedRefusal}` : ''}
        </Text>
      </Combobox.Option>
    );
  });

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={pick}
      // In a portal, so a modal or a narrow panel never clips the list.
      withinPortal
      zIndex={400}
      position="bottom-start"
      offset={2}
      styles={{ dropdown: { minWidth: 420 } }}
    >
      <Combobox.Target>
        <TextInput
          ref={setRefs}
          label="Dealer"
          placeholder={placeholder}
          value={text}
          autoFocus={autoFocus}
          // Inside a Mantine Modal the focus trap focuses the element marked data-autofocus.
          data-autofocus={autoFocus || undefined}
          autoComplete="off"
          spellCheck={false}
          leftSection={<IconSearch size={16} stroke={1.5} />}
          rightSection={
            loading ? (
              <Loader size={14} />
            ) : slashToFocus ? (
              <Text size="xs" c="dimmed">
                /
              </Text>
            ) : null
          }
          error={refusal ?? failure?.message ?? undefined}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setRefusal(null);
            combobox.resetSelectedOption();
            combobox.openDropdown();
          }}
          onClick={() => combobox.openDropdown()}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={text.trim() === ''}>
        <Combobox.Options aria-label="Dealers found" mah={420} style={{ overflowY: 'auto' }}>
          {options}
          {showEmpty && <Combobox.Empty>No dealer matches “{text.trim()}”</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
