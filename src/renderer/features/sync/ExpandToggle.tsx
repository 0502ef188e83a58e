// The chevron that opens a row's details in the Sync screen's tables (outbox, quarantine).
import { ActionIcon } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';

export function ExpandToggle({ open, onToggle, label }: { open: boolean; onToggle: () => void; label: string }) {
  return (
    <ActionIcon variant="subtle" color="gray" size="sm" onClick={onToggle} aria-expanded={open} aria-label={label}>
      {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
    </ActionIcon>
  );
}
