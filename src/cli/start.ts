// `npm start`: the production server — build if needed, migrate, serve.
import { buildIfNeeded } from './build-if-needed';
import { serve } from './server';
import { openDatabase } from '../lib/server/db/client';
import { config } from '../lib/server/config';

process.env.NODE_ENV = 'production';
buildIfNeeded();
openDatabase(config.databasePath()).$client.close();
await serve();
