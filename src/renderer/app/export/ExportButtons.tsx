// "Export CSV" / "Export XLSX" for any table or view: the screen gives the columns and a source that pages
// through the backend as the table is filtered and sorted; this shows progress (rows done of the total, or
// "writing the file"), lets the person cancel, and hands the file over as a download (the save dialog in
// the Electron shell). The file is built in a worker, so the screen stays responsive throughout.
import { Button, Group, Progress, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileSpreadsheet, IconFileTypeCsv } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { ExportColumn, ExportFormat, ExportSource } from './columns';
import { ExportCancelled, exportFileName, runExport, saveFile, type ExportProgress } from './runExport';

export interface ExportButtonsProps<Row> {
  /** What is exported, for the file name and the sheet, e.g. "Outbox pending". */
  title: string;
  columns: readonly ExportColumn<Row>[];
  /** Called when a button is pressed: the rows as the table shows them now, and their total if known. */
  source: () => Promise<ExportSource<Row>> | ExportSource<Row>;
  disabled?: boolean;
}

const fmt = new Intl.NumberFormat();

function progressText(p: ExportProgress): string {
  if (p.phase === 'writing') return `Writing the file (${fmt.format(p.rows)} rows)…`;
  return p.total === null ? `${fmt.format(p.rows)} rows` : `${fmt.format(p.rows)} / ${fmt.format(p.total)} rows`;
}

export function ExportButtons<Row>({ title, columns, source, disabled = false }: ExportButtonsProps<Row>) {
  const [running, setRunning] = useState<{ format: ExportFormat; progress: ExportProgress } | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function start(format: ExportFormat) {
    const controller = new AbortController();
    abort.current = controller;
    setRunning({ format, progress: { phase: 'reading', rows: 0, total: null } });
    try {
      const blob = await runExport({
        format,
        columns,
        source: await source(),
        sheetName: title,
        signal: controller.signal,
        onProgress: (progress) => setRunning({ format, progress }),
      });
      const fileName = exportFileName(title, format);
      saveFile(blob, fileName);
      notifications.show({ message: `${fileName} is ready.`, color: 'teal' });
    } catch (error) {
      if (!(error instanceof ExportCancelled)) {
        notifications.show({
          title: `${title} was not exported`,
          message: error instanceof Error ? error.message : String(error),
          color: 'red',
        });
      }
    } finally {
      abort.current = null;
      setRunning(null);
    }
  }

  if (running) {
    const { progress } = running;
    const value = progress.phase === 'writing' ? 100 : progress.total ? (progress.rows / progress.total) * 100 : 0;
    return (
      <Group gap="xs" wrap="nowrap" miw={320}>
        <Progress
          value={value}
          animated={progress.phase === 'writing' || progress.total === null}
          striped={progress.phase === 'writing'}
          size="lg"
          w={160}
          aria-label={`Exporting ${running.format.toUpperCase()}`}
          aria-valuetext={progressText(progress)}
        />
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="export-progress">
          {progressText(progress)}
        </Text>
        <Button size="compact-xs" variant="default" onClick={() => abort.current?.abort()}>
          Cancel export
        </Button>
      </Group>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Button
        size="compact-xs"
        variant="default"
        leftSection={<IconFileTypeCsv size={14} />}
        onClick={() => void start('csv')}
        disabled={disabled}
      >
        Export CSV
      </Button>
      <Button
        size="compact-xs"
        variant="default"
        leftSection={<IconFileSpreadsheet size={14} />}
        onClick={() => void start('xlsx')}
        disabled={disabled}
      >
        Export XLSX
      </Button>
    </Group>
  );
}
