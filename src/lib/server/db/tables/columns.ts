import { integer, text } from 'drizzle-orm/sqlite-core';
import { newId } from '../../platform/ids';

// Timestamps are epoch milliseconds; calendar dates (a session's day, a photo's day) are
// ISO `YYYY-MM-DD` text because a clinic thinks in days, not instants.
export const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => newId());
export const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.$defaultFn(() => new Date());
