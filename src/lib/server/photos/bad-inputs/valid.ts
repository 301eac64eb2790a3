import { HTML_PAGE, zipFile } from '../test-files';
import { base, good, H, scene, W, type Case } from './corpus';
import {
	exifLoopPayload,
	exifPayload,
	jpegSegment,
	junkIccPayload,
	withJpegSegments
} from './jpeg-bytes';
import { pngChunk, withPngChunks } from './png-bytes';
import { PHP_SHELL } from './other-bytes';

// Odd but real photos (CMYK, 16-bit, metadata-heavy, polyglots, lying names and MIME types):
// accepted, and served only as fresh sRGB 8-bit images that carry none of the oddity.

const PHP = '<?php';
export const validCases: Case[] = [
	{
		name: 'jpeg-cmyk',
		what: 'a CMYK JPEG (print workflows export these)',
		bytes: () => scene(W, H).toColourspace('cmyk').jpeg().toBuffer(),
		expected: good('image/jpeg')
	},
	{
		name: 'png-16-bit',
		what: 'a 16-bit RGB PNG',
		bytes: () => scene(W, H).toColourspace('rgb16').png().toBuffer(),
		expected: good('image/png')
	},
	{
		name: 'png-16-bit-alpha',
		what: 'a 16-bit RGBA PNG',
		bytes: () => scene(W, H).ensureAlpha(0.5).toColourspace('rgb16').png().toBuffer(),
		expected: good('image/png')
	},
	{
		name: 'jpeg-huge-exif',
		what: 'a JPEG with a 65 KB EXIF block (a GPS position included)',
		bytes: async () =>
			withJpegSegments(await base.jpeg(), [jpegSegment(0xe1, exifPayload(65_000))]),
		expected: good('image/jpeg', ['Exif', 'AAAAAAAAAAAAAAAA'])
	},
	{
		name: 'jpeg-many-app-segments',
		what: 'a JPEG with 16 APP segments of 64 KB (EXIF, XMP, Photoshop, junk)',
		bytes: async () => {
			const junk = (tag: string) => Buffer.concat([Buffer.from(tag), Buffer.alloc(65_000, 0x42)]);
			const xmp = Buffer.from(
				'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/">' +
					'<rdf:RDF><rdf:Description GPSLatitude="52,22.2N"/></rdf:RDF></x:xmpmeta>'
			);
			const segments = [
				jpegSegment(0xe1, exifPayload(60_000)),
				jpegSegment(0xe1, xmp),
				jpegSegment(0xed, junk('Photoshop 3.0\0')),
				...Array.from({ length: 13 }, (_, i) => jpegSegment(0xe3 + (i % 10), junk(`JUNK${i}\0`)))
			];
			return withJpegSegments(await base.jpeg(), segments);
		},
		expected: good('image/jpeg', ['Exif', 'ns.adobe.com/xap', 'Photoshop 3.0', 'BBBBBBBBBBBBBBBB'])
	},
	{
		name: 'jpeg-exif-loop',
		what: 'a JPEG whose EXIF IFD points back at itself',
		bytes: async () => withJpegSegments(await base.jpeg(), [jpegSegment(0xe1, exifLoopPayload())]),
		// Orientation 6 in the looping IFD still turns the photo upright.
		expected: { ...good('image/jpeg', ['Exif']), width: H, height: W }
	},
	{
		name: 'jpeg-junk-icc',
		what: 'a JPEG with an ICC profile of noise claiming two billion tags',
		bytes: async () => withJpegSegments(await base.jpeg(), [jpegSegment(0xe2, junkIccPayload())]),
		expected: good('image/jpeg', ['ICC_PROFILE', 'acsp'])
	},
	{
		name: 'jpeg-plus-zip',
		what: 'a JPEG with a ZIP archive appended (a polyglot)',
		bytes: async () => Buffer.concat([await base.jpeg(), zipFile()]),
		expected: good('image/jpeg', ['PK\x03\x04', 'PK\x05\x06'])
	},
	{
		name: 'jpeg-trailing-php-html',
		what: 'a JPEG with a PHP shell and an HTML page after its end marker',
		fileName: 'photo.php.jpg',
		bytes: async () => Buffer.concat([await base.jpeg(), PHP_SHELL, HTML_PAGE]),
		expected: good('image/jpeg', [PHP, '<script'])
	},
	{
		name: 'jpeg-comment-php',
		what: 'a JPEG with a PHP shell in a comment segment',
		bytes: async () => withJpegSegments(await base.jpeg(), [jpegSegment(0xfe, PHP_SHELL)]),
		expected: good('image/jpeg', [PHP])
	},
	{
		name: 'png-script-chunk',
		what: 'a PNG with a script in a text chunk',
		bytes: async () =>
			withPngChunks(await base.png(), [
				pngChunk('tEXt', Buffer.from('Comment\0<script>alert(document.cookie)</script>'))
			]),
		expected: good('image/png', ['<script'])
	},
	{
		name: 'png-sent-as-jpeg',
		what: 'a PNG named .jpg and sent as image/jpeg',
		bytes: base.png,
		expected: good('image/png')
	},
	{
		name: 'jpeg-sent-as-html',
		what: 'a JPEG named .html and sent as text/html',
		fileName: 'page.html',
		mime: 'text/html',
		bytes: base.jpeg,
		expected: good('image/jpeg')
	}
];

const named = (name: string, what: string, fileName: string, more: Partial<Case> = {}): Case => ({
	name,
	what: `a good JPEG named with ${what}`,
	fileName,
	bytes: base.jpeg,
	expected: good('image/jpeg'),
	...more
});

/** Good photos under names meant to traverse, spoof an extension, inject markup or headers. */
export const nameCases: Case[] = [
	named('name-path-traversal', 'a path up two folders', '../../x.jpg', { echo: 'x.jpg' }),
	named('name-windows-path', 'a Windows path', '..\\..\\Windows\\win.ini.jpg', {
		echo: 'win.ini.jpg'
	}),
	named('name-percent-null', 'an encoded NUL before .php', 'a.jpg%00.php'),
	named('name-300-chars', '300 characters', `${'p'.repeat(296)}.jpg`, {
		echo: 'p'.repeat(120)
	}),
	named(
		'name-rtl-override',
		'a right-to-left override (shows as “photoexe.jpg”)',
		'photo\u202Egpj.exe'
	),
	named(
		'name-markup',
		'quotes and a script tag',
		`"'><img src=x onerror=alert(1)><script>alert(1)</script>.jpg`,
		{ echo: 'script>.jpg' }
	),
	named(
		'name-newlines',
		'line breaks and a fake header',
		'a\r\nContent-Type: text/html\r\n\r\n<h1>x</h1>.jpg',
		{
			echo: 'h1>.jpg'
		}
	),
	named('name-unicode', 'accents, an emoji and a combining mark', 'Zoë 😀 ré\u0301sumé.jpg'),
	named('name-null-byte', 'a NUL byte before .php, sent raw', 'a.jpg\u0000.php', {
		rawName: true,
		// a NUL may not appear in a MIME header: the whole request is malformed
		expected: { status: 400, message: /^The upload was cut off or malformed; try again\.$/ }
	}),
	named(
		'name-raw-crlf',
		'raw line breaks that try to add a part header',
		'a.jpg"\r\nContent-Type: text/html\r\nX: "',
		// the quote ends the name; the injected headers are ones the server ignores
		{ rawName: true, echo: 'a.jpg' }
	)
];
