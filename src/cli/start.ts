// `npm start`: the production server — build if needed, migrate, serve.
import { buildIfNeeded } from './build-if-needed';
import { serve } from './server';
import { openDatabase } from '../lib/server/db/client';
import { config } from '../lib/server/platform/config';
import { restrictUmask } from '../lib/server/storage/private-files';

process.env.NODE_ENV = 'production';
buildIfNeeded();
// after the build: its files are served, and may be served by a proxy running as another user
restrictUmask();
openDatabase(config.databasePath()).$client.close();
await serve();
