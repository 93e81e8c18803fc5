/**
 * A one-page PDF holding one JPEG, fitted on an A4 page (turned to suit the picture).
 * Written by hand so the file holds exactly the picture: no info dictionary, no XMP,
 * no producer, no dates. The JPEG goes in unchanged (DCTDecode).
 */
export function imagePdf(jpeg: Buffer, width: number, height: number): Buffer {
  const landscape = width > height;
  const pageW = landscape ? 842 : 595;
  const pageH = landscape ? 595 : 842;
  const margin = 28;
  const scale = Math.min((pageW - 2 * margin) / width, (pageH - 2 * margin) / height);
  const w = width * scale;
  const h = height * scale;
  const x = (pageW - w) / 2;
  const y = (pageH - h) / 2;
  const n = (v: number) => v.toFixed(2);
  const content = `q ${n(w)} 0 0 ${n(h)} ${n(x)} ${n(y)} cm /Im1 Do Q\n`;

  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    length += buf.length;
  };
  const object = (num: number, body: Buffer | string, stream?: Buffer) => {
    offsets[num] = length;
    push(`${num} 0 obj\n`);
    push(body);
    if (stream) {
      push('\nstream\n');
      push(stream);
      push('\nendstream');
    }
    push('\nendobj\n');
  };

  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(
    3,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageW} ${pageH}] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>`,
  );
  object(
    4,
    `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>`,
    jpeg,
  );
  object(5, `<< /Length ${Buffer.byteLength(content, 'latin1')} >>`, Buffer.from(content, 'latin1'));
  const xref = length;
  push(`xref\n0 6\n0000000000 65535 f \n`);
  for (let i = 1; i <= 5; i++) push(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
