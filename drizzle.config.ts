// drizzle-kit configuration: `npm run db:generate` writes forward-only migrations to drizzle/ from the schema.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/db/schema.ts',
  out: './drizzle',
});
