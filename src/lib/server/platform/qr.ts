import QRCode from 'qrcode';

/** An inline SVG QR code, so the front desk can show a link for the patient's phone to scan. */
export function qrSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
