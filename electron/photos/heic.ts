// libheif-js ships no type declarations; this is the part of its API we use.
interface HeifImage {
  get_width(): number;
  get_height(): number;
  display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void;
  free(): void;
}
interface LibHeif {
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] };
}

let libheif: LibHeif | null = null;

/**
 * Decodes an HEIC (HEVC-coded) image to RGBA pixels with libheif compiled to WebAssembly.
 * sharp's prebuilt libvips reads HEIF containers but carries no HEVC decoder (a patent
 * matter), which is what iPhones write. libheif applies the file's own rotation and
 * mirroring while decoding, so the pixels come out the right way up.
 */
export function decodeHeic(bytes: Buffer): Promise<{ pixels: Buffer; width: number; height: number }> {
  // Loaded on first use: the WebAssembly module is large and most imports are JPEGs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS package without types, loaded lazily
  libheif ??= require('libheif-js/wasm-bundle') as LibHeif;
  const images = new libheif.HeifDecoder().decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  const image = images[0];
  if (!image) return Promise.reject(new Error('no image in the HEIC file'));
  const width = image.get_width();
  const height = image.get_height();
  const data = new Uint8ClampedArray(width * height * 4);
  return new Promise((resolve, reject) => {
    image.display({ data, width, height }, (result) => {
      for (const i of images) i.free();
      if (!result) reject(new Error('the HEIC image could not be decoded'));
      else resolve({ pixels: Buffer.from(data.buffer, data.byteOffset, data.byteLength), width, height });
    });
  });
}
