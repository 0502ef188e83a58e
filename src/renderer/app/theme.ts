// The desk's Mantine theme: dense but calm (small default sizes, restrained colour) for all-day use.
import { createTheme } from '@mantine/core';

export const deskTheme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
  headings: { sizes: { h2: { fontSize: '1.25rem', lineHeight: '1.4' } } },
  components: {
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    PasswordInput: { defaultProps: { size: 'sm' } },
  },
});
