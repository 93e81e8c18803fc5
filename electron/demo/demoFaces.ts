import sharp from 'sharp';

/**
 * A drawn face for the demo clinic, the screenshots and the benchmark: an oval face with brows, eyes, nose and
 * mouth, the pupils at `eyes` (pixels), turned by `tilt` degrees about their midpoint.
 * `frown` draws the lines between the brows that toxin treats; the "after" photo has none.
 */
export async function drawnFace(
  w: number,
  h: number,
  opts: { eyes: [{ x: number; y: number }, { x: number; y: number }]; frown?: boolean; tone?: string; takenOn?: string },
): Promise<Buffer> {
  const [l, r] = opts.eyes;
  const cx = (l.x + r.x) / 2;
  const cy = (l.y + r.y) / 2;
  const d = Math.hypot(r.x - l.x, r.y - l.y);
  const tilt = (Math.atan2(r.y - l.y, r.x - l.x) * 180) / Math.PI;
  const u = d / 2; // half the distance between the pupils: the drawing's unit
  const lines = opts.frown
    ? `<path d="M ${-0.12 * u} ${-0.55 * u} q ${-0.05 * u} ${0.25 * u} 0 ${0.45 * u} M ${0.12 * u} ${-0.55 * u} q ${0.05 * u} ${0.25 * u} 0 ${0.45 * u}" stroke="#9c6b55" stroke-width="${0.04 * u}" fill="none"/>`
    : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><radialGradient id="bg" cx="50%" cy="40%" r="70%"><stop offset="0" stop-color="#5f7382"/><stop offset="1" stop-color="#2b3640"/></radialGradient></defs>
    <rect width="100%" height="100%" fill="url(#bg)"/>
    <g transform="translate(${cx} ${cy}) rotate(${tilt})">
      <ellipse cx="0" cy="${0.9 * u}" rx="${2.1 * u}" ry="${2.9 * u}" fill="${opts.tone ?? '#e6bfa3'}"/>
      <path d="M ${-1.4 * u} ${-0.45 * u} q ${0.4 * u} ${-0.3 * u} ${0.95 * u} ${-0.05 * u} M ${1.4 * u} ${-0.45 * u} q ${-0.4 * u} ${-0.3 * u} ${-0.95 * u} ${-0.05 * u}" stroke="#6b4a3a" stroke-width="${0.12 * u}" fill="none" stroke-linecap="round"/>
      ${lines}
      <ellipse cx="${-u}" cy="0" rx="${0.42 * u}" ry="${0.2 * u}" fill="#fff"/>
      <ellipse cx="${u}" cy="0" rx="${0.42 * u}" ry="${0.2 * u}" fill="#fff"/>
      <circle cx="${-u}" cy="0" r="${0.15 * u}" fill="#3a2a20"/>
      <circle cx="${u}" cy="0" r="${0.15 * u}" fill="#3a2a20"/>
      <path d="M 0 ${0.2 * u} l ${-0.25 * u} ${1.05 * u} q ${0.25 * u} ${0.15 * u} ${0.5 * u} 0" stroke="#b98a70" stroke-width="${0.06 * u}" fill="none"/>
      <path d="M ${-0.6 * u} ${1.9 * u} q ${0.6 * u} ${0.35 * u} ${1.2 * u} 0" stroke="#a4574f" stroke-width="${0.12 * u}" fill="none" stroke-linecap="round"/>
    </g>
  </svg>`;
  const takenOn = opts.takenOn ?? '2026:03:14 10:00:00';
  return sharp(Buffer.from(svg))
    .withExif({
      IFD0: { Make: 'Clinic camera', DateTime: takenOn },
      IFD2: { DateTimeOriginal: takenOn },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 35/1 0/1' },
    })
    .jpeg({ quality: 90 })
    .toBuffer();
}
