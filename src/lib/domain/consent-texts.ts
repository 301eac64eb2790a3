import type { ConsentScope } from './consent';

/**
 * The wording a patient agrees to, by version. A consent row stores the version it was signed
 * under; a new wording gets a new version and the old ones stay here, so history stays readable.
 */
export const CONSENT_TEXTS: Record<ConsentScope, { version: string; text: string }> = {
	treatment: {
		version: 'treatment-2026-01',
		text:
			'I agree to collagen induction therapy (microneedling) as explained to me, including its ' +
			'expected redness, swelling and flaking for some days, and the rare risks of infection, ' +
			'pigment change and scarring. I have told the clinic about my medicines, skin conditions, ' +
			'pregnancy and recent isotretinoin use. I may stop the course at any time.'
	},
	photos_private: {
		version: 'photos-private-2026-01',
		text:
			'I agree that the clinic takes standardized photos of the treated areas before, during and ' +
			'after my course, keeps them in my private clinical record, and shows them to me in my own ' +
			'timeline. Only clinic staff involved in my care can see them. I may withdraw this consent ' +
			'at any time; photos already taken stay in my record.'
	},
	gallery_public: {
		version: 'gallery-public-2026-01',
		text:
			'I agree that the clinic may publish a before and after comparison of my treated skin in ' +
			'its public online gallery, cropped and with my eyes covered or blurred so that I cannot ' +
			'easily be recognised, without my name. I may withdraw this consent at any time, and the ' +
			'clinic will take the comparison down at once.'
	},
	social_media: {
		version: 'social-media-2026-12',
		text:
			'I agree that the clinic may post a before and after image of my treated skin on its ' +
			'social media accounts (for example Instagram or Facebook), de-identified as in its ' +
			'gallery and without my name. Posts can be shared by others beyond the clinic’s control. ' +
			'I may withdraw this consent at any time; the clinic will then remove its own posts and ' +
			'make no new ones.'
	}
};
