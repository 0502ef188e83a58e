// "Find a dealer" from the command palette: the dealer search in a modal, and the picked dealer's
// identity (code, GSTIN, phone, town, tier, status, what matched) for a clerk who needs to know who is
// calling or which code to quote. Screens that act for a dealer (phone desk, dashboards) embed
// DealerSearch themselves.
import { Badge, Button, CopyButton, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { DealerSearchRow } from '../../../shared/api/features/dealers';
import { DealerSearch, describeMatch } from './DealerSearch';

function Fact({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ff={label === 'Code' || label === 'GSTIN' ? 'monospace' : undefined}>
        {value ?? '—'}
      </Text>
    </div>
  );
}

export function DealerLookup({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [dealer, setDealer] = useState<DealerSearchRow | null>(null);
  return (
    <Modal
      opened={opened}
      onClose={() => {
        setDealer(null);
        onClose();
      }}
      title="Find a dealer"
      size="lg"
      // Escape first closes the result list; a second Escape closes the look-up.
      closeOnEscape
    >
      <Stack gap="md">
        <DealerSearch onPick={setDealer} autoFocus />
        {dealer && (
          <section aria-label="Dealer found">
            <Group justify="space-between" mb="xs">
              <Text fw={600}>{dealer.name}</Text>
              <Group gap={4}>
                {dealer.status === 'suspended' ? (
                  <Badge color="red" variant="light">
                    Suspended
                  </Badge>
                ) : (
                  <Badge color="teal" variant="light">
                    Active
                  </Badge>
                )}
                <Badge variant="default">{dealer.tier}</Badge>
              </Group>
            </Group>
            <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
              <Fact label="Code" value={dealer.code} />
              <Fact label="GSTIN" value={dealer.taxId} />
              <Fact label="Phone" value={dealer.phone} />
              <Fact label="Town" value={dealer.town} />
              <Fact label="Region" value={dealer.region} />
              <Fact label="Matched" value={describeMatch(dealer.matched)} />
            </SimpleGrid>
            <Group mt="sm" gap="xs">
              <CopyButton value={dealer.code}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? 'Code copied' : 'Copy code'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </section>
        )}
      </Stack>
    </Modal>
  );
}
