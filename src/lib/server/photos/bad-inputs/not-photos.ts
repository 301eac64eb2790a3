import sharp from 'sharp';
import { HTML_PAGE, SVG_WITH_SCRIPT, zipFile } from '../test-files';
import { frames, NOT_A_PHOTO, scene, type Case } from './corpus';
import {
	bmpFile,
	elfFile,
	exeFile,
	multiChannelTiff,
	PDF_FILE,
	PHP_SHELL,
	psdFile
} from './other-bytes';

// Files that are not photos in a format we take, whatever their name says: refused by their
// magic bytes with 415, before any decoder sees them.

export const notPhotoCases: Case[] = [
	{
		name: 'svg-with-script',
		what: 'an SVG that runs a script, named .jpg',
		bytes: async () => SVG_WITH_SCRIPT,
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'svg-with-xxe',
		what: 'an SVG with an external entity reading /etc/passwd, sent as image/svg+xml',
		fileName: 'logo.svg',
		mime: 'image/svg+xml',
		bytes: async () =>
			Buffer.from(
				'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
					'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><text>&xxe;</text></svg>'
			),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'html-renamed-jpg',
		what: 'an HTML page with a script, named .jpg',
		bytes: async () => HTML_PAGE,
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'php-renamed-jpg',
		what: 'a PHP web shell named .jpg',
		bytes: async () => PHP_SHELL,
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'zip-renamed-jpg',
		what: 'a ZIP archive named .jpg',
		bytes: async () => zipFile(),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'pdf-renamed-jpg',
		what: 'a PDF with an OpenAction script, named .jpg',
		bytes: async () => PDF_FILE,
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'elf-renamed-jpg',
		what: 'a Linux executable (ELF) named .jpg',
		bytes: async () => elfFile(),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'exe-renamed-jpg',
		what: 'a Windows executable (PE) named .jpg',
		bytes: async () => exeFile(),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'gif-still',
		what: 'a still GIF',
		fileName: 'photo.gif',
		mime: 'image/gif',
		bytes: () => scene(300, 300).gif().toBuffer(),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'gif-animated',
		what: 'an animated GIF of three frames',
		bytes: async () =>
			sharp(await frames(3), { join: { animated: true } })
				.gif({ loop: 0 })
				.toBuffer(),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'bmp',
		what: 'a Windows bitmap',
		bytes: async () => bmpFile(300, 300),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'tiff-6-channels',
		what: 'a TIFF with 6 samples a pixel',
		bytes: async () => multiChannelTiff(300, 300, 6),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'psd-7-channels',
		what: 'a Photoshop document with 7 channels',
		bytes: async () => psdFile(300, 300, 7),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'gifar',
		what: 'a GIF with a Java archive appended (GIFAR)',
		bytes: async () => Buffer.concat([await scene(300, 300).gif().toBuffer(), zipFile()]),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'gif89a-php',
		what: 'a PHP shell behind a GIF89a signature',
		bytes: async () => Buffer.concat([Buffer.from('GIF89a;'), PHP_SHELL]),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'one-byte',
		what: 'a single byte',
		bytes: async () => Buffer.from([0xff]),
		expected: { status: 415, message: NOT_A_PHOTO }
	},
	{
		name: 'zero-bytes',
		what: 'an empty file',
		bytes: async () => Buffer.alloc(0),
		expected: { status: 422, message: /^The file is empty\.$/ }
	}
];
