// Walks over a folder that tests look into: what a server, a backup or a restore left on disk.
import fs from 'node:fs';
import path from 'node:path';

/** Every file under a folder (links and other non-folders included), relative, with `/`
 * separators, sorted; none for a folder that does not exist. */
export function filesUnder(dir: string): string[] {
	if (!fs.existsSync(dir)) {
		return [];
	}
	return (fs.readdirSync(dir, { withFileTypes: true, recursive: true }) as fs.Dirent[])
		.filter((d) => !d.isDirectory())
		.map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
		.sort();
}

/** Every file and folder under `root` (itself included) whose mode is not owner-only. */
export function notPrivate(root: string): string[] {
	const entries = (
		fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[]
	).map((d) => path.join(d.parentPath, d.name));
	return [root, ...entries]
		.map((p) => {
			const stat = fs.lstatSync(p);
			const mode = stat.mode & 0o777;
			const want = stat.isDirectory() ? 0o700 : 0o600;
			return mode === want ? null : `${path.relative(root, p) || '.'} ${mode.toString(8)}`;
		})
		.filter((p) => p !== null);
}
