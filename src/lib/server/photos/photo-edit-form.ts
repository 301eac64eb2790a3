import { isPhotoView, type PhotoView } from '../../domain/views';

// The patient page's "edit photo" form, read into what edit.ts writes.

export type PhotoRole = 'before' | 'after' | null;

export interface PhotoEdit {
	view: PhotoView;
	role: PhotoRole;
}

export function parsePhotoEdit(data: FormData): PhotoEdit | null {
	const view = String(data.get('view') ?? '');
	const role = String(data.get('role') ?? '');
	if (!isPhotoView(view) || !['', 'before', 'after'].includes(role)) {
		return null;
	}
	return { view, role: (role || null) as PhotoRole };
}
